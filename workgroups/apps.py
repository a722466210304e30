from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "workgroups"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="workgroups.hooks", demo="workgroups.demo")
