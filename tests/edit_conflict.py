"""Issue 13 test helper: two sessions open one edit form and save it; the second must see 409."""

from __future__ import annotations

from datetime import date, datetime


def form_data(response, **changes) -> dict:
    """The POST data of the edit form as the page rendered it (its bound values), with ``changes``."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if isinstance(value, datetime):
            value = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def second_save_conflicts(first, second, url: str, **changes) -> tuple:
    """Both sessions load ``url``; the first saves ``changes``, the second saves its own loaded copy
    changed by the same keys to ``<value> (2)``. Returns (first response, second response)."""
    one, two = first.get(url), second.get(url)
    assert one.status_code == two.status_code == 200
    assert 'name="edit_version"' in one.content.decode()
    saved = first.post(url, form_data(one, **changes))
    theirs = {key: f"{value} (2)" for key, value in changes.items()}
    return saved, second.post(url, form_data(two, **theirs))
