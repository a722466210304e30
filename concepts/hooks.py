"""What the concept contributes to the home page and the municipality overview (fixed queries)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.hooks import Attention, Card

from .models import Concept, Section, SectionKind
from .stats import evidence_share, share_percent

STALE_AFTER = timedelta(days=30)


def current_concepts(municipalities) -> dict[int, Concept]:
    """Each municipality's current concept (``Municipality.current_concept``: the newest), one query."""
    by_pk = {m.pk: m for m in municipalities}
    latest: dict[int, Concept] = {}
    for concept in Concept.objects.filter(municipality__in=list(by_pk)).order_by("municipality_id", "-created_at", "-pk"):
        if concept.municipality_id not in latest:
            concept.municipality = by_pk[concept.municipality_id]  # its URL needs the slug
            latest[concept.municipality_id] = concept
    return latest


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    """For a writer or owner: sections their working groups draft that nobody touched for a month,
    and measures not yet linked to any analytical finding. Two queries for any number of municipalities."""
    municipalities = list(municipalities)
    items: dict[int, list[Attention]] = {m.pk: [] for m in municipalities}
    editing = [m for m in municipalities if user.has_perm("concepts.edit_concept", m)]
    if not editing:
        return items
    concepts = {pk: c for pk, c in current_concepts(editing).items() if not c.is_approved}
    if not concepts:
        return items
    from workgroups.models import GroupMember, current_q

    my_groups = GroupMember.objects.filter(current_q(), user=user).values("group_id")
    stale_before = timezone.now() - STALE_AFTER
    linked = Section.findings.through.objects.filter(section_id=OuterRef("pk"))
    counts = {
        row["concept"]: row
        for row in Section.objects.filter(concept__in=[c.pk for c in concepts.values()]).values("concept").annotate(
            stale=Count("pk", filter=Q(drafting_group__in=my_groups, updated_at__lt=stale_before)),
            unlinked=Count("pk", filter=Q(kind=SectionKind.MEASURE) & ~Q(Exists(linked))),
        ).order_by()
    }
    by_pk = {m.pk: m for m in editing}
    for mid, concept in concepts.items():
        row = counts.get(concept.pk, {"stale": 0, "unlinked": 0})
        municipality = by_pk[mid]
        if row["stale"]:
            items[mid].append(Attention(
                text=ngettext(
                    "%(n)d section your working group drafts has not been edited for a month",
                    "%(n)d sections your working groups draft have not been edited for a month",
                    row["stale"],
                ) % {"n": row["stale"]},
                url=concept.get_absolute_url(),
                level="warning",
            ))
        if row["unlinked"]:
            items[mid].append(Attention(
                text=ngettext(
                    "%(n)d measure is not linked to any analytical finding",
                    "%(n)d measures are not linked to any analytical finding",
                    row["unlinked"],
                ) % {"n": row["unlinked"]},
                url=reverse("concepts:measure_list", args=[municipality.slug, concept.pk]) + "?linked=false",
            ))
    return items



def overview_card(user, municipality) -> Card | None:
    if not user.has_perm("concepts.view_concept", municipality):
        return None
    concept = municipality.current_concept()
    if concept is None:
        return Card(title=_("Concept"), url=reverse("concepts:concept_list", args=[municipality.slug]),
                    figure="–", detail=_("No concept started yet."), order=20)
    linked, total = evidence_share(concept)
    percent = share_percent(linked, total)
    return Card(
        title=_("Concept"),
        url=concept.get_absolute_url(),
        figure=concept.get_phase_display(),
        detail=_("%(p)s of measures linked to analytical findings (%(a)d of %(b)d)") % {
            "p": f"{percent} %" if percent is not None else "–", "a": linked, "b": total},
        order=20,
    )
