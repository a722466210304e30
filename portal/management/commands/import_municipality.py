from django.core.management.base import BaseCommand, CommandError

from portal.backup import NotEmpty, import_archive


class Command(BaseCommand):
    help = "Import an archive written by export_municipality into an empty (migrated) database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the archive, e.g. ostrava.tar")

    def handle(self, *args, archive, **options):
        try:
            manifest = import_archive(archive)
        except NotEmpty as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["models"].values())
        self.stdout.write(self.style.SUCCESS(
            f"{manifest['municipality']}: {rows} rows and {len(manifest['files'])} files imported"
        ))
