"""Services of the agency's side: cooperation, contacts, criteria and scores, events, attendance,
files and report subscriptions. Keyword-only, the acting user is ``actor``; a ValidationError says
what is wrong next to the field, and nothing is saved half."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.concurrency import save_keyed, update_if_unchanged
from portal.models import Municipality

from ..models import (
    COOPERATION_MONTHS,
    Contact,
    Cooperation,
    CriterionLevel,
    CriterionScore,
    EventAttendance,
    EventFile,
    GoodPracticeEvent,
    QualityCriterion,
    ReportSubscription,
    ThematicArea,
)
from ..models.agency import add_months


@changes_aggregates
def cooperation_save(
    *, municipality: Municipality, actor: User, starts_on: date, planned_end_on: date | None = None,
    thematic_areas: list[str] = (), note: str = "", consultants=(), expected_version: int | None = None,
) -> Cooperation:
    """Create or change the municipality's cooperation description (the end defaults to 24 months)."""
    planned_end_on = planned_end_on or add_months(starts_on, COOPERATION_MONTHS)
    if planned_end_on <= starts_on:
        raise ValidationError({"planned_end_on": _("The planned end must come after the start.")})
    areas = [a for a in thematic_areas if a in ThematicArea.values]
    with transaction.atomic():
        existing = Cooperation.objects.filter(municipality=municipality).first()
        fields = {"starts_on": starts_on, "planned_end_on": planned_end_on, "thematic_areas": areas, "note": note}
        if existing is None:
            cooperation = Cooperation.objects.create(municipality=municipality, **fields)
        else:
            update_if_unchanged(Cooperation.objects.all(), pk=existing.pk,
                                expected_version=existing.edit_version if expected_version is None else expected_version,
                                fields=fields)
            cooperation = Cooperation.objects.get(pk=existing.pk)
        cooperation.consultants.set(list(consultants))
    return cooperation


@changes_aggregates
def contact_add(*, cooperation: Cooperation, actor: User, name: str, position: str = "", email: str = "",
                phone: str = "", is_inclusion_manager: bool = False) -> Contact:
    if is_inclusion_manager and cooperation.contacts.filter(is_inclusion_manager=True).exists():
        raise ValidationError({"is_inclusion_manager": _("This municipality already has an inclusion manager.")})
    return Contact.objects.create(cooperation=cooperation, name=name.strip(), position=position, email=email,
                                  phone=phone, is_inclusion_manager=is_inclusion_manager)


@changes_aggregates
def criterion_create(*, cooperation: Cooperation, actor: User, title: str, levels: list[str], area: str = "",
                     is_competence: bool = False) -> QualityCriterion:
    """A criterion with its rubric: ``levels[0]`` describes level 1, and so on (at least two levels)."""
    levels = [x.strip() for x in levels if x.strip()]
    if len(levels) < 2:
        raise ValidationError({"levels": _("Describe at least two levels of the rubric, one per line.")})
    with transaction.atomic():
        position = cooperation.criteria.count()
        criterion = QualityCriterion.objects.create(cooperation=cooperation, title=title.strip(), area=area,
                                                    is_competence=is_competence, position=position)
        CriterionLevel.objects.bulk_create(
            [CriterionLevel(criterion=criterion, level=i, descriptor=d) for i, d in enumerate(levels, start=1)]
        )
    return criterion


@changes_aggregates
def criterion_score(*, criterion: QualityCriterion, actor: User, moment: str, level: int, scored_on: date,
                    evidence: str) -> CriterionScore:
    """Score a criterion at t0, midway or t24 (scoring the same moment again replaces the score)."""
    if not criterion.levels.filter(level=level).exists():
        raise ValidationError({"level": _("This level is not in the criterion's rubric.")})
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say what the score rests on.")})
    score, _created = CriterionScore.objects.update_or_create(
        criterion=criterion, moment=moment,
        defaults={"level": level, "scored_on": scored_on, "evidence": evidence.strip(), "scored_by": actor},
    )
    return score


@changes_aggregates
def event_create(*, actor: User, kind: str, title: str, held_on: date, hours: Decimal, central_bodies: str = "",
                 data_presented: str = "", proposals: str = "") -> GoodPracticeEvent:
    return GoodPracticeEvent.objects.create(
        kind=kind, title=title.strip(), held_on=held_on, hours=hours, central_bodies=central_bodies,
        data_presented=data_presented, proposals=proposals, created_by=actor,
    )


@changes_aggregates
def attendance_record(*, event: GoodPracticeEvent, actor: User, municipality: Municipality, name: str,
                      hours: Decimal, is_inclusion_manager: bool = False,
                      expected_version: int | None = None) -> EventAttendance:
    """A person's attendance: the hours they actually attended, at most the event's length.

    ``expected_version`` is the record's version as the person saw it (0: none): a record of the
    same person entered or changed meanwhile raises ``EditConflict``, and nothing is saved."""
    if hours > event.hours:
        raise ValidationError({"hours": _("The event lasted %(h)s hours; nobody attended longer.") % {"h": event.hours}})
    return save_keyed(EventAttendance.objects.all(), key={"event": event, "municipality": municipality, "name": name.strip()},
                      expected_version=expected_version, fields={"hours": hours, "is_inclusion_manager": is_inclusion_manager})


MAX_FILE_BYTES = 20 * 1024 * 1024


def event_file_add(*, event: GoodPracticeEvent, actor: User, upload) -> EventFile:
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    name = upload.name.rsplit("/", 1)[-1][:200]
    return EventFile.objects.create(event=event, file=upload, filename=name, uploaded_by=actor)


def subscription_set(*, actor: User, municipality: Municipality | None, delivery: str) -> ReportSubscription:
    subscription, _created = ReportSubscription.objects.update_or_create(
        user=actor, municipality=municipality, defaults={"delivery": delivery}
    )
    return subscription


def subscription_remove(*, actor: User, pk: int) -> None:
    ReportSubscription.objects.filter(user=actor, pk=pk).delete()
