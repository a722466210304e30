"""Anonymise households whose retention period has ended.

Run daily (beat) or by hand. A household is due when it left its last programme (or was
refused) more than ``Programme.retention_years`` ago (default 5 years, see
``pilots.models.DEFAULT_RETENTION_YEARS``). Safe to run again: anonymised households are skipped.
"""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from pilots.services import household_anonymise, households_due_for_anonymisation


class Command(BaseCommand):
    help = "Remove identifying data of households whose retention period has ended; keep the figures."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Reference date YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="Only list the households that are due")

    def handle(self, *args, today=None, dry_run=False, **options):
        due = households_due_for_anonymisation(parse_date(today) if today else None)
        for household in due:
            if not dry_run:
                household_anonymise(household=household)
            self.stdout.write(f"{'due' if dry_run else 'anonymised'}: {household.code}")
        self.stdout.write(self.style.SUCCESS(f"{len(due)} household(s) {'due' if dry_run else 'anonymised'}"))
