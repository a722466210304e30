"""Acceptance 7: one municipality's complete data, files included, to an archive and back into an
empty database; the round trip of the Ostrava demo is lossless (the two archives are equal)."""

import json
import shutil
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from portal.backup import _belonging, _own_models
from portal.models import Job, Municipality

pytestmark = pytest.mark.django_db(transaction=True)


def _files_root(settings):
    return settings.STORAGES["default"]["OPTIONS"]["location"]


def test_the_ostrava_round_trip_is_lossless(settings, tmp_path):
    call_command("load_demo", verbosity=0)
    ostrava = Municipality.objects.get(slug="ostrava")
    job = Job.objects.create(municipality=ostrava, kind="test", title="Zápis", task_name="tests.build_hello",
                             permission="workgroups.write_minutes", status=Job.Status.DONE, filename="zapis.txt")
    job.file.save("zapis.txt", ContentFile("Zápis z jednání".encode()))
    first, second = tmp_path / "first.tar", tmp_path / "second.tar"
    call_command("export_municipality", "ostrava", str(first), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)  # an empty database …
    shutil.rmtree(_files_root(settings), ignore_errors=True)  # … and an empty file store
    assert not Municipality.objects.exists()
    call_command("import_municipality", str(first), verbosity=0)
    call_command("export_municipality", "ostrava", str(second), verbosity=0)

    assert first.read_bytes() == second.read_bytes(), _first_difference(first, second)
    with tarfile.open(first) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert tar.extractfile(f"files/{job.file.name}").read() == "Zápis z jednání".encode()
    assert manifest["municipality"] == "ostrava"
    for label in ("portal.Municipality", "portal.Membership", "concepts.Concept", "rounds.Round", "auth.User"):
        assert manifest["models"].get(label, 0) >= 1, label
    assert Job.objects.get(pk=job.pk).file.read() == "Zápis z jednání".encode()
    assert Municipality.objects.get().slug == "ostrava"  # Kladno and Sokolov were not exported


def _first_difference(first, second) -> str:
    with tarfile.open(first) as a, tarfile.open(second) as b:
        if a.getnames() != b.getnames():
            return f"entries differ: {sorted(set(a.getnames()) ^ set(b.getnames()))[:5]}"
        for name in a.getnames():
            left, right = a.extractfile(name).read().decode().splitlines(), b.extractfile(name).read().decode().splitlines()
            for number, (x, y) in enumerate(zip(left, right, strict=False)):
                if x != y:
                    return f"{name}:{number}: {x!r} != {y!r}; before: {left[max(0, number - 8):number]}"
            if len(left) != len(right):
                return f"{name}: {len(left)} lines != {len(right)}"
    return "equal"


def test_it_walks_every_model_of_the_portal_that_belongs_to_a_municipality():
    belonging = _belonging(Municipality, _own_models())
    labels = {model._meta.label for model in belonging}
    # A model with a chain of foreign keys to a municipality is exported without being listed.
    assert {"portal.Membership", "workgroups.Meeting", "pilots.Household", "rounds.Comment"} <= labels


def test_it_refuses_to_import_into_a_database_that_is_not_empty(tmp_path):
    call_command("load_demo", verbosity=0)
    archive = tmp_path / "kladno.tar"
    call_command("export_municipality", "kladno", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="empty"):
        call_command("import_municipality", str(archive), verbosity=0)


def test_it_names_an_unknown_municipality(tmp_path):
    with pytest.raises(CommandError, match="no municipality"):
        call_command("export_municipality", "atlantida", str(tmp_path / "x.tar"), verbosity=0)
