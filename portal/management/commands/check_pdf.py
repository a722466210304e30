from django.core.management.base import BaseCommand

from portal.pdf import INSTALL_HINT, pdf_support


class Command(BaseCommand):
    help = "Say whether PDF export works here, and how to make it work if not."

    def handle(self, *args, **options):
        ok, reason = pdf_support()
        if ok:
            self.stdout.write("PDF export: available (WeasyPrint).")
        else:
            self.stdout.write(self.style.WARNING(
                f"PDF export: NOT available ({reason}).\n"
                f"The portal runs; PDF exports will show a message. To enable them: {INSTALL_HINT}"
            ))
