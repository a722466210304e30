"""Demo data of the groups (DESIGN §5): Ostrava's steering team with a year of monthly meetings,
the two working groups of seed 002 (one with a category gap), a focus group, the schedule; and
Kladno's smaller steering team. Idempotent: a group that already has meetings is left as it is.
Dates are relative to today, so the steering team's last meeting is always within 45 days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    ChecklistItem,
    Decision,
    FocusGroupCount,
    FocusGroupOutput,
    Group,
    GroupMember,
    Meeting,
    Method,
    Milestone,
)
from .models import StakeholderCategory as Cat

MONTHS = ["leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září", "říjen",
          "listopad", "prosinec"]

OSSV = "Magistrát města Ostravy – odbor sociálních věcí"
MAJ = "Magistrát města Ostravy – odbor majetkový"
STRAT = "Magistrát města Ostravy – odbor strategického rozvoje"
FIN = "Magistrát města Ostravy – odbor financí a rozpočtu"
UP = "Úřad práce ČR – kontaktní pracoviště Ostrava"
MP = "Městská policie Ostrava"
AS = "Armáda spásy v ČR, z. s."
CHARITA = "Charita Ostrava"
VZS = "Vzájemné soužití, o. p. s."
CSS = "Centrum sociálních služeb Ostrava, o. p. s."
OBVOD = "Statutární město Ostrava – Městský obvod Moravská Ostrava a Přívoz"

# (username or None, name, organisation, role, category)
STEERING_OSTRAVA = [
    (None, "Ing. Radek Kubík", None, "chair", Cat.COUNCILLOR),
    ("gestor.ostrava", "", OSSV, "member", Cat.SOCIAL_DEPARTMENT),
    ("metodik.ostrava", "", OSSV, "methodologist", Cat.OTHER),
    ("koordinator.ostrava", "", OSSV, "coordinator", Cat.SOCIAL_DEPARTMENT),
    (None, "Ing. Hana Šimková", MAJ, "member", Cat.PROPERTY_DEPARTMENT),
    (None, "Ing. Karel Vlček", FIN, "member", Cat.FINANCE_DEPARTMENT),
    (None, "Mgr. Renata Pokorná", STRAT, "member", Cat.STRATEGY_DEPARTMENT),
    (None, "Bc. David Holub", OBVOD, "member", Cat.HOUSING_MANAGER),
]

CRISIS_GROUP = [
    (None, "Mgr. Zdeňka Králová", None, "chair", Cat.COUNCILLOR),
    ("metodik.ostrava", "", OSSV, "methodologist", Cat.OTHER),
    ("koordinator.ostrava", "", OSSV, "coordinator", Cat.OTHER),
    ("socialni.ostrava", "", OSSV, "member", Cat.SOCIAL_DEPARTMENT),
    (None, "Mgr. Ivana Kopecká (OSPOD)", OSSV, "member", Cat.SOCIAL_DEPARTMENT),
    ("clen.ostrava", "", MAJ, "member", Cat.PROPERTY_DEPARTMENT),
    (None, "Ing. Miroslav Bureš", FIN, "member", Cat.FINANCE_DEPARTMENT),
    (None, "Mgr. Renata Pokorná", STRAT, "member", Cat.STRATEGY_DEPARTMENT),
    (None, "Jaroslav Kříž (bytová komise)", None, "member", Cat.COMMISSIONS),
    (None, "Bc. David Holub", OBVOD, "member", Cat.HOUSING_MANAGER),
    (None, "Mgr. Alena Benešová", UP, "member", Cat.LABOUR_OFFICE),
    ("nno.ostrava", "", CHARITA, "member", Cat.NGO),
    (None, "Mgr. Roman Daniel", VZS, "member", Cat.NGO),
    (None, "Bc. Lenka Sýkorová", AS, "member", Cat.RESIDENTIAL_SERVICES),
    (None, "Jana Balážová (zástupkyně nájemníků)", None, "member", Cat.TARGET_GROUP),
    (None, "Ing. arch. Filip Málek", None, "member", Cat.CITY_ARCHITECT),
    (None, "npor. Michal Štěpánek", MP, "member", Cat.MUNICIPAL_POLICE),
]

# Missing on purpose: labour office, residential services, target group, municipal police.
STOCK_GROUP = [
    (None, "Ing. Radek Kubík", None, "chair", Cat.COUNCILLOR),
    ("metodik.ostrava", "", OSSV, "methodologist", Cat.OTHER),
    ("clen.ostrava", "", MAJ, "member", Cat.PROPERTY_DEPARTMENT),
    ("nno.ostrava", "", CHARITA, "member", Cat.NGO),
    (None, "Ing. Hana Šimková", MAJ, "member", Cat.PROPERTY_DEPARTMENT),
    (None, "Ing. Karel Vlček", FIN, "member", Cat.FINANCE_DEPARTMENT),
    (None, "Mgr. Renata Pokorná", STRAT, "member", Cat.STRATEGY_DEPARTMENT),
    (None, "Mgr. Petra Urbanová", OSSV, "member", Cat.SOCIAL_DEPARTMENT),
    (None, "Jaroslav Kříž (bytová komise)", None, "member", Cat.COMMISSIONS),
    (None, "Bc. David Holub", OBVOD, "member", Cat.HOUSING_MANAGER),
    (None, "Ing. arch. Filip Málek", None, "member", Cat.CITY_ARCHITECT),
]

STEERING_KLADNO = [
    (None, "Mgr. Tomáš Hlaváček", None, "chair", Cat.COUNCILLOR),
    ("gestor.kladno", "", "Magistrát města Kladna – odbor sociálních věcí", "member", Cat.SOCIAL_DEPARTMENT),
    (None, "Ing. Věra Machová", None, "member", Cat.PROPERTY_DEPARTMENT),
    (None, "Ing. Jiří Doležal", None, "member", Cat.FINANCE_DEPARTMENT),
]

STEERING_TOPICS = [
    ("Ustavení řídicího týmu a zadání koncepce", Method.DISCUSSION,
     "Řídicí tým byl ustaven usnesením rady města. Gestorkou koncepce je vedoucí odboru sociálních věcí.",
     "Řídicí tým schvaluje svůj jednací řád a zadání koncepce bydlení."),
    ("Vize koncepce a doba její platnosti", Method.WORLD_CAFE,
     "Ve třech stolech (dostupnost, kvalita bytového fondu, prevence ztráty bydlení) vznikly návrhy vize.",
     "Koncepce bude platit na období 2026–2030."),
    ("Zhodnocení zdrojů: podkladová analýza", Method.DISCUSSION,
     "Projednán rozsah podkladové analýzy v 9 kapitolách a možnost externího výzkumu.",
     "Podkladovou analýzu zpracuje externí dodavatel ve spolupráci s metodikem."),
    ("Výběr tvůrce textu a nominace členů PS", Method.DISCUSSION,
     "Tvůrcem textu byl vybrán metodik projektu. Odbory nominovaly členy obou pracovních skupin.",
     "Řídicí tým schvaluje složení obou pracovních skupin (max. 18 členů)."),
    ("Harmonogram tvorby koncepce", Method.DISCUSSION,
     "Projednán harmonogram s ohledem na jednání rady a zastupitelstva.",
     "Harmonogram tvorby koncepce je schválen."),
    ("Podněty z území: bytová nouze v obvodech", Method.PROBLEM_TREE,
     "Metodou stromování byly rozebrány příčiny ztráty bydlení hlášené obvody.",
     "Obvody dodají data o neplatičství do konce měsíce."),
    ("Průběžné výsledky podkladové analýzy", Method.DISCUSSION,
     "Dodavatel představil sociodemografickou analýzu a popis bytového fondu.",
     "Kapitola o správě městského bytového fondu bude doplněna o strukturu dluhů."),
    ("Zapojení místních odborníků", Method.DISCUSSION,
     "Přizváni zástupci univerzity a městský architekt.",
     "Městský architekt se stává stálým hostem řídicího týmu."),
    ("Výstupy fokusních skupin", Method.DISCUSSION,
     "Koordinátorka shrnula výstupy fokusních skupin s lidmi v bytové nouzi.",
     "Výstupy fokusních skupin budou zapracovány jako zjištění do analýzy."),
    ("Návrh priorit a cílů", Method.MICRO_TEAMS,
     "Tematické mikrotýmy připravily návrh čtyř priorit v oblasti bydlení.",
     "Návrh priorit se předává pracovním skupinám k rozpracování do opatření."),
    ("Rozpočet pilotního ověření", Method.DISCUSSION,
     "Projednáno financování pilotáže krizového, sociálního a dostupného bydlení (OP Z+, IROP, rozpočet města).",
     "Finanční odbor připraví rozpočtové opatření pro pilotáž."),
    ("Příprava připomínkového řízení", Method.DISCUSSION,
     "Projednán okruh připomínkových míst a termín připomínkového řízení k pracovní verzi koncepce.",
     "Pracovní verze koncepce bude rozeslána partnerům k připomínkám."),
]

ACTIONS = [
    ("Rozeslat zápis a prezenční listinu členům", "koordinator.ostrava", 7),
    ("Připravit podklady o obsazenosti městských bytů", "gestor.ostrava", 21),
    ("Zajistit data Úřadu práce o příspěvku na bydlení", "metodik.ostrava", 28),
]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _members(group: Group, spec, ctx) -> dict[str, GroupMember]:
    users, orgs = ctx["users"], ctx["organisations"]
    start = timezone.localdate() - timedelta(days=400)
    result = {}
    for username, name, org_name, role, category in spec:
        user = users.get(username) if username else None
        full_name = name or (user.get_full_name() if user else "")
        member, _ = GroupMember.objects.get_or_create(
            group=group, full_name=full_name,
            defaults={"user": user, "email": user.email if user else "", "organisation": orgs.get(org_name),
                      "role": role, "category": category, "from_date": start},
        )
        result[username or full_name] = member
    return result


def _minutes(title: str, body: str, decision: str, present: list[str]) -> str:
    return (
        f"## {title}\n\n"
        f"**Přítomni:** {', '.join(present)}\n\n"
        "### 1. Kontrola úkolů z minulého jednání\n\n"
        "Úkoly z minulého jednání byly zkontrolovány; nesplněné úkoly se přesouvají.\n\n"
        f"### 2. Hlavní bod jednání\n\n{body}\n\n"
        f"### 3. Závěry\n\n- {decision}\n- Příští jednání proběhne zhruba za měsíc.\n"
    )


def _meeting(group, title, day, method, members, *, body="", decision="", absent=(), excused=(), actions=(),
             place="Nová radnice, zasedací místnost č. 312", hours=(14, 16)) -> Meeting:
    meeting = Meeting.objects.create(
        group=group, title=title, starts_at=_aware(day, hours[0]), ends_at=_aware(day, hours[1]), place=place,
        method=method, status=Meeting.Status.HELD if day < timezone.localdate() else Meeting.Status.PLANNED,
        invited_at=_aware(day - timedelta(days=10), 9),
    )
    AgendaItem.objects.bulk_create([
        AgendaItem(meeting=meeting, position=1, title="Kontrola úkolů z minulého jednání", minutes_planned=15),
        AgendaItem(meeting=meeting, position=2, title=title, minutes_planned=60),
        AgendaItem(meeting=meeting, position=3, title="Různé a termín dalšího jednání", minutes_planned=15),
    ])
    if day < timezone.localdate():
        present = []
        rows = []
        for key, member in members.items():
            status = (Attendance.Status.ABSENT if key in absent else
                      Attendance.Status.EXCUSED if key in excused else Attendance.Status.PRESENT)
            if status == Attendance.Status.PRESENT:
                present.append(member.full_name)
            rows.append(Attendance(meeting=meeting, member=member, status=status))
        Attendance.objects.bulk_create(rows)
        meeting.minutes = _minutes(title, body, decision, present)
        meeting.save(update_fields=["minutes"])
        if decision:
            Decision.objects.create(meeting=meeting, position=1, text=decision)
        for text, assignee, days, done in actions:
            ActionItem.objects.create(
                meeting=meeting, text=text, assignee=members.get(assignee), due_date=day + timedelta(days=days),
                status=ActionItem.Status.DONE if done else ActionItem.Status.OPEN,
                completed_at=_aware(day + timedelta(days=days - 2), 10) if done else None,
            )
    return meeting


def _steering_meetings(group, members, today) -> list[Meeting]:
    meetings = []
    for index, (title, method, body, decision) in enumerate(STEERING_TOPICS):
        months_back = 11 - index
        day = today - timedelta(days=30 * months_back + 18)
        while day.weekday() > 3:  # Monday to Thursday
            day -= timedelta(days=1)
        label = f"Řídicí tým – {MONTHS[day.month - 1]} {day.year}: {title}"
        # Older tasks are done; the last three meetings leave open tasks, some already overdue.
        actions = [(text, who, days, months_back > 2 or (months_back == 2 and days < 14)) for text, who, days in ACTIONS]
        absent = {"Ing. Karel Vlček"} if index % 4 == 1 else set()
        excused = {"Mgr. Renata Pokorná"} if index % 3 == 2 else set()
        meetings.append(_meeting(group, label, day, method, members, body=body, decision=decision, absent=absent,
                                 excused=excused, actions=actions))
    upcoming = today + timedelta(days=12)
    while upcoming.weekday() > 3:
        upcoming += timedelta(days=1)
    meetings.append(_meeting(group, f"Řídicí tým – {MONTHS[upcoming.month - 1]} {upcoming.year}: vypořádání připomínek",
                             upcoming, Method.DISCUSSION, members))
    return meetings


def _milestones(municipality, steering, today) -> None:
    if Milestone.objects.filter(municipality=municipality).exists():
        return
    plan = [
        ("Workshop ke koncepci bydlení a prezentace výzkumu", "preparation", -330, Milestone.Status.DONE),
        ("Ustavení řídicího týmu a pracovních skupin", "steering", -300, Milestone.Status.DONE),
        ("Dokončení podkladové analýzy (9 kapitol)", "analysis", -120, Milestone.Status.DONE),
        ("Návrh priorit, cílů a opatření", "proposal", -40, Milestone.Status.IN_PROGRESS),
        ("Připomínkové řízení k pracovní verzi", "strategy", 20, Milestone.Status.PLANNED),
        ("Projednání koncepce v radě a zastupitelstvu", "strategy", 90, Milestone.Status.PLANNED),
        ("Zahájení pilotního ověření krizového, sociálního a dostupného bydlení", "to_practice", 150,
         Milestone.Status.PLANNED),
    ]
    for title, phase, offset, status in plan:
        due = today + timedelta(days=offset)
        Milestone.objects.create(
            municipality=municipality, group=steering, phase=phase, title=title, due_date=due, status=status,
            completed_on=due if status == Milestone.Status.DONE else None,
        )


def _ostrava(ctx, today) -> dict:
    ostrava = ctx["municipalities"]["ostrava"]
    users = ctx["users"]
    concept = (ctx.get("concepts") or {}).get("ostrava")
    steering, _ = Group.objects.get_or_create(
        municipality=ostrava, name="Řídicí tým koncepce bydlení",
        defaults={"kind": Group.Kind.STEERING, "topic": "Řízení tvorby koncepce bydlení města Ostravy",
                  "purpose": "Politické vedení a vedoucí odborů: vize, zdroje, harmonogram, nominace členů "
                             "pracovních skupin a reakce na podněty z území.",
                  "concept": concept, "methodologist": users["metodik.ostrava"],
                  "coordinator": users["koordinator.ostrava"]},
    )
    crisis, _ = Group.objects.get_or_create(
        municipality=ostrava, name="PS ke krizovému, sociálnímu a dostupnému bydlení",
        defaults={"kind": Group.Kind.WORKING, "max_members": 18, "concept": concept,
                  "topic": "Krizové, sociální a dostupné bydlení",
                  "purpose": "Analýza problémů, návrh cílů a opatření pro krizové, sociální a dostupné bydlení; "
                             "příprava pilotního ověření.",
                  "methodologist": users["metodik.ostrava"], "coordinator": users["koordinator.ostrava"]},
    )
    stock, _ = Group.objects.get_or_create(
        municipality=ostrava, name="PS k udržitelnosti a rozvoji bytového fondu",
        defaults={"kind": Group.Kind.WORKING, "max_members": 18, "concept": concept,
                  "topic": "Udržitelnost a rozvoj bytového fondu",
                  "purpose": "Stav a struktura městského bytového fondu, investice, prázdné byty a neplatičství.",
                  "methodologist": users["metodik.ostrava"]},
    )
    focus, _ = Group.objects.get_or_create(
        municipality=ostrava, name="Fokusní skupina – lidé v bytové nouzi",
        defaults={"kind": Group.Kind.FOCUS, "parent": crisis, "concept": concept,
                  "topic": "Zkušenosti lidí ohrožených ztrátou bydlení",
                  "coordinator": users["koordinator.ostrava"]},
    )
    steering_members = _members(steering, STEERING_OSTRAVA, ctx)
    crisis_members = _members(crisis, CRISIS_GROUP, ctx)
    stock_members = _members(stock, STOCK_GROUP, ctx)
    _members(focus, [("koordinator.ostrava", "", OSSV, "coordinator", Cat.OTHER)], ctx)
    for item in ChecklistItem.Task.values:
        ChecklistItem.objects.get_or_create(group=steering, task=item)
    done = {"vision", "resources", "writer", "nominate", "schedule"}
    for item in steering.checklist.filter(status=ChecklistItem.Status.TODO):
        if item.task in done:
            item.status, item.date = ChecklistItem.Status.DONE, today - timedelta(days=250)
        else:
            item.status, item.note = ChecklistItem.Status.IN_PROGRESS, "Průběžně na každém jednání."
        item.save(update_fields=["status", "date", "note"])

    if not steering.meetings.exists():
        _steering_meetings(steering, steering_members, today)
    if not crisis.meetings.exists():
        for offset, title, method in [(200, "Analýza problémů: stromování příčin ztráty bydlení", Method.PROBLEM_TREE),
                                      (110, "World café: krizové bydlení a podpora klienta", Method.WORLD_CAFE),
                                      (25, "Opatření pro sociální bydlení", Method.MICRO_TEAMS)]:
            _meeting(crisis, title, today - timedelta(days=offset), method, crisis_members,
                     body="Členové skupiny nabídli vlastní data a zkušenosti.",
                     decision="Návrhy opatření zpracuje metodik do pracovní verze.",
                     excused={"Ing. Miroslav Bureš"},
                     actions=[("Doplnit počty klientů v azylových domech", "nno.ostrava", 14, offset > 100)])
        _meeting(crisis, "Připomínky k pracovní verzi koncepce", today + timedelta(days=5), Method.DISCUSSION,
                 crisis_members, place="Nová radnice, místnost č. 105")
    if not stock.meetings.exists():
        for offset, title, method in [(180, "Stav a struktura městského bytového fondu", Method.DISCUSSION),
                                      (60, "Design thinking: prázdné byty a jejich využití", Method.DESIGN_THINKING)]:
            _meeting(stock, title, today - timedelta(days=offset), method, stock_members,
                     body="Majetkový odbor představil data o počtu, stavu a obsazenosti bytů.",
                     decision="Majetkový odbor připraví seznam prázdných bytů vhodných pro pilotáž.",
                     absent={"Ing. Karel Vlček"},
                     actions=[("Seznam prázdných bytů s odhadem nákladů na opravu", "clen.ostrava", 30, offset > 100)])
    if not focus.meetings.exists():
        meeting = _meeting(focus, "Fokusní skupina v azylovém domě", today - timedelta(days=150), Method.FOCUS_GROUP,
                           {}, place="Azylový dům Armády spásy, Ostrava-Přívoz", hours=(10, 12))
        FocusGroupCount.objects.bulk_create([
            FocusGroupCount(meeting=meeting, target_group="osoby bez domova (ETHOS 3)", count=7),
            FocusGroupCount(meeting=meeting, target_group="rodiny s dětmi v ubytovnách", count=5),
        ])
        for text in ["Účastníci uvádějí, že hlavní bariérou získání nájemního bytu je požadovaná kauce a dluhy.",
                     "Rodiny s dětmi v ubytovnách by uvítaly doprovod sociálního pracovníka při jednání s pronajímatelem."]:
            FocusGroupOutput.objects.create(meeting=meeting, text=text, created_by=users["koordinator.ostrava"])
    _milestones(ostrava, steering, today)
    return {"steering": steering, "housing_crisis_social_affordable": crisis, "housing_stock": stock, "focus": focus}


def _kladno(ctx, today) -> dict:
    kladno = ctx["municipalities"]["kladno"]
    steering, _ = Group.objects.get_or_create(
        municipality=kladno, name="Řídicí tým koncepce bydlení Kladno",
        defaults={"kind": Group.Kind.STEERING, "topic": "Příprava koncepce bydlení",
                  "concept": (ctx.get("concepts") or {}).get("kladno")},
    )
    members = _members(steering, STEERING_KLADNO, ctx)
    for item in ChecklistItem.Task.values:
        ChecklistItem.objects.get_or_create(group=steering, task=item)
    if not steering.meetings.exists():
        _meeting(steering, "Ustavující jednání řídicího týmu", today - timedelta(days=70), Method.DISCUSSION, members,
                 body="Řídicí tým projednal zadání koncepce a vazbu na komunitní plán sociálních služeb.",
                 decision="Gestorem koncepce je vedoucí odboru sociálních věcí.",
                 place="Magistrát města Kladna, zasedací místnost")
        _meeting(steering, "Vize a harmonogram", today - timedelta(days=30), Method.WORLD_CAFE, members,
                 body="Návrh vize a časového plánu.", decision="Harmonogram bude předložen radě města.",
                 excused={"Ing. Jiří Doležal"}, place="Magistrát města Kladna, zasedací místnost",
                 actions=[("Připravit návrh harmonogramu pro radu", "gestor.kladno", 14, False)])
    return {"steering": steering}


def load(ctx: dict, stdout=None) -> None:
    today = timezone.localdate()
    groups = {"ostrava": _ostrava(ctx, today), "kladno": _kladno(ctx, today)}
    ctx["groups"] = groups
    # Meetings already held, oldest first (the concepts demo records approvals at them); the planned
    # next one is separate.
    now = timezone.now()
    ctx["steering_meetings"] = {
        slug: list(g["steering"].meetings.filter(starts_at__lt=now).exclude(status=Meeting.Status.CANCELLED)
                   .order_by("starts_at"))
        for slug, g in groups.items()
    }
    ctx["steering_upcoming"] = {
        slug: list(g["steering"].meetings.filter(starts_at__gte=now).order_by("starts_at")) for slug, g in groups.items()
    }
    if stdout:
        stdout.write(f"workgroups: {sum(len(g) for g in groups.values())} groups, "
                     f"{Meeting.objects.filter(group__municipality__slug__in=groups).count()} meetings")
