from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="workgroups.hooks", demo="workgroups.demo", nav=registry.NavSection(
            _("Groups"), "workgroups:group_list", ("workgroups.view_all_groups", "workgroups.view_own_groups")))
