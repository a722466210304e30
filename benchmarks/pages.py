"""The key pages, one row each: the benchmark loads them and tests/test_query_counts.py counts
their queries. To add a page, add a row; ``{name}`` fields come from the seed's targets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # formatted with the seed's targets
    user: str  # a key of the targets naming the username who loads it
    issue: int | None = None  # whose work it is, when another issue owns the page

    def url(self, targets: dict) -> str:
        return self.path.format(**targets)


TRIVIAL = Page("trivial view (same server, same middleware)", "/bench/trivial/", "gestor")

PAGES: list[Page] = [
    Page("consultant home", "/", "consultant", issue=11),
    Page("consultant dashboard", "/consultant/", "consultant", issue=11),
    Page("consultant dashboard, 2 municipalities", "/consultant/", "consultant_few", issue=11),
    Page("municipality overview", "/m/{slug}/", "gestor", issue=11),
    Page("outline", "/m/{slug}/concept/{concept}/", "gestor"),
    Page("version view", "/m/{slug}/concept/{concept}/versions/{version}/", "gestor"),
    Page("partner's reading page", "/m/{slug}/rounds/{open_round}/read/", "partner"),
    Page("settlement table", "/m/{slug}/rounds/{published_round}/table/", "gestor"),
    Page("round statistics", "/m/{slug}/rounds/{published_round}/", "gestor"),
    Page("programme indicators", "/m/{slug}/pilots/programmes/{programme}/", "coordinator"),
    Page("household list", "/m/{slug}/pilots/households/", "coordinator"),
    Page("indicator matrix", "/consultant/indicators/", "consultant", issue=10),
]
