"""Demo data of the pilots: Ostrava's three programmes as in seed 002 (slides 13–15).

Crisis housing: 30 flats, 3 cohorts of 10 households, 6 months of intensive support. Social and
affordable housing: 50 flats and 50 households each, 20 months. Dates are relative to today so
that every stage is present: cohorts that finished (some moved up, some completed, one evicted),
a cohort now housed, households waiting for a flat, on the waiting list or refused, arrears,
support contacts and plans with reviews. Names are invented. Idempotent: if the crisis
programme exists, nothing is loaded again. Bulk inserts keep it to a second or two.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from concepts.models import Section, SectionKind

from . import indicators
from .models import (
    EvaluationReport,
    Exit,
    FidelityAssessment,
    FidelityScore,
    Flat,
    FollowUp,
    Household,
    HouseholdIdentity,
    Placement,
    PlanReview,
    Programme,
    ProgrammeKind,
    Referral,
    RentCharge,
    StandardLease,
    SupportContact,
    SupportGoal,
    SupportPlan,
    add_months,
    month_start,
)

CRISIS = "Pilotní ověření krizového bydlení"
SOCIAL = "Pilotní ověření sociálního bydlení"
AFFORDABLE = "Pilotní ověření dostupného bydlení"

DISTRICTS = {
    "Moravská Ostrava a Přívoz": ["Nádražní", "Sokolská třída", "Českobratrská", "Palackého", "Přívozská", "Milíčova"],
    "Vítkovice": ["Mírová", "Sirotčí", "Tavičská", "Obránců míru"],
    "Poruba": ["Hlavní třída", "Opavská", "Dělnická", "Francouzská"],
    "Ostrava-Jih": ["Horní", "Dr. Martínka", "Výškovická", "Svazácká", "Jugoslávská"],
    "Slezská Ostrava": ["Keltičkova", "Těšínská", "Bohumínská"],
    "Mariánské Hory a Hulváky": ["Korunní", "Přemyslovců", "Novoveská", "Zelená"],
}
FIRST = ["Jana", "Petra", "Lucie", "Marie", "Kateřina", "Monika", "Tereza", "Pavel", "Josef", "Martin", "Roman", "Jiří", "Tomáš", "Radek"]
LAST = ["Horváth", "Novák", "Balog", "Dvořák", "Kolompár", "Sivák", "Procházka", "Lakatoš", "Kučera", "Oláh", "Zelenka", "Tichý"]
GOALS = [
    ("housing", "Platit nájem včas a udržet smlouvu"),
    ("debts", "Sestavit splátkový kalendář a požádat o oddlužení"),
    ("employment", "Najít zaměstnání nebo rekvalifikaci přes Úřad práce"),
    ("health", "Zaregistrovat se u praktického lékaře"),
    ("children", "Pravidelná docházka dětí do školy"),
    ("benefits", "Vyřídit příspěvek na bydlení"),
    ("relations", "Obnovit kontakt s rodinou"),
]


def load(ctx: dict, stdout=None) -> None:
    ostrava = ctx["municipalities"]["ostrava"]
    if Programme.objects.filter(municipality=ostrava, name=CRISIS).exists():
        return
    users, orgs = ctx["users"], ctx["organisations"]
    rng = random.Random(2016)  # noqa: S311 — demo data, reproducible
    today = timezone.localdate()
    social_worker, coordinator, methodologist = users["socialni.ostrava"], users["koordinator.ostrava"], users["metodik.ostrava"]

    def measure(fragment: str):
        return Section.objects.filter(concept__municipality=ostrava, kind=SectionKind.MEASURE, title__icontains=fragment).first()

    crisis_start = month_start(today - timedelta(days=460))
    long_start = month_start(today - timedelta(days=640))
    common = {"municipality": ostrava, "coordinator": coordinator, "methodologist": methodologist}
    crisis = Programme.objects.create(
        **common, kind=ProgrammeKind.CRISIS, name=CRISIS, measure=measure("krizové"), capacity_flats=30, target_households=30,
        cohort_count=3, cohort_size=10, support_months=6, start_date=crisis_start, end_date=add_months(crisis_start, 24),
        description="Nově ustavená služba krizového bydlení: 30 bytů, postupně 3 × 10 domácností, vždy 6 měsíců intenzivní podpory.",
    )
    social = Programme.objects.create(
        **common, kind=ProgrammeKind.SOCIAL, name=SOCIAL, measure=measure("50 sociálních bytů"), capacity_flats=50, target_households=50,
        cohort_count=1, cohort_size=50, support_months=20, start_date=long_start, end_date=add_months(long_start, 30),
        description="50 bytů a podpora 50 domácností po dobu 20 měsíců; podnájem přes NNO přechází po dvou letech na klienta.",
    )
    affordable = Programme.objects.create(
        **common, kind=ProgrammeKind.AFFORDABLE, name=AFFORDABLE, measure=measure("dostupn"), capacity_flats=50,
        target_households=50, cohort_count=1, cohort_size=50, support_months=20, start_date=long_start,
        end_date=add_months(long_start, 30),
        description="50 bytů dostupného bydlení pro domácnosti s příjmem, které nedosáhnou na tržní nájem.",
    )
    crisis.social_workers.add(social_worker)

    flats = {p.pk: _flats(ostrava, p, n, rng) for p, n in ((crisis, 30), (social, 50), (affordable, 50))}
    builder = _Builder(ostrava, rng, today, orgs, workers={crisis.pk: social_worker})

    # Crisis: cohort 1 and 2 finished (moves up to social housing, completions, one eviction), cohort 3 housed now.
    crisis_outcomes = {
        1: ["up", "up", "up", "up", "up", "standard", "standard", "non_payment", "voluntary", "completed"],
        2: ["up", "up", "up", "up", "standard", "completed", "completed", "abandoned", "stay", "stay"],
        3: ["stay"] * 8 + ["accepted", "accepted"],
    }
    moved_up: list[Placement] = []
    for cohort, outcomes in crisis_outcomes.items():
        move_in = add_months(crisis_start, (cohort - 1) * 6 + 1)
        for n, outcome in enumerate(outcomes):
            flat = flats[crisis.pk][(cohort - 1) * 10 + n] if cohort < 3 else flats[crisis.pk][n + 10 * (n >= 8)]
            placement = builder.episode(crisis, flat, move_in + timedelta(days=n), cohort, outcome, months=6)
            if outcome == "up":
                moved_up.append(placement)
    # Flats of cohort 1 are reused by cohort 3, so cohort 3 lives in the first ten flats.
    builder.pending(crisis, ["pending", "waiting", "waiting", "refused_client"])

    # Social housing: 40 housed from the start, the crisis households that moved up, a few exits.
    social_outcomes = (["stay"] * 30) + ["non_payment", "breach", "death", "up", "up", "voluntary", "stay", "stay", "stay", "stay"]
    for n, outcome in enumerate(social_outcomes):
        builder.episode(social, flats[social.pk][n], long_start + timedelta(days=7 * (n % 12)), 1, outcome, months=20)
    for n, previous in enumerate(moved_up[:8]):
        builder.episode(social, flats[social.pk][40 + n], previous.ended_on, 1, "stay", months=20, previous=previous)
    builder.pending(social, ["pending", "waiting"])

    # Affordable housing: 36 housed, two moved on to standard housing, one left.
    for n, outcome in enumerate((["stay"] * 33) + ["standard", "standard", "voluntary"]):
        builder.episode(affordable, flats[affordable.pk][n], long_start + timedelta(days=10 * (n % 10)), 1, outcome, months=20)
    builder.flush()
    _waiting_after_move_up(builder, {crisis.pk: social, social.pk: affordable}, today)
    _return_after_exit(builder, crisis, today)
    _fidelity(crisis, social, affordable, coordinator, today)

    EvaluationReport.objects.create(
        programme=crisis, title="Průběžná evaluace krizového bydlení", as_of=today, created_by=methodologist,
        summary="Pilotní ověření krizového bydlení prošlo dvěma běhy. Většina domácností bydlení udržela nebo postoupila do sociálního bydlení.",
        method="Data z portálu (přijetí, nastěhování, kontakty, nájemné), rozhovory s klienty a fokusní skupina se sociálními pracovníky ÚP, magistrátu a obvodů.",
        findings="Šestiměsíční intenzivní podpora stačí většině domácností; u zadlužených rodin je třeba navázat dluhovým poradenstvím dříve.",
        recommendations="Zachovat šestiměsíční podporu, standardizovat výběr klientů (depistáž) a přechod do sociálního bydlení.",
        snapshot=indicators.snapshot(crisis, as_of=today), snapshot_at=timezone.now(),
    )
    first_run = add_months(crisis_start, 13)
    EvaluationReport.objects.create(
        programme=crisis, title="Evaluace prvních dvou běhů krizového bydlení", as_of=first_run - timedelta(days=1),
        created_by=methodologist, status=EvaluationReport.Status.APPROVED, approved_by=methodologist, approved_at=timezone.now(),
        summary="Schválená evaluace po skončení druhého běhu. Interní verze s úplnými čísly je pro radu a zaměstnance města, "
                "veřejná verze s potlačenými malými počty pro Agenturu a veřejnost.",
        method="Data z portálu zmrazená ke dni evaluace; rozhovory s klienty.",
        findings="Většina domácností bydlení udržela nebo postoupila do sociálního bydlení; jedna se po odchodu vrátila.",
        recommendations="Navázat dluhové poradenství dříve a sledovat návraty do krizových služeb.",
        snapshot=indicators.snapshot(crisis, as_of=first_run - timedelta(days=1)), snapshot_at=timezone.now(),
    )
    if stdout:
        stdout.write(f"pilots: 3 programmes, {sum(len(f) for f in flats.values())} flats, {builder.households} households")


def _flats(ostrava, programme: Programme, count: int, rng: random.Random) -> list[Flat]:
    layouts = ["1+kk", "1+1", "2+kk", "2+1", "2+1", "3+1"]
    owners = {ProgrammeKind.CRISIS: ["district", "city"], ProgrammeKind.SOCIAL: ["district", "ngo", "private"],
              ProgrammeKind.AFFORDABLE: ["city", "private"]}[programme.kind]
    result = []
    districts = list(DISTRICTS)
    for n in range(count):
        district = districts[n % len(districts)]
        street = DISTRICTS[district][n % len(DISTRICTS[district])]
        layout = layouts[rng.randrange(len(layouts))]
        size = {"1+kk": 28, "1+1": 36, "2+kk": 44, "2+1": 55, "3+1": 72}[layout] + rng.randrange(-4, 8)
        owner = owners[n % len(owners)]
        result.append(Flat(
            municipality=ostrava, programme=programme, address=f"{street} {100 + n + 200 * programme.level}/{n % 40 + 1}, Ostrava",
            district=district, size_m2=Decimal(size), layout=layout, floor=rng.randrange(0, 6), has_lift=n % 4 == 0,
            barrier_free=n % 10 == 0, equipment="kuchyňská linka, sporák, lednice" if n % 3 else "kuchyňská linka, sporák",
            energy_class="CDEEFG"[rng.randrange(6)], owner=owner,
            owner_name={"ngo": "Charita Ostrava", "private": "RPG Byty, s.r.o.", "district": district, "city": "Statutární město Ostrava"}[owner],
            rent=Decimal(round(size * (75 if programme.kind == ProgrammeKind.AFFORDABLE else 62), -1)),
            in_excluded_locality=district in {"Vítkovice", "Moravská Ostrava a Přívoz"} and n % 5 == 0,
            status=Flat.Status.AVAILABLE, available_from=programme.start_date,
        ))
    return Flat.objects.bulk_create(result)


class _Builder:
    """Creates episodes one by one (their ids link them) and the bulky rows in batches."""

    # outcome → completion, reason, where the household went (Exit.Place, mapped to its category)
    EXIT = {
        "up": (Exit.Completion.COMPLETED, Exit.Reason.MOVED_UP, Exit.Place.SOCIAL_FLAT),
        "standard": (Exit.Completion.COMPLETED, Exit.Reason.MOVED_UP, Exit.Place.OWN_TENANCY),
        "completed": (Exit.Completion.COMPLETED, Exit.Reason.COMPLETED, Exit.Place.SUPPORTED_TENANCY),
        "non_payment": (Exit.Completion.INVOLUNTARY, Exit.Reason.NON_PAYMENT, Exit.Place.HOSTEL),
        "breach": (Exit.Completion.INVOLUNTARY, Exit.Reason.BREACH, Exit.Place.HOMELESS),
        "voluntary": (Exit.Completion.VOLUNTARY, Exit.Reason.VOLUNTARY, Exit.Place.FAMILY_TEMPORARY),
        "abandoned": (Exit.Completion.VOLUNTARY, Exit.Reason.ABANDONED, Exit.Place.UNKNOWN),
        "death": (Exit.Completion.INVOLUNTARY, Exit.Reason.DEATH, Exit.Place.DECEASED),
    }

    def __init__(self, municipality, rng, today, orgs, workers):
        self.municipality, self.rng, self.today, self.orgs, self.workers = municipality, rng, today, orgs, workers
        self.households = 0
        self.charges: list[RentCharge] = []
        self.contacts: list[SupportContact] = []
        self.reviews: list[PlanReview] = []
        self.goals: list[SupportGoal] = []
        self.follow_ups: list[FollowUp] = []
        self.occupied: set[int] = set()

    def household(self, programme: Programme, stage: str) -> Household:
        rng = self.rng
        adults = rng.choice([1, 1, 2])
        children = rng.choice([0, 1, 2, 3])
        composition = {(1, 0): "single", (2, 0): "couple", (1, 1): "single_parent", (2, 1): "family"}[(adults, min(children, 1))]
        debt = rng.random() < 0.7
        household = Household.objects.create(
            municipality=self.municipality, programme=programme, stage=stage, size=adults + children, adults=adults,
            children=children, composition=composition, ethos=rng.choice(["2", "3", "8", "8", "9", "12"]),
            prior_living=rng.choice(["residential_hotel", "residential_hotel", "shelter", "relatives", "own_at_risk"]),
            income_source=rng.choice(["material_need", "employment", "unemployment", "parental", "disability"]),
            has_debt=debt, debt_band=rng.choice(["lt50", "50_200", "200_500"]) if debt else "",
            referral_source=rng.choice(["labour_office", "magistrate", "district", "ngo", "child_protection", "field_work"]),
        )
        HouseholdIdentity.objects.create(
            household=household, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", birth_year=rng.randrange(1965, 2003),
            phone=f"+420 7{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        )
        self.households += 1
        return household

    def referral(self, household, programme, *, decision, decided_on, cohort=None, previous=None, **extra) -> Referral:
        org = self.orgs.get("Úřad práce ČR – kontaktní pracoviště Ostrava")
        return Referral.objects.create(
            household=household, programme=programme, referred_on=decided_on - timedelta(days=21), referrer=org,
            referrer_name="sociální pracovnice ÚP", intensity=self.rng.choice(["medium", "high"] if programme.kind == "crisis" else ["low", "medium"]),
            planned_hours=Decimal(20 if programme.kind == "crisis" else 8), decision=decision, decided_on=decided_on,
            cohort=cohort, from_placement=previous, **extra,
        )

    def pending(self, programme: Programme, decisions: list[str]) -> None:
        for position, decision in enumerate(decisions, start=1):
            stage = {"pending": "referred", "waiting": "waiting", "refused_client": "refused"}[decision]
            household = self.household(programme, stage)
            self.referral(
                household, programme, decision=decision, decided_on=self.today - timedelta(days=5 * position),
                waiting_position=position if decision == "waiting" else None,
                reason="Klientka odmítla byt mimo Ostravu-Jih." if decision == "refused_client" else "",
            )

    def episode(self, programme, flat, move_in, cohort, outcome, *, months, previous=None) -> Placement | None:
        today = self.today
        if outcome == "accepted":
            household = self.household(programme, Household.Stage.ACCEPTED)
            self.referral(household, programme, decision="accepted", decided_on=today - timedelta(days=10), cohort=cohort)
            return None
        end = add_months(move_in, months) if outcome in {"up", "standard", "completed"} else None
        if outcome in {"non_payment", "breach", "voluntary", "abandoned", "death"}:
            end = move_in + timedelta(days=self.rng.randrange(90, 300 if months > 6 else 150))
        if end and end > today:
            end = today - timedelta(days=3)
        household = previous.household if previous else self.household(programme, Household.Stage.EXITED if end else Household.Stage.PLACED)
        if previous:
            household.programme, household.stage = programme, Household.Stage.PLACED
            household.save(update_fields=["programme", "stage"])
        referral = self.referral(household, programme, decision="accepted", decided_on=move_in - timedelta(days=self.rng.randrange(3, 30)),
                                 cohort=cohort, previous=previous)
        contract = {"crisis": "accommodation", "social": "sublease", "affordable": "direct"}[programme.kind]
        placement = Placement.objects.create(
            household=household, referral=referral, programme=programme, flat=flat, move_in=move_in,
            planned_end=add_months(move_in, programme.stay_months), ended_on=end, contract=contract, monthly_rent=flat.rent,
            previous=previous,
            lease_transferred_on=add_months(move_in, 24) if contract == "sublease" and add_months(move_in, 24) <= today and not end else None,
        )
        if end is None:
            self.occupied.add(flat.pk)
        self._ledger(placement, outcome)
        self._support(placement, outcome)
        if end:
            completion, reason, place = self.EXIT[outcome]
            destination = Exit.PLACE_CATEGORY[place]
            exit = Exit.objects.create(placement=placement, exit_date=end, completion=completion, reason=reason,
                                       destination=destination, place=place)
            # a permanent destination carries its evidence: the next programme's enrolment (moves
            # up to it, created by the caller) or the lease record
            if outcome in {"standard", "completed"}:
                StandardLease.objects.create(
                    # not from ``rng``: the rest of the demo keeps its sequence
                    exit=exit, signed_on=end, landlord=("city", "district", "cooperative", "private")[household.pk % 4],
                    fixed_term=household.pk % 2 == 0,
                )
            if destination != Exit.Destination.DECEASED:
                for m in FollowUp.MONTHS:
                    due = add_months(end, m)
                    done = due < today
                    self.follow_ups.append(FollowUp(
                        exit=exit, months=m, due_on=due, done_on=due + timedelta(days=5) if done else None,
                        status=("same_home" if destination == "permanent" else "unknown") if done else "",
                    ))
        return placement

    def _ledger(self, placement: Placement, outcome: str) -> None:
        end = placement.ended_on or self.today
        month = month_start(placement.move_in)
        late = outcome in {"non_payment"} or self.rng.random() < 0.15
        while month <= end:
            paid = placement.monthly_rent
            if late and self.rng.random() < 0.5:
                paid = Decimal(0) if outcome == "non_payment" else (placement.monthly_rent / 2).quantize(Decimal("1"))
            self.charges.append(RentCharge(placement=placement, month=month, due=placement.monthly_rent, paid=paid))
            month = add_months(month, 1)

    def _support(self, placement: Placement, outcome: str) -> None:
        plan = SupportPlan.objects.create(household=placement.household, programme=placement.programme, started_on=placement.move_in,
                                          closed_on=placement.ended_on)
        for domain, text in self.rng.sample(GOALS, 3):
            status = "achieved" if placement.ended_on and outcome in {"up", "standard", "completed"} else self.rng.choice(["open", "in_progress", "in_progress"])
            self.goals.append(SupportGoal(plan=plan, domain=domain, description=text, status=status))
        due = add_months(placement.move_in, 3)
        end = placement.ended_on or add_months(self.today, 1)
        while due <= end:
            if due <= self.today:
                late = self.rng.random() < 0.2
                done = due + timedelta(days=9) if late else due - timedelta(days=2)
                self.reviews.append(PlanReview(plan=plan, due_on=due, done_on=done if placement.ended_on or done <= self.today else None))
            else:
                self.reviews.append(PlanReview(plan=plan, due_on=due))
            due = add_months(due, 3)
        if placement.ended_on is None:
            self.reviews.append(PlanReview(plan=plan, due_on=due))  # the next review, not yet due
        step = 10 if placement.programme.kind == ProgrammeKind.CRISIS else 21
        day = placement.move_in + timedelta(days=2)
        end = placement.ended_on or self.today
        while day < end:
            self.contacts.append(SupportContact(
                household=placement.household, programme=placement.programme, worker=self.workers.get(placement.programme_id), date=day,
                minutes=self.rng.choice([30, 45, 60, 60, 90]), mode=self.rng.choice(["home_visit", "home_visit", "office", "phone", "accompaniment"]),
                domains=self.rng.sample(["housing", "debts", "employment", "benefits", "children"], 2),
            ))
            day += timedelta(days=step + self.rng.randrange(-3, 4))

    def flush(self) -> None:
        RentCharge.objects.bulk_create(self.charges, batch_size=500)
        SupportContact.objects.bulk_create(self.contacts, batch_size=500)
        PlanReview.objects.bulk_create(self.reviews, batch_size=500, ignore_conflicts=True)
        SupportGoal.objects.bulk_create(self.goals, batch_size=500)
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=500)
        Flat.objects.filter(pk__in=self.occupied).update(status=Flat.Status.OCCUPIED)


def _return_after_exit(builder: _Builder, crisis: Programme, today) -> None:
    """One household that left crisis housing for a permanent destination came back: its +6 month
    follow-up found it in a hostel, and it was referred to crisis housing again (same code)."""
    exit = (
        Exit.objects.filter(placement__programme=crisis, reason=Exit.Reason.COMPLETED, destination=Exit.Destination.PERMANENT)
        .select_related("placement__household").order_by("exit_date", "pk").first()
    )
    if exit is None:
        return
    household = exit.placement.household
    FollowUp.objects.filter(exit=exit, months=6).update(
        done_on=add_months(exit.exit_date, 6), status=FollowUp.Status.TEMPORARY,
        note="Po rozpadu domácnosti bydlí na ubytovně.",
    )
    back_on = add_months(exit.exit_date, 7)
    if back_on > today:
        back_on = today
    builder.referral(household, crisis, decision=Referral.Decision.PENDING, decided_on=back_on + timedelta(days=21))
    Referral.objects.filter(household=household, programme=crisis, decision=Referral.Decision.PENDING).update(decided_on=None)
    household.programme, household.stage = crisis, Household.Stage.REFERRED
    household.save(update_fields=["programme", "stage"])


def _fidelity(crisis: Programme, social: Programme, affordable: Programme, coordinator, today) -> None:
    """The eight Housing First principles for every programme, and a self-assessment of crisis
    housing twice, six months apart, so the evaluation shows a trend."""
    from .services import fidelity_items_seed

    for programme in (crisis, social, affordable):
        fidelity_items_seed(programme=programme)
    items = list(crisis.fidelity_items.all())
    for months_ago, scores in ((9, [2, 2, 3, 1, 2, 3, 2, 1]), (3, [3, 3, 3, 2, 3, 4, 3, 2])):
        assessment = FidelityAssessment.objects.create(
            programme=crisis, assessed_on=add_months(month_start(today), -months_ago), created_by=coordinator,
            note="Sebehodnocení týmu na poradě s metodičkou.",
        )
        FidelityScore.objects.bulk_create(
            [FidelityScore(assessment=assessment, item=item, score=score) for item, score in zip(items, scores, strict=True)]
        )


def _waiting_after_move_up(builder: _Builder, next_programme: dict, today) -> None:
    """Moves up for which the next programme had no free flat: the household is enrolled there on
    its waiting list (the enrolment is the evidence of the permanent destination)."""
    exits = Exit.objects.filter(
        placement__programme_id__in=list(next_programme), reason=Exit.Reason.MOVED_UP, place=Exit.Place.SOCIAL_FLAT,
        placement__onward_referrals__isnull=True,
    ).select_related("placement__household").order_by("exit_date", "pk")
    for exit in exits:
        target = next_programme[exit.placement.programme_id]
        household = exit.placement.household
        last = Referral.objects.filter(programme=target, decision=Referral.Decision.WAITING).order_by("-waiting_position").first()
        builder.referral(household, target, decision=Referral.Decision.WAITING, decided_on=min(exit.exit_date + timedelta(days=21), today),
                         previous=exit.placement, waiting_position=(last.waiting_position if last and last.waiting_position else 0) + 1)
        household.programme, household.stage = target, Household.Stage.WAITING
        household.save(update_fields=["programme", "stage"])
