"""One municipality's complete data — rows and files — to a tar archive, and back into an empty database.

Which rows belong to a municipality is found, not listed: every model of the portal's own apps with
a chain of foreign keys to :class:`Municipality` (``round__version__concept__municipality``), walked
through the app registry, so models added later are included without edits here. People are
included when a row of the municipality refers to them (memberships, authors, invitees), with the
rows of the portal's apps that hang only on a person (profiles). Files of every ``FileField`` of
those rows are stored next to the data.

The archive is deterministic — entries sorted, fixed timestamps and owners, rows ordered by key —
so exporting, importing into an empty database and exporting again gives the same bytes.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections import deque
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction

from .models import Municipality

FORMAT_VERSION = 1
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"


def _own_apps() -> list:
    base = Path(settings.BASE_DIR).resolve()
    own = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            own.append(config)
    return own


def _own_models() -> list[type[models.Model]]:
    return [model for config in _own_apps() for model in config.get_models() if not model._meta.proxy]


def _belonging(target: type[models.Model], candidates: list[type[models.Model]]) -> dict:
    """The candidate models with a foreign-key chain to ``target``, each with every lookup path
    that reaches it in one step through another belonging model ("" is ``target`` itself)."""
    shortest: dict[type[models.Model], str] = {target: ""}
    queue = deque([target])
    while queue:
        current = queue.popleft()
        for model in candidates:
            if model in shortest:
                continue
            for field in _forward_fks(model):
                if field.related_model is current:
                    prefix = shortest[current]
                    shortest[model] = f"{field.name}__{prefix}" if prefix else field.name
                    queue.append(model)
                    break
    paths: dict[type[models.Model], list[str]] = {}
    for model in shortest:
        if model is target:
            paths[model] = [""]
            continue
        paths[model] = sorted({
            f"{field.name}__{shortest[field.related_model]}" if shortest[field.related_model] else field.name
            for field in _forward_fks(model) if field.related_model in shortest
        })
    return paths


def _forward_fks(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _rows(model, paths: list[str], values: list) -> models.QuerySet:
    condition = models.Q()
    for path in paths:
        condition |= models.Q(**{f"{path}__pk__in" if path else "pk__in": values})
    return model._base_manager.filter(condition).distinct().order_by("pk")


def collect(municipality: Municipality) -> list[models.Model]:
    """Every row that belongs to ``municipality``, and the people those rows refer to."""
    user_model = get_user_model()
    own = _own_models()
    by_municipality = _belonging(Municipality, own)
    objects: list[models.Model] = []
    user_ids: set = set()
    for model, paths in by_municipality.items():
        rows = list(_rows(model, paths, [municipality.pk]))
        objects.extend(rows)
        user_ids |= _referenced_users(model, rows, user_model)
    objects.extend(user_model._base_manager.filter(pk__in=user_ids).order_by("pk"))
    # Rows of the portal's apps that hang only on a person (a profile), not on a municipality.
    by_user = _belonging(user_model, [m for m in own if m not in by_municipality])
    for model, paths in by_user.items():
        if model is not user_model and user_ids:
            objects.extend(_rows(model, paths, list(user_ids)))
    return _with_references(objects, set(own) | {user_model})


def _with_references(objects: list[models.Model], scope: set) -> list[models.Model]:
    """Add the rows the collected ones point to (an organisation of no municipality, say), until
    nothing is missing: the archive loads into an empty database on its own."""
    seen = {(type(obj), obj.pk) for obj in objects}
    pending = list(objects)
    while pending:
        wanted: dict = {}
        for obj in pending:
            for field in _forward_fks(type(obj)):
                value = getattr(obj, field.attname)
                model = field.related_model
                if value is not None and model in scope and (model, value) not in seen:
                    wanted.setdefault(model, set()).add(value)
            for field in type(obj)._meta.many_to_many:
                model = field.related_model
                if model in scope:
                    for value in getattr(obj, field.name).values_list("pk", flat=True):
                        if (model, value) not in seen:
                            wanted.setdefault(model, set()).add(value)
        pending = []
        for model, values in wanted.items():
            for row in model._base_manager.filter(pk__in=values):
                seen.add((model, row.pk))
                pending.append(row)
        objects.extend(pending)
    return objects


def _referenced_users(model, rows, user_model) -> set:
    ids = set()
    fk_fields = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]
    m2m_fields = [f for f in model._meta.many_to_many if f.related_model is user_model]
    for row in rows:
        ids.update(getattr(row, f.attname) for f in fk_fields if getattr(row, f.attname) is not None)
        for field in m2m_fields:
            ids.update(getattr(row, field.name).values_list("pk", flat=True))
    return ids


def _file_names(objects) -> list[str]:
    names = set()
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(obj, field.attname)
                if value:
                    names.add(str(value))
    return sorted(names)


def _ordered(objects: list[models.Model]) -> list[models.Model]:
    """Models in dependency order (people first: others refer to them by natural key), rows by key."""
    grouped: dict = {}
    for obj in objects:
        grouped.setdefault(type(obj), []).append(obj)
    app_list = {}
    for model in grouped:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    order = serializers.sort_dependencies(list(app_list.items()), allow_cycles=True)
    user_model = get_user_model()
    order = sorted(order, key=lambda m: (m is not user_model, order.index(m)))
    result = []
    for model in order:
        result.extend(sorted(grouped[model], key=lambda o: str(o.pk)))
    return result


_ZERO_MILLISECONDS = re.compile(r"\.000(Z|[+-]\d\d:\d\d)?$")


def _canonical(data: str) -> str:
    """Many-to-many values come in no particular order from PostgreSQL: sort them (JSON field
    values, which are data, are left as they are), so that equal data gives equal bytes."""
    rows = json.loads(data)
    for row in rows:
        model = apps.get_model(row["model"])
        for field in model._meta.many_to_many:
            if isinstance(row["fields"].get(field.name), list):
                row["fields"][field.name] = sorted(row["fields"][field.name], key=json.dumps)
        for field in model._meta.concrete_fields:
            value = row["fields"].get(field.name)
            if isinstance(field, (models.DateTimeField, models.TimeField)) and isinstance(value, str):
                # The serialiser keeps milliseconds; 12:00:00.000400 writes "12:00:00.000", which
                # reads back as 12:00:00 and writes "12:00:00": one spelling for one value.
                row["fields"][field.name] = _ZERO_MILLISECONDS.sub(r"\1", value)
    return json.dumps(rows, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info, io.BytesIO(data))


def export_municipality(municipality: Municipality, target) -> dict:
    """Write the archive to ``target`` (a path or a binary file). Returns the manifest."""
    objects = _ordered(collect(municipality))
    data = _canonical(serializers.serialize("json", objects, use_natural_foreign_keys=True))
    files = _file_names(objects)
    counts: dict[str, int] = {}
    for obj in objects:
        counts[obj._meta.label] = counts.get(obj._meta.label, 0) + 1
    manifest = {"format": FORMAT_VERSION, "municipality": municipality.slug, "models": dict(sorted(counts.items())),
                "files": files}
    opened = open(target, "wb") if isinstance(target, str | Path) else None  # noqa: SIM115 - closed below
    try:
        with tarfile.open(fileobj=opened or target, mode="w", format=tarfile.PAX_FORMAT) as tar:
            _add(tar, MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode())
            _add(tar, DATA_NAME, data.encode())
            for name in files:
                with default_storage.open(name, "rb") as handle:
                    _add(tar, f"files/{name}", handle.read())
    finally:
        if opened:
            opened.close()
    return manifest


class NotEmpty(RuntimeError):
    pass


def import_archive(source) -> dict:
    """Load an archive into an empty database (migrated, no municipality yet). Returns the manifest."""
    if Municipality.objects.exists():
        raise NotEmpty("the database already holds municipalities; import into an empty one")
    opened = open(source, "rb") if isinstance(source, str | Path) else None  # noqa: SIM115 - closed below
    try:
        with tarfile.open(fileobj=opened or source, mode="r") as tar:
            manifest = json.loads(tar.extractfile(MANIFEST_NAME).read())
            if manifest.get("format") != FORMAT_VERSION:
                raise ValueError(f"unknown archive format {manifest.get('format')!r}")
            data = tar.extractfile(DATA_NAME).read()
            files = {name: tar.extractfile(f"files/{name}").read() for name in manifest["files"]}
    finally:
        if opened:
            opened.close()
    with transaction.atomic():
        _loaddata(data)
    for name, content in files.items():
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            raise RuntimeError(f"the file store renamed {name} to {saved}")
    return manifest


def _loaddata(data: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        handle.write(data)
        path = handle.name
    try:
        call_command("loaddata", path, verbosity=0)
    finally:
        Path(path).unlink(missing_ok=True)
