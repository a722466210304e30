"""Apps register their navigation, home-page hooks and demo data (portal/registry.py); portal names none."""

from pathlib import Path

from portal import registry


def test_it_holds_what_each_app_registered_in_dependency_order():
    assert [m.__name__ for m in registry.demo_modules()] == [
        "workgroups.demo", "concepts.demo", "concepts.rounds.demo", "pilots.demo", "analytics.demo"]
    assert [m.__name__ for m in registry.hook_modules()] == [
        "workgroups.hooks", "concepts.hooks", "concepts.rounds.hooks", "pilots.hooks", "analytics.hooks"]
    assert [s.url_name for s in registry.nav_sections()] == [
        "workgroups:group_list", "concepts:concept_list", "rounds:round_list", "pilots:programme_list",
        "analytics:municipality_dashboard"]


def test_it_registers_a_module_once():
    registry.register(hooks="workgroups.hooks", demo="workgroups.demo")
    assert [m.__name__ for m in registry.hook_modules()].count("workgroups.hooks") == 1


def test_it_keeps_app_names_out_of_the_portals_hooks_and_demo_loader():
    portal = Path(registry.__file__).parent
    for path in [portal / "hooks.py", portal / "context_processors.py", portal / "management/commands/load_demo.py"]:
        text = path.read_text()
        assert not any(f'"{app}' in text for app in ("workgroups", "concepts", "pilots")), path
