"""Read helpers for rounds: the version's sections, comment counts per section, the rows of the
settlement table. Each runs a fixed number of queries."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Count, QuerySet, Subquery

from concepts.models import Version, VersionSection

from .models import Comment, Round


def version_sections(version: Version) -> list[VersionSection]:
    """The frozen sections in reading order (the concepts app's selector)."""
    from concepts.selectors import version_sections as concepts_version_sections

    return list(concepts_version_sections(version))


def section_comment_counts(round: Round, comments: QuerySet[Comment] | None = None) -> dict[int, int]:
    """{VersionSection.pk: number of comments that count} for the round's version page. The order
    ``comments`` may have is dropped: an ORDER BY column would be grouped by too (one row per comment)."""
    comments = comments if comments is not None else Comment.objects.filter(round=round).active()
    return dict(comments.order_by().values("section_id").annotate(n=Count("pk")).values_list("section_id", "n"))


def version_comment_counts(version: Version) -> dict[int, int]:
    """The same over every round on a version, for the concept's own version page."""
    return dict(
        Comment.objects.filter(round__version=version).active()
        .values("section_id").annotate(n=Count("pk")).values_list("section_id", "n")
    )


def settlement_rows(round: Round, comments: QuerySet[Comment] | None = None) -> QuerySet[Comment]:
    """The comments of the settlement table with everything a row shows: in section order, or in the
    order ``comments`` already has."""
    comments = comments if comments is not None else Comment.objects.filter(round=round).active()
    if not comments.query.order_by:
        comments = comments.order_by("section__order", "number")
    return comments.select_related("section", "organisation", "settlement")


class SectionTitle(NamedTuple):
    number: str
    title: str


def next_version_sections(round: Round) -> dict[str, SectionTitle]:
    """{uid: (number, title)} of the next frozen version's sections, to show where a settlement
    points. One query (the next version is a subquery) of three columns, no model instances."""
    following = (
        Version.objects.filter(concept_id=round.version.concept_id, number__gt=round.version.number)
        .order_by("number").values("pk")[:1]
    )
    rows = VersionSection.objects.filter(version=Subquery(following)).order_by().values_list("uid", "number", "title")
    return {str(uid): SectionTitle(number, title) for uid, number, title in rows}


def comments_behind_changes(concept_id: int, from_number: int, to_number: int) -> dict[str, list[int]]:
    """{section uid: numbers of the comments whose settlement points to it}: the accepted (or
    partly accepted) comments of rounds on versions ``from_number`` … ``to_number - 1``, which
    led to the changes of version ``to_number``. One query."""
    from .models import Settlement

    rows = (
        Comment.objects.filter(
            round__version__concept_id=concept_id, round__version__number__gte=from_number,
            round__version__number__lt=to_number, settlement__next_section_uid__isnull=False,
            settlement__outcome__in=[Settlement.Outcome.ACCEPTED, Settlement.Outcome.PARTLY],
        ).active().order_by("number").values_list("settlement__next_section_uid", "number")
    )
    found: dict[str, list[int]] = {}
    for uid, number in rows:
        found.setdefault(str(uid), []).append(number)
    return found


def concept_comment_counts(concept_id: int):
    """{section uid: comments that count, over every round on every version of the concept}, for
    the outline of the draft (sections keep their uid across versions). One query."""
    return dict(
        Comment.objects.filter(round__version__concept_id=concept_id).active()
        .values("section__uid").annotate(n=Count("pk")).values_list("section__uid", "n")
    )
