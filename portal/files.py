"""Sending a stored file: the one way every download view of the portal does it."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def serve_file(field_file, *, filename: str, content_type: str | None = None, as_attachment: bool = True) -> FileResponse:
    """The file of a ``FileField`` as a download, or 404 when there is none or the storage no longer
    has it (a lost or not yet restored file is "not found", never a 500). Both storages of the
    portal raise ``FileNotFoundError`` for a missing file (the file system, and S3 on its 404)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.warning("stored file missing: %s", field_file.name)
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
