"""What each app contributes to the portal: its section in the navigation, its home-page hooks and
its demo data.

``portal`` sits at the bottom of the import order and names no app above it. Each app registers
its modules in its ``AppConfig.ready()``::

    registry.register(hooks="concepts.hooks", demo="concepts.demo",
                      nav=NavSection(_("Concept"), "concepts:concept_list", ("concepts.view_concept",)))

Apps are ready in ``INSTALLED_APPS`` order, which is also the order the demo data needs (the
groups before the concept, the concept before its rounds …). A hooks module may define
``attention(user, municipality)`` and ``overview_card(user, municipality)`` (see portal/hooks.py);
a demo module defines ``load(ctx, stdout=...)`` and is idempotent.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple


class NavSection(NamedTuple):
    """A section of the municipality navigation: shown to whoever holds any of ``permissions`` there."""

    label: str
    url_name: str  # takes the municipality's slug
    permissions: tuple[str, ...]


_hooks: list[str] = []
_demos: list[str] = []
_public_home: list[str] = []
_providers: dict[str, str] = {}
_nav: list[NavSection] = []


def register(
    *, hooks: str | None = None, demo: str | None = None, nav: NavSection | None = None,
    public_home: str | None = None, providers: dict[str, str] | None = None,
) -> None:
    """Register an app's hooks and demo modules (dotted names, imported when first used), its
    navigation section, the view that answers ``/`` for an anonymous visitor (the public
    consultations), and the modules it provides to apps below it (``providers``: port → module)."""
    if hooks and hooks not in _hooks:
        _hooks.append(hooks)
    if demo and demo not in _demos:
        _demos.append(demo)
    if nav and nav not in _nav:
        _nav.append(nav)
    if public_home:
        _public_home[:] = [public_home]
    _providers.update(providers or {})


def nav_sections() -> list[NavSection]:
    return list(_nav)


def public_home_view():
    """The view registered for anonymous visitors of ``/``, or None."""
    if not _public_home:
        return None
    module, _, name = _public_home[0].rpartition(".")
    return getattr(importlib.import_module(module), name)


def hook_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in _hooks]


def demo_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in _demos]


def provider(port: str) -> ModuleType:
    """The module an app above registered for ``port``. An app lower in the import order uses it
    where it needs a service from above: concepts asks for "measure_indicators", which analytics
    provides (a measure's output indicators are indicators of the analytics framework)."""
    try:
        return importlib.import_module(_providers[port])
    except KeyError:
        raise LookupError(f"no app provides {port!r}: is the app that registers it installed?") from None
