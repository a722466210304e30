import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module, in dependency order. Each has ``load(ctx, stdout=...)`` and is idempotent.
DEMO_MODULES = ["workgroups.demo", "concepts.demo", "concepts.rounds.demo", "pilots.demo", "analytics.demo"]


class Command(BaseCommand):
    help = "Load the demo data set (idempotent): municipalities, users with password demo-heslo-2026, and each app's data."

    def handle(self, *args, **options):
        from portal import demo

        with transaction.atomic():
            ctx = demo.load(stdout=self.stdout)
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.load(ctx, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Password for all demo users: demo-heslo-2026"))
