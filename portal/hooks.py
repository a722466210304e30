"""What each app contributes to the home page and the municipality overview.

An app registers a ``hooks.py`` (portal/registry.py) with ``attention(user, municipality) -> list[Attention]`` (things
that need the user now) and ``overview_card(user, municipality) -> Card | None`` (its key figure on
the municipality overview). Both must run a fixed number of queries. A hooks module may also
define ``rank(user, municipality) -> int``: the home page lists the municipalities with the highest
rank first (analytics ranks a consultant's municipalities by their "needs attention" reasons).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .registry import hook_modules


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


def attention_for(user, municipality) -> list[Attention]:
    items: list[Attention] = []
    for module in hook_modules():
        if hasattr(module, "attention"):
            items.extend(module.attention(user, municipality))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda a: (order.get(a.level, 3), a.due or date.max))


def overview_cards(user, municipality) -> list[Card]:
    cards = []
    for module in hook_modules():
        if hasattr(module, "overview_card"):
            card = module.overview_card(user, municipality)
            if card is not None:
                cards.append(card)
    return sorted(cards, key=lambda c: c.order)


def rank_for(user, municipality) -> int:
    """How urgently this municipality needs the user: the sum of the apps' ``rank`` hooks."""
    return sum(module.rank(user, municipality) for module in hook_modules() if hasattr(module, "rank"))
