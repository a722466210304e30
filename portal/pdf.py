"""PDF rendering with WeasyPrint, safe for untrusted text.

Documents contain text typed by partners and the public, so the renderer loads nothing from the
network: only ``data:`` URLs and files under the project's static folder. When WeasyPrint's system
libraries (Pango) are missing, :func:`pdf_support` says so and callers show a clear message.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

INSTALL_HINT = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run on this machine."""


@functools.cache
def pdf_support() -> tuple[bool, str]:
    """(available, reason) — cached for the life of the process."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as exc:  # Pango missing raises OSError at import
        return False, f"{exc.__class__.__name__}: {exc}"
    return True, ""


def unavailable_message() -> str:
    return _(
        "PDF export is not available on this server: the WeasyPrint system libraries are missing. "
        "An administrator can install them with: %(hint)s"
    ) % {"hint": INSTALL_HINT}


def _static_roots() -> list[Path]:
    return [Path(p).resolve() for p in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT)]


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Serves data: URLs and files under the static folders; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path_text = url.removeprefix("file://").split("?")[0]
                if path_text.startswith(settings.STATIC_URL):
                    # {% static %} in a PDF template: serve the file the static finders know.
                    found = finders.find(path_text.removeprefix(settings.STATIC_URL))
                    if found:
                        url = Path(found).resolve().as_uri()
                        path_text = str(Path(found).resolve())
                path = Path(path_text).resolve()
                if any(path.is_relative_to(root) for root in _static_roots()):
                    return super().fetch(url, headers)
            raise ValueError(f"Blocked resource in PDF: {url[:100]}")

    return LocalOnlyFetcher


def render_pdf(html: str) -> bytes:
    ok, reason = pdf_support()
    if not ok:
        raise PdfUnavailable(reason)
    from weasyprint import HTML

    base_url = str(Path(settings.STATICFILES_DIRS[0]).resolve()) + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()()).write_pdf()


def render_pdf_template(template_name: str, context: dict) -> bytes:
    """Render a template that extends ``pdf/base.html`` to PDF bytes."""
    return render_pdf(render_to_string(template_name, context))
