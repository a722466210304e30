"""Demo data of the agency's side (idempotent).

- Cooperation descriptions for Ostrava (started 23 months ago, so its end is near) and Kladno
  (started 10 months ago), each with an inclusion manager and one more contact.
- Sokolov assigned to ``konzultant`` with nothing recorded: it needs attention for no activity.
- Criteria: Ostrava's competence criterion 1 → 3 (t0, t24) and a second one 2 → 3; Kladno's
  competence criterion only at t0 (1) and a second one at t0 (2).
- Two good-practice events and one conference toward central government, attended by both inclusion
  managers: Ostrava's 8 + 4 + 3 = 15 h (≥ 14), Kladno's 4 + 3 + 2 = 9 h.

Targets then read: 1 competence 1/2, 4 conferences 1/1 (goal at least 2), 5 good practice 1/2.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import Membership
from portal.roles import Role

from ..models import (
    Contact,
    Cooperation,
    CriterionLevel,
    CriterionScore,
    EventAttendance,
    EventFile,
    EventKind,
    GoodPracticeEvent,
    QualityCriterion,
    ScoreMoment,
)
from ..models.agency import add_months

RUBRIC = [
    "Obec nemá přehled o síti služeb.",
    "Obec má přehled o síti služeb, koordinaci vede Agentura.",
    "Obec koordinuje síť služeb s podporou Agentury.",
    "Obec koordinuje síť služeb samostatně.",
]
PARTICIPATION = [
    "Cílová skupina se nezapojuje.",
    "Cílová skupina je informována.",
    "Cílová skupina se vyjadřuje k návrhům.",
    "Cílová skupina spolurozhoduje.",
]


def _cooperation(municipality, consultant, *, months_ago, areas, manager, other, today):
    starts = add_months(today, -months_ago)
    coop, _created = Cooperation.objects.get_or_create(
        municipality=municipality,
        defaults={"starts_on": starts, "planned_end_on": add_months(starts, 24), "thematic_areas": areas,
                  "note": "Podpora při tvorbě koncepce bydlení a koordinaci sítě služeb."},
    )
    coop.consultants.add(consultant)
    Contact.objects.get_or_create(cooperation=coop, name=manager[0],
                                  defaults={"position": manager[1], "is_inclusion_manager": True,
                                            "email": manager[2]})
    Contact.objects.get_or_create(cooperation=coop, name=other[0], defaults={"position": other[1]})
    return coop


def _criterion(coop, title, rubric, *, competence, position, scores, consultant, today):
    criterion, created = QualityCriterion.objects.get_or_create(
        cooperation=coop, title=title, defaults={"is_competence": competence, "position": position, "area": "housing"}
    )
    if created:
        CriterionLevel.objects.bulk_create(
            [CriterionLevel(criterion=criterion, level=i, descriptor=d) for i, d in enumerate(rubric, start=1)]
        )
    for moment, level, when, evidence in scores:
        CriterionScore.objects.get_or_create(
            criterion=criterion, moment=moment,
            defaults={"level": level, "scored_on": when, "scored_by": consultant, "evidence": evidence},
        )


def load(ctx: dict, stdout=None) -> None:
    today = timezone.localdate()
    m = ctx["municipalities"]
    consultant = ctx["users"]["konzultant"]
    Membership.objects.get_or_create(user=consultant, municipality=m["sokolov"], role=Role.CONSULTANT,
                                     defaults={"organisation": ctx["organisations"].get("Agentura pro sociální začleňování (MMR)")})
    ostrava = _cooperation(m["ostrava"], consultant, months_ago=23, areas=["housing", "debts", "employment"],
                           manager=("Ing. Hana Králová", "manažerka sociálního začleňování", "hana.kralova@example.cz"),
                           other=("Mgr. Pavel Šimek", "vedoucí odboru sociálních věcí"), today=today)
    kladno = _cooperation(m["kladno"], consultant, months_ago=10, areas=["housing", "safety", "family"],
                          manager=("Mgr. Jiří Beneš", "manažer sociálního začleňování", "jiri.benes@example.cz"),
                          other=("Bc. Alena Marková", "koordinátorka komunitního plánování"), today=today)
    _criterion(ostrava, "Koordinace sítě služeb pro sociální začleňování", RUBRIC, competence=True, position=0,
               consultant=consultant, today=today, scores=[
                   (ScoreMoment.T0, 1, ostrava.starts_on + timedelta(days=20), "Vstupní analýza: síť služeb bez koordinace."),
                   (ScoreMoment.T24, 3, today - timedelta(days=7), "Obec vede pracovní skupinu a plán služeb."),
               ])
    _criterion(ostrava, "Zapojení cílové skupiny do plánování", PARTICIPATION, competence=False, position=1,
               consultant=consultant, today=today, scores=[
                   (ScoreMoment.T0, 2, ostrava.starts_on + timedelta(days=20), "Informační schůzky."),
                   (ScoreMoment.T24, 3, today - timedelta(days=7), "Fokusní skupiny s nájemníky."),
               ])
    _criterion(kladno, "Koordinace sítě služeb pro sociální začleňování", RUBRIC, competence=True, position=0,
               consultant=consultant, today=today, scores=[
                   (ScoreMoment.T0, 1, kladno.starts_on + timedelta(days=14), "Vstupní analýza."),
               ])
    _criterion(kladno, "Dluhové poradenství v obci", PARTICIPATION, competence=False, position=1,
               consultant=consultant, today=today, scores=[
                   (ScoreMoment.T0, 2, kladno.starts_on + timedelta(days=14), "Jedna poradna, dlouhé čekací lhůty."),
               ])
    events = [
        (EventKind.FORUM, "Fórum sociálního začleňování", 150, "8", ("8", "4")),
        (EventKind.WORKSHOP, "Workshop: sociální bydlení v praxi", 90, "4", ("4", "3")),
        (EventKind.CENTRAL_CONFERENCE, "Konference: data z lokalit pro centrální úroveň", 45, "4", ("3", "2")),
    ]
    for kind, title, days_ago, hours, (ostrava_h, kladno_h) in events:
        event, _created = GoodPracticeEvent.objects.get_or_create(
            title=title, defaults={"kind": kind, "held_on": today - timedelta(days=days_ago), "hours": Decimal(hours),
                                   "created_by": consultant})
        if kind == EventKind.CENTRAL_CONFERENCE and not event.central_bodies:
            event.central_bodies = "Ministerstvo pro místní rozvoj; Ministerstvo práce a sociálních věcí"
            event.data_presented = "Počty domácností v bytové nouzi a obsazenost pilotních bytů v Ostravě a Kladně."
            event.proposals = "Zákon o podpoře bydlení: financování kontaktních míst; dotace na sociální práci v bytech."
            event.save()
            if not event.files.exists():
                EventFile.objects.create(event=event, filename="podklady-konference.txt", uploaded_by=consultant,
                                         file=ContentFile(b"Podklady konference (demo).", name="podklady-konference.txt"))
        EventAttendance.objects.get_or_create(event=event, municipality=m["ostrava"], name="Ing. Hana Králová",
                                              defaults={"is_inclusion_manager": True, "hours": Decimal(ostrava_h)})
        EventAttendance.objects.get_or_create(event=event, municipality=m["kladno"], name="Mgr. Jiří Beneš",
                                              defaults={"is_inclusion_manager": True, "hours": Decimal(kladno_h)})
    from ..snapshots import snapshot_take

    snapshot_take(today=add_months(today, -3))
    snapshot_take(today=today)
    if stdout:
        stdout.write("analytics: cooperation for Ostrava and Kladno, Sokolov assigned, 3 events")
