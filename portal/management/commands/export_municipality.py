from django.core.management.base import BaseCommand, CommandError

from portal.backup import export_municipality
from portal.models import Municipality


class Command(BaseCommand):
    help = "Export one municipality's complete data (rows and files) to a tar archive."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the municipality's slug, e.g. ostrava")
        parser.add_argument("archive", help="path of the archive to write, e.g. ostrava.tar")

    def handle(self, *args, slug, archive, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(f"no municipality with the slug {slug!r}")
        manifest = export_municipality(municipality, archive)
        rows = sum(manifest["models"].values())
        self.stdout.write(self.style.SUCCESS(
            f"{municipality.name}: {rows} rows of {len(manifest['models'])} models and {len(manifest['files'])} files → {archive}"
        ))
