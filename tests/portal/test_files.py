"""Every download of the portal goes through ``portal.files.serve_file``: a file missing from
storage answers 404, never 500 (the matrix once found a 500 on a meeting attachment)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from portal.files import serve_file
from portal.models import Job

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "workgroups", "concepts", "pilots", "analytics"]


def _field_file(name: str) -> FieldFile:
    return FieldFile(Job(), Job._meta.get_field("file"), name)


def test_it_serves_a_stored_file_as_an_attachment():
    name = default_storage.save("matrix/zapis.txt", ContentFile(b"obsah"))
    response = serve_file(_field_file(name), filename="zápis.txt", content_type="text/plain")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"obsah"
    assert response["Content-Disposition"].startswith("attachment") and response["Content-Type"] == "text/plain"


@pytest.mark.parametrize("name", ["matrix/gone.pdf", ""], ids=["missing-from-storage", "no-file"])
def test_it_answers_404_for_a_file_that_is_not_there(name):
    with pytest.raises(Http404):
        serve_file(_field_file(name), filename="x.pdf")


def test_it_is_the_only_place_that_builds_a_file_response():
    """A new download view cannot bring the 500 back by opening a file itself."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path == ROOT / "portal" / "files.py" or "migrations" in path.parts:
                continue
            if re.search(r"\bFileResponse\b", path.read_text()):
                found.append(str(path.relative_to(ROOT)))
    assert not found, f"use portal.files.serve_file instead of FileResponse in {found}"
