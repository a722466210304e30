from django.core.management.base import BaseCommand
from django.db import transaction

from portal.registry import demo_modules


class Command(BaseCommand):
    help = "Load the demo data set (idempotent): municipalities, users with password demo-heslo-2026, and each app's data."

    def handle(self, *args, **options):
        from portal import demo

        with transaction.atomic():
            ctx = demo.load(stdout=self.stdout)
            # Each app's demo module, as the apps registered them (portal/registry.py), in dependency order.
            for module in demo_modules():
                module.load(ctx, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Password for all demo users: demo-heslo-2026"))
