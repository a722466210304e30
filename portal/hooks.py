"""What each app contributes to the home page and the municipality overview.

An app registers a ``hooks.py`` (portal/registry.py) with
``attention_many(user, municipalities) -> {municipality id: [Attention]}`` (things that need the
user now, for all the given municipalities at once) and ``overview_card(user, municipality) -> Card
| None`` (its key figure on the municipality overview). Both run a fixed number of queries, however
many municipalities they are given. A hooks module may also define
``rank_many(user, municipalities) -> {municipality id: int}``: the home page lists the
municipalities with the highest rank first (analytics ranks a consultant's municipalities by their
"needs attention" reasons). The home page asks the rank of all the user's municipalities and the
attention items of one page of them, so a rank hook must stay cheap for hundreds (analytics reads
one cached summary of the consultant's scope).

:func:`attention_many` and :func:`rank_many` are the one way to ask; the single-municipality
:func:`attention_for` and :func:`rank_for` call them. The attention items are cached per user and
municipality (portal/aggregates.py) and recomputed after a service changes the municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import aggregates
from .registry import hook_modules

#: The user's attention items are cached this long at most (seconds): some follow the clock alone
#: (a round opens, a meeting is this week), not only writes.
ATTENTION_TTL = 5 * 60


@dataclass
class Attention:
    text: str
    url: str
    level: str = "info"  # info, warning, danger
    due: date | None = None


@dataclass
class Card:
    title: str
    url: str
    figure: str = ""
    detail: str = ""
    order: int = 50


_URGENCY = {"danger": 0, "warning": 1, "info": 2}


def _compute(user, municipalities: list) -> dict[int, dict]:
    """Every app's attention items for these municipalities (each app's bulk hooks)."""
    found = {m.pk: {"attention": []} for m in municipalities}
    for module in hook_modules():
        if hasattr(module, "attention_many"):
            for pk, items in module.attention_many(user, municipalities).items():
                found[pk]["attention"].extend(items)
    for entry in found.values():
        entry["attention"].sort(key=lambda a: (_URGENCY.get(a.level, 3), a.due or date.max))
    return found


def needs_many(user, municipalities) -> dict[int, aggregates.Entry]:
    """{municipality id: Entry({"attention": [...]})}, cached per user."""
    municipalities = list(municipalities)
    by_id = {m.pk: m for m in municipalities}
    if not municipalities:
        return {}
    return aggregates.cached_many(
        "needs", list(by_id), lambda ids: _compute(user, [by_id[pk] for pk in ids]),
        parts=(user.pk,), ttl=ATTENTION_TTL,
    )


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    """What needs the user in each municipality, most urgent first (a fixed number of queries)."""
    return {pk: e.value["attention"] for pk, e in needs_many(user, municipalities).items()}


def rank_many(user, municipalities) -> dict[int, int]:
    """How urgently each municipality needs the user: the sum of the apps' ``rank_many`` hooks
    (asked directly, not through the attention items: each hook keeps its own cheap summary)."""
    municipalities = list(municipalities)
    ranks = dict.fromkeys((m.pk for m in municipalities), 0)
    for module in hook_modules():
        if hasattr(module, "rank_many"):
            for pk, rank in module.rank_many(user, municipalities).items():
                ranks[pk] += rank
    return ranks


def attention_for(user, municipality) -> list[Attention]:
    return attention_many(user, [municipality])[municipality.pk]


def rank_for(user, municipality) -> int:
    return rank_many(user, [municipality])[municipality.pk]


def overview_cards_entry(user, municipality) -> aggregates.Entry:
    """The apps' key figures on the municipality overview, cached per user like the attention items."""
    def compute() -> list[Card]:
        cards = []
        for module in hook_modules():
            if hasattr(module, "overview_card"):
                card = module.overview_card(user, municipality)
                if card is not None:
                    cards.append(card)
        return sorted(cards, key=lambda c: c.order)

    return aggregates.cached("cards", municipality.pk, compute, parts=(user.pk,), ttl=ATTENTION_TTL)


def overview_cards(user, municipality) -> list[Card]:
    return overview_cards_entry(user, municipality).value
