"""A synthetic national data set, written with bulk_create (a few thousand rows per statement),
never through factories one row at a time.

A *full* municipality has a 150-section concept frozen in 3 versions, 3 comment rounds of ~300
comments (the first two settled and published, the last open), a steering team and two working
groups with 12 monthly meetings each, and three pilot programmes of ~130 households with 20
support contacts each. A *thin* one has a little of each. The profiles:

- ``full``: 400 full municipalities (the issue's national scale);
- ``light``: 400 municipalities, 5 full, the rest thin;
- ``default``: 40 municipalities, 10 full (a few minutes on 2 cores, seeding included): the issue's 10×;
- ``one``: 2 municipalities, 1 full: the issue's 1×;
- ``tiny``: 3 municipalities, 2 of them full but small (while developing).

The tests of query counts (tests/test_query_counts.py) use :func:`seed` with a 1× and a 10× scale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle

from django.contrib.auth import get_user_model
from django.utils import timezone

BATCH = 2000


@dataclass(frozen=True)
class Scale:
    """How much one municipality holds."""

    sections: int = 150
    versions: int = 3
    rounds: int = 3
    comments: int = 300
    groups: int = 3
    members: int = 12
    meetings: int = 12
    households: int = 130
    contacts: int = 20

    def times(self, factor: float) -> Scale:
        """The same shape with ``factor`` times the rows (at least one of each)."""
        grow = lambda n: max(1, round(n * factor))  # noqa: E731
        return replace(self, sections=max(8, grow(self.sections)), comments=grow(self.comments),
                       households=grow(self.households), contacts=grow(self.contacts))


FULL = Scale()
THIN = Scale(sections=12, versions=1, rounds=1, comments=10, groups=1, members=6, meetings=3,
             households=6, contacts=2)

PROFILES: dict[str, tuple[int, int, Scale]] = {
    # name: (municipalities, of which full, the full scale)
    "full": (400, 400, FULL),
    "light": (400, 5, FULL),
    "default": (40, 10, FULL),
    "one": (2, 1, FULL),
    "tiny": (3, 2, FULL.times(0.2)),
}

PARAGRAPHS = [
    "Město eviduje **{n} domácností** v bytové nouzi. Většina z nich žije v ubytovnách nebo v nevyhovujících "
    "bytech a platí za bydlení více než 40 % svých příjmů.",
    "Cílem opatření je zajistit dostupné a důstojné bydlení pro domácnosti, které si je na trhu samy "
    "nezajistí, a propojit bydlení s podporou sociální práce.\n\n- sociální byty v majetku města\n"
    "- garance pro soukromé pronajímatele\n- kontaktní místo pro bydlení",
    "Analýza vychází z dat Úřadu práce, ČSÚ a z rozhovorů s poskytovateli sociálních služeb. "
    "Podrobnosti uvádí [příloha](https://example.org/priloha) a tabulka níže.\n\n| rok | počet |\n|---|---|\n"
    "| 2023 | 412 |\n| 2024 | 455 |",
    "Za realizaci odpovídá odbor sociálních věcí ve spolupráci s *Charitou* a správou městského bytového "
    "fondu. Průběh se vyhodnocuje jednou ročně na řídicím výboru.",
]
COMMENT_TEXTS = [
    "Navrhujeme doplnit počet bytů, které má město v plánu každý rok uvolnit pro sociální bydlení.",
    "Chybí vazba na dluhové poradenství; bez něj domácnosti v bytech neudrží nájem.",
    "Formulace je příliš obecná, doporučujeme uvést konkrétní termíny a odpovědné osoby.",
    "Souhlasíme s opatřením, ale rozpočet neodpovídá počtu domácností uvedenému v analýze.",
]


def _tree(n: int) -> list[tuple[str, int, int | None]]:
    """A concept outline of about ``n`` sections in reading order: (kind, depth, parent index)."""
    chapters = max(2, n // 8)
    priorities = max(1, n // 40)
    goals_per = 4
    measures = max(priorities * goals_per, n - chapters - 1 - priorities * (1 + goals_per))
    out: list[tuple[str, int, int | None]] = [("chapter", 0, None) for _ in range(chapters)]
    out.append(("vision", 0, None))
    per_goal, extra = divmod(measures, priorities * goals_per)
    g = 0
    for _ in range(priorities):
        p = len(out)
        out.append(("priority", 0, None))
        for _ in range(goals_per):
            goal = len(out)
            out.append(("goal", 1, p))
            for _ in range(per_goal + (1 if g < extra else 0)):
                out.append(("measure", 2, goal))
            g += 1
    return out


def _numbers(tree: list[tuple[str, int, int | None]]) -> list[str]:
    """1, 2 … for chapters and priorities; 1.1, 1.1.1 below a priority (the Kladno plan)."""
    numbers: list[str] = []
    top = 0
    counters: dict[int, int] = {}
    for i, (kind, _depth, parent) in enumerate(tree):
        if parent is None:
            if kind == "vision":
                numbers.append("")
                continue
            top += 1
            numbers.append(str(top))
        else:
            counters[parent] = counters.get(parent, 0) + 1
            numbers.append(f"{numbers[parent]}.{counters[parent]}")
        counters.setdefault(i, 0)
    return numbers


def _body(i: int) -> str:
    return "\n\n".join(PARAGRAPHS[(i + k) % len(PARAGRAPHS)].format(n=100 + i) for k in range(3))


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


@dataclass
class Seeded:
    """What the benchmark and the tests need to find: slugs, ids and usernames."""

    municipalities: list
    targets: dict


def seed(*, municipalities: int, full: int, scale: Scale = FULL, prefix: str = "bench",
         consultant_few: int = 2, thin: Scale = THIN, first_code: int = 900000) -> Seeded:
    """Create ``municipalities`` municipalities (the first ``full`` at ``scale``, the rest thin),
    one consultant assigned to all of them and one assigned to ``consultant_few`` of them."""
    from portal.models import Membership, Municipality, Organisation
    from portal.roles import Role

    User = get_user_model()
    munis = _bulk(Municipality, [
        Municipality(name=f"Obec {prefix} {i + 1}", slug=f"{prefix}-{i + 1}", code=f"{first_code + i:06d}",
                     region="Moravskoslezský kraj", population=5000 + 37 * i)
        for i in range(municipalities)
    ])
    orgs = _bulk(Organisation, [Organisation(municipality=m, name=f"Charita {m.name}") for m in munis])
    roles = [Role.GESTOR, Role.WRITER, Role.COORDINATOR, Role.SOCIAL_WORKER, Role.PARTNER]
    users = _bulk(User, [
        User(username=f"{r}.{m.slug}", first_name=r.label[:30], last_name=m.name[:150], email=f"{r}.{m.slug}@example.org",
             password="!unusable")  # noqa: S106 — sessions are made directly; nobody signs in with a password
        for m in munis for r in roles
    ])
    by_role = {(m.pk, r): users[i * len(roles) + k] for i, m in enumerate(munis) for k, r in enumerate(roles)}
    consultant = User.objects.create(username=f"konzultant.{prefix}", first_name="Konzultant", last_name="ASZ",
                                     password="!unusable")  # noqa: S106
    consultant_few_user = User.objects.create(username=f"konzultant2.{prefix}", first_name="Konzultantka",
                                              last_name="ASZ", password="!unusable")  # noqa: S106
    memberships = [
        Membership(user=by_role[(m.pk, r)], municipality=m, role=r, organisation=org if r == Role.PARTNER else None)
        for m, org in zip(munis, orgs, strict=True) for r in roles
    ]
    memberships += [Membership(user=consultant, municipality=m, role=Role.CONSULTANT) for m in munis]
    memberships += [Membership(user=consultant_few_user, municipality=m, role=Role.CONSULTANT)
                    for m in munis[:consultant_few]]
    _bulk(Membership, memberships)

    _seed_indicators(munis, people=[by_role[(m.pk, Role.GESTOR)] for m in munis])
    targets: dict = {"consultant": consultant.username, "consultant_few": consultant_few_user.username}
    for i, (m, org) in enumerate(zip(munis, orgs, strict=True)):
        s = scale if i < full else thin
        people = {r: by_role[(m.pk, r)] for r in roles}
        got = _seed_municipality(m, org, people, s)
        if i == 0:
            targets.update(got, slug=m.slug, gestor=people[Role.GESTOR].username,
                           coordinator=people[Role.COORDINATOR].username, partner=people[Role.PARTNER].username)
    return Seeded(municipalities=munis, targets=targets)


def _seed_municipality(m, org, people: dict, s: Scale) -> dict:
    from portal.roles import Role

    concept, versions = _seed_concept(m, people, s)
    rounds = _seed_rounds(m, org, people, versions, s)
    _seed_groups(m, concept, people, s)
    programme = _seed_pilots(m, people, s)
    published = [r for r in rounds if r.status == "published"]
    return {
        "concept": concept.pk, "version": versions[-1].number, "open_round": rounds[-1].pk,
        "published_round": (published or rounds)[0].pk, "programme": programme.pk,
        "people": {str(k): u.username for k, u in people.items() if k != Role.PARTNER},
    }


def _seed_concept(m, people, s: Scale):
    from concepts.models import Concept, Phase, Section, Version, VersionSection
    from portal.roles import Role

    concept = Concept.objects.create(
        municipality=m, title=f"Koncepce bydlení {m.name} 2026–2030", valid_from=2026, valid_to=2030,
        vision="Každý obyvatel má přístup k důstojnému bydlení.", gestor=people[Role.GESTOR],
        writer=people[Role.WRITER], phase=Phase.STRATEGY,
    )
    tree = _tree(s.sections)
    numbers = _numbers(tree)
    sections: list = [None] * len(tree)
    # Parents first (top level, goals, measures), so each level knows its parents' ids.
    for depth in (0, 1, 2):
        level = [i for i, (_k, d, _p) in enumerate(tree) if d == depth]
        created = _bulk(Section, [
            Section(concept=concept, parent=sections[tree[i][2]] if tree[i][2] is not None else None,
                    kind=tree[i][0], position=i, number=numbers[i], title=f"{tree[i][0].capitalize()} {numbers[i] or 'vize'}",
                    body=_body(i), responsible_person="Mgr. Jana Nováková" if tree[i][0] == "measure" else "",
                    cost_czk=250000 + 1000 * i if tree[i][0] == "measure" else None)
            for i in level
        ])
        for i, section in zip(level, created, strict=True):
            sections[i] = section
    versions = []
    start = timezone.now() - timedelta(days=400)
    for v in range(1, s.versions + 1):
        versions.append(Version.objects.create(
            concept=concept, number=v, label=f"Verze {v}", frozen_at=start + timedelta(days=100 * v),
            frozen_by=people[Role.WRITER], title=concept.title, vision=concept.vision,
            steering_approved_on=(start + timedelta(days=100 * v)).date(), steering_approval_note="usnesení ŘV",
        ))
    rows = []
    for version in versions:
        for order, (section, (kind, depth, parent)) in enumerate(zip(sections, tree, strict=True)):
            data = {"responsible_person": section.responsible_person, "partners": ["Charita", "Úřad práce"],
                    "cost_czk": section.cost_czk, "starts_on": "2026-01-01", "ends_on": "2028-12-31",
                    "funding_source_label": "OP Z+"} if kind == "measure" else {}
            rows.append(VersionSection(
                version=version, uid=section.uid, parent_uid=sections[parent].uid if parent is not None else None,
                kind=kind, order=order, depth=depth, number=section.number, title=section.title,
                body=section.body + (f"\n\nZměna ve verzi {version.number}." if version.number > 1 else ""), data=data,
            ))
    _bulk(VersionSection, rows)
    return concept, versions


def _seed_rounds(m, org, people, versions, s: Scale):
    from concepts.models import VersionSection
    from concepts.rounds.models import Comment, Round, RoundInvitation, Settlement
    from portal.roles import Role

    now = timezone.now()
    rounds = []
    for k in range(s.rounds):
        version = versions[min(k, len(versions) - 1)]
        last = k == s.rounds - 1
        rounds.append(Round(
            municipality=m, version=version, title=f"Připomínkování verze {version.number} ({k + 1})",
            audience=Round.Audience.INVITED, opens_at=now - timedelta(days=60 * (s.rounds - k)),
            deadline=now + timedelta(days=20) if last else now - timedelta(days=60 * (s.rounds - k) - 21),
            status=Round.Status.SCHEDULED if last else Round.Status.PUBLISHED,  # open: the clock decides
            opened_at=now - timedelta(days=60 * (s.rounds - k)),
            closed_at=None if last else now - timedelta(days=30), settled_at=None if last else now - timedelta(days=20),
            published_at=None if last else now - timedelta(days=19), created_by=people[Role.GESTOR],
        ))
    rounds = _bulk(Round, rounds)
    partner = people[Role.PARTNER]
    invitations = _bulk(RoundInvitation, [
        RoundInvitation(round=r, user=partner, email=partner.email, name=partner.get_full_name(), organisation=org)
        for r in rounds
    ])
    sections_of = {}
    for r in rounds:
        if r.version_id not in sections_of:
            sections_of[r.version_id] = list(VersionSection.objects.filter(version_id=r.version_id)
                                             .order_by("order").values_list("pk", flat=True))
    comments = []
    for r, inv in zip(rounds, invitations, strict=True):
        section_ids = cycle(sections_of[r.version_id][::2] or sections_of[r.version_id])
        for n in range(1, s.comments + 1):
            comments.append(Comment(
                round=r, section_id=next(section_ids), number=n,
                kind=Comment.Kind.ESSENTIAL if n % 3 == 0 else Comment.Kind.RECOMMENDATION,
                text=COMMENT_TEXTS[n % len(COMMENT_TEXTS)], author=partner, invitation=inv, organisation=org,
                author_name=partner.get_full_name(), author_email=partner.email,
                created_at=r.opens_at + timedelta(hours=n), updated_at=r.opens_at + timedelta(hours=n),
            ))
    comments = _bulk(Comment, comments)
    outcomes = cycle(["accepted", "partly", "not_accepted"])
    published = {r.pk for r in rounds if r.status == Round.Status.PUBLISHED}
    _bulk(Settlement, [
        Settlement(comment=c, outcome=next(outcomes), justification="Zapracováno do další verze.",
                   settled_by=people[Role.WRITER])
        for c in comments if c.round_id in published
    ])
    return rounds


def _seed_groups(m, concept, people, s: Scale) -> None:
    from portal.roles import Role
    from workgroups.models import Attendance, Group, GroupMember, Meeting

    groups = _bulk(Group, [
        Group(municipality=m, concept=concept, kind=Group.Kind.STEERING if g == 0 else Group.Kind.WORKING,
              name="Řídicí tým" if g == 0 else f"Pracovní skupina {g}", methodologist=people[Role.WRITER],
              coordinator=people[Role.COORDINATOR])
        for g in range(s.groups)
    ])
    members = _bulk(GroupMember, [
        GroupMember(group=g, full_name=f"Člen {k + 1} ({g.name})", email=f"clen{k}.{g.pk}@example.org",
                    from_date=date(2025, 1, 1))
        for g in groups for k in range(s.members)
    ])
    start = timezone.now() - timedelta(days=30 * s.meetings)
    meetings = _bulk(Meeting, [
        Meeting(group=g, title=f"{g.name}: jednání {k + 1}", starts_at=start + timedelta(days=30 * k),
                ends_at=start + timedelta(days=30 * k, hours=2), place="Radnice, zasedací místnost",
                status=Meeting.Status.HELD, minutes="Zápis z jednání.", uid=uuid.uuid4())
        for g in groups for k in range(s.meetings)
    ])
    by_group: dict[int, list] = {}
    for member in members:
        by_group.setdefault(member.group_id, []).append(member)
    _bulk(Attendance, [
        Attendance(meeting=meeting, member=member, status="present" if (meeting.pk + member.pk) % 5 else "excused")
        for meeting in meetings for member in by_group[meeting.group_id]
    ])


def _seed_pilots(m, people, s: Scale):
    from pilots.models import Flat, Household, Placement, Programme, ProgrammeKind, Referral, SupportContact
    from portal.roles import Role

    kinds = [ProgrammeKind.CRISIS, ProgrammeKind.SOCIAL, ProgrammeKind.AFFORDABLE]
    programmes = _bulk(Programme, [
        Programme(municipality=m, kind=kind, name=f"Pilot {kind.label}", capacity_flats=max(1, s.households),
                  target_households=max(1, s.households), cohort_size=max(1, s.households), support_months=20,
                  start_date=date(2024, 1, 1), coordinator=people[Role.COORDINATOR])
        for kind in kinds
    ])
    programmes[0].social_workers.add(people[Role.SOCIAL_WORKER])
    share = [programmes[h % len(programmes)] for h in range(s.households)]
    flats = _bulk(Flat, [
        Flat(municipality=m, programme=p, address=f"Nádražní {100 + h}, {m.name}", district="Centrum",
             size_m2=Decimal("48.0"), layout=Flat.Layout.L11, owner=Flat.Owner.CITY, rent=Decimal("6000"),
             status=Flat.Status.OCCUPIED, available_from=date(2024, 1, 1))
        for h, p in enumerate(share)
    ])
    households = _bulk(Household, [
        Household(municipality=m, programme=p, code=f"B{m.pk:05d}{h:05d}"[-12:], stage=Household.Stage.PLACED,
                  size=3, adults=1, children=2, composition=Household.Composition.SINGLE_PARENT,
                  ethos=Household.Ethos.INSECURE, prior_living=Household.PriorLiving.RESIDENTIAL_HOTEL,
                  income_source=Household.Income.MATERIAL_NEED, referral_source=Household.Source.LABOUR_OFFICE)
        for h, p in enumerate(share)
    ])
    referrals = _bulk(Referral, [
        Referral(household=hh, programme=p, referred_on=date(2024, 1, 15), intensity=Referral.Intensity.MEDIUM,
                 planned_hours=Decimal("10"), decision=Referral.Decision.ACCEPTED, decided_on=date(2024, 2, 1), cohort=1)
        for hh, p in zip(households, share, strict=True)
    ])
    _bulk(Placement, [
        Placement(household=hh, referral=ref, programme=p, flat=flat, move_in=date(2024, 3, 1),
                  planned_end=date(2025, 11, 1), contract=Placement.Contract.SUBLEASE, monthly_rent=Decimal("6000"))
        for hh, ref, p, flat in zip(households, referrals, share, flats, strict=True)
    ])
    worker = people[Role.SOCIAL_WORKER]
    _bulk(SupportContact, [
        SupportContact(household=hh, programme=p, worker=worker, date=date(2024, 3, 1) + timedelta(days=14 * k),
                       minutes=60, mode=SupportContact.Mode.HOME_VISIT, domains=["housing"], note="Kontrola nájmu.")
        for hh, p in zip(households, share, strict=True) for k in range(s.contacts)
    ])
    return programmes[0]


CATALOGUE = [  # (code, name, unit, direction): the matrix's columns
    ("BENCH-HOUSED", "Domácnosti v bytové nouzi", "domácností", "down"),
    ("BENCH-FLATS", "Sociální byty v majetku města", "bytů", "up"),
    ("BENCH-EVICTIONS", "Soudní vystěhování", "případů", "down"),
    ("BENCH-DEBT", "Domácnosti v dluhovém poradenství", "domácností", "up"),
]
YEARS = 5


def _seed_indicators(munis, *, people) -> None:
    """The indicator matrix: a catalogue of four indicators, each planned in every municipality with
    a baseline and a target, and five years of approved yearly values."""
    from analytics.models import Indicator, IndicatorTarget, IndicatorValue, MunicipalityIndicator
    from analytics.models.indicators import TargetKind, ValueState

    catalogue = [
        Indicator.objects.get_or_create(code=code, municipality=None,
                                        defaults={"name": name, "unit": unit, "direction": direction})[0]
        for code, name, unit, direction in CATALOGUE
    ]
    plans = _bulk(MunicipalityIndicator, [
        MunicipalityIndicator(municipality=m, indicator=i, is_published=True) for m in munis for i in catalogue
    ])
    first = timezone.localdate().year - YEARS
    _bulk(IndicatorTarget, [
        IndicatorTarget(plan=plan, kind=kind, value=Decimal(value), on=date(year, 1, 1))
        for plan in plans for kind, value, year in ((TargetKind.BASELINE, 100, first), (TargetKind.TARGET, 150, first + YEARS + 2))
    ])
    gestor_of = dict(zip([m.pk for m in munis], people, strict=True))
    _bulk(IndicatorValue, [
        IndicatorValue(plan=plan, period_start=date(first + y, 1, 1), value=Decimal(100 + 7 * y + plan.pk % 5),
                       state=ValueState.APPROVED, entered_by=gestor_of[plan.municipality_id])
        for plan in plans for y in range(YEARS)
    ])
