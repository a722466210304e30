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


def _current_concept(municipality) -> Concept | None:
    return municipality.current_concept()


def attention(user, municipality) -> list[Attention]:
    """For a writer or owner: sections their working groups draft that nobody touched for a month,
    and measures not yet linked to any analytical finding."""
    if not user.has_perm("concepts.edit_concept", municipality):
        return []
    concept = _current_concept(municipality)
    if concept is None or concept.is_approved:
        return []
    from workgroups.selectors import member_group_ids

    stale_before = timezone.now() - STALE_AFTER
    linked = Section.findings.through.objects.filter(section_id=OuterRef("pk"))
    counts = Section.objects.filter(concept=concept).aggregate(
        stale=Count("pk", filter=Q(drafting_group__in=member_group_ids(user, municipality),
                                   updated_at__lt=stale_before)),
        unlinked=Count("pk", filter=Q(kind=SectionKind.MEASURE) & ~Q(Exists(linked))),
    )
    items = []
    if counts["stale"]:
        items.append(Attention(
            text=ngettext(
                "%(n)d section your working group drafts has not been edited for a month",
                "%(n)d sections your working groups draft have not been edited for a month",
                counts["stale"],
            ) % {"n": counts["stale"]},
            url=concept.get_absolute_url(),
            level="warning",
        ))
    if counts["unlinked"]:
        items.append(Attention(
            text=ngettext(
                "%(n)d measure is not linked to any analytical finding",
                "%(n)d measures are not linked to any analytical finding",
                counts["unlinked"],
            ) % {"n": counts["unlinked"]},
            url=reverse("concepts:measure_list", args=[municipality.slug, concept.pk]) + "?linked=false",
        ))
    return items


def overview_card(user, municipality) -> Card | None:
    if not user.has_perm("concepts.view_concept", municipality):
        return None
    concept = _current_concept(municipality)
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
