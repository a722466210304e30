"""Demo concepts (idempotent): Ostrava's housing concept with the nine analysis chapters, findings,
the four housing priorities of seed 002 with goals and about 20 measures, two frozen versions with
real differences, implementation progress; and Kladno's smaller, earlier-stage concept.

Ostrava's story: v1 was approved by the steering team and the council, implementation started,
and the concept is now being revised (phase "revision"): v2 is the revised draft.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from .models import Concept, Finding, MeasureStatus, Phase, Section, SectionKind, Version
from .services import (
    concept_create,
    concept_update,
    finding_create,
    indicator_create,
    progress_note_add,
    section_create,
    section_delete,
    section_move,
    section_update,
    version_freeze,
)

# The seed describes 2016–2018; the demo plays the same plan ten years later, next to the meetings.
YEAR_SHIFT = 10
OSTRAVA_TITLE = "Koncepce sociálního bydlení statutárního města Ostravy"
KLADNO_TITLE = "Koncepce bydlení města Kladna"

CHAPTER_TEXTS = [
    "Analýza navazuje na Strategický plán sociálního začleňování Ostrava 2015–2018. Kombinuje statistická data "
    "ČSÚ a městských evidencí s polostrukturovanými rozhovory s aktéry, fokusní skupinou a rozhovory s lidmi "
    "z cílových skupin.",
    "Ostrava má přes 280 tisíc obyvatel a dlouhodobě jich ubývá. Predikce počítá s dalším poklesem a stárnutím. "
    "Sociálně vyloučené lokality se soustřeďují v obvodech Moravská Ostrava a Přívoz, Slezská Ostrava a Vítkovice.",
    "Bytový fond tvoří převážně byty v bytových domech. Část bytů ve vlastnictví obvodů je dlouhodobě prázdná, "
    "protože neodpovídá technickému standardu; investice do nich byly v minulých letech nárazové.",
    "Obecní byty spravují městské obvody. Struktura bytů, jejich stav a výše dluhů na nájemném se mezi obvody "
    "výrazně liší; jednotná pravidla pro přidělování bytů chybějí.",
    "Neziskové organizace provozují více než 300 sociálních bytů v bytech obvodů, soukromých vlastníků a vlastních. "
    "Podnájemní smlouva přechází po dvou letech spolupráce z NNO na klienta.",
    "Podle typologie ETHOS žije v Ostravě v bytové nouzi několik tisíc osob, z toho stovky bez střechy. "
    "Hlavní bariéry: dluhy, diskriminace na trhu s nájemním bydlením, vysoké kauce.",
    "Spolupráce úřadu práce, sociálních odborů, OSPOD a NNO při výběru klientů a nastavení podpory není "
    "standardizovaná.",
    "Dostupné bydlení pro domácnosti s nízkými příjmy, které nepotřebují sociální práci, město dosud nenabízí.",
    "Doporučujeme pilotně ověřit krizové, sociální a dostupné bydlení, sjednotit pravidla přidělování obecních "
    "bytů a posílit prevenci ztráty bydlení.",
]

FINDINGS = [
    (1, "Počet obyvatel města od roku 2000 klesl o více než 30 tisíc.", Finding.Source.DATASET, "ČSÚ, bilance obyvatel"),
    (2, "Přibližně 1 200 obecních bytů je prázdných kvůli nevyhovujícímu technickému stavu.", Finding.Source.DATASET, "evidence městských obvodů 2015"),
    (3, "Dluh na nájemném v obecních bytech přesahuje 100 mil. Kč.", Finding.Source.DATASET, "odbor financí a rozpočtu"),
    (3, "Pravidla přidělování obecních bytů se mezi obvody liší a vylučují zadlužené žadatele.", Finding.Source.STUDY, "podkladová analýza, kap. 4"),
    (4, "Podnájemní model NNO vede po dvou letech u většiny klientů k převodu nájemní smlouvy.", Finding.Source.INTERVIEW, "rozhovory s NNO"),
    (5, "V bytové nouzi podle ETHOS je odhadem 4 000 osob, z toho 600 bez střechy.", Finding.Source.STUDY, "sčítání osob bez domova"),
    (5, "Rodiny s dětmi odcházejí z ubytoven kvůli kaucím jen výjimečně.", Finding.Source.FOCUS_GROUP, "fokusní skupina, ubytovny"),
    (6, "Úřad práce, OSPOD a NNO nesdílejí informace o klientech v bytové nouzi.", Finding.Source.INTERVIEW, "rozhovory s aktéry"),
    (7, "Domácnosti s nízkými příjmy platí za nájem více než 40 % příjmů.", Finding.Source.DATASET, "statistika rodinných účtů"),
    (8, "Obyvatelé se obávají soustřeďování sociálních bytů v jedné lokalitě.", Finding.Source.FOCUS_GROUP, "fokusní skupina obyvatel"),
]

# (priority, [(goal, [(measure, body, finding indexes, org name, cost, funding, start, end, indicator)])])
PROGRAMME = [
    ("Rozšíření dostupnosti a udržitelnosti stabilního a důstojného bydlení pro lidi ohrožené nestabilitou", [
        ("Zajistit krizové bydlení pro domácnosti v akutní bytové nouzi", [
            ("Vyčlenit 30 bytů pro krizové bydlení", "Byty v majetku obvodů pro 3 × 10 domácností s šestiměsíční intenzivní podporou.", [5, 6], "Magistrát města Ostravy – odbor majetkový", 4_500_000, "irop", (2016, 6), (2018, 6), ("vyčleněné byty", "byt", 30)),
            ("Zajistit intenzivní sociální práci v krizovém bydlení", "Sociální pracovník na 10 domácností, plán podpory do 14 dnů od nastěhování.", [5], "Charita Ostrava", 2_800_000, "opz_plus", (2016, 6), (2018, 6), ("podpořené domácnosti", "domácnost", 30)),
        ]),
        ("Rozšířit sociální bydlení s podporou", [
            ("Vyčlenit 50 sociálních bytů", "Byty pro 50 domácností na 20 měsíců, rozptýlené mimo sociálně vyloučené lokality.", [1, 9], "Magistrát města Ostravy – odbor majetkový", 9_000_000, "irop", (2016, 9), (2018, 6), ("sociální byty", "byt", 50)),
            ("Rekonstruovat prázdné obecní byty", "Rekonstrukce nevyužívaných bytů z dotací na sociální bydlení.", [1], "Statutární město Ostrava – Městský obvod Moravská Ostrava a Přívoz", 25_000_000, "irop", (2017, 1), (2019, 12), ("rekonstruované byty", "byt", 40)),
            ("Převádět podnájemní smlouvy z NNO na klienty", "Po dvou letech úspěšné spolupráce přechází nájem na domácnost.", [4], "Vzájemné soužití, o. p. s.", None, "", (2017, 1), (2020, 12), None),
        ]),
        ("Zavést dostupné bydlení pro domácnosti s nízkými příjmy", [
            ("Pilotně ověřit dostupné bydlení v 50 bytech", "Byty s regulovaným nájemným pro domácnosti bez potřeby sociální práce.", [8], "Magistrát města Ostravy – odbor majetkový", 6_000_000, "municipal", (2016, 9), (2018, 6), ("domácnosti v dostupném bydlení", "domácnost", 50)),
            ("Zavést kauční fond", "Půjčky na kauci splatné ve splátkách.", [6], "Magistrát města Ostravy – odbor sociálních věcí", 1_500_000, "municipal", (2017, 1), (2018, 12), ("poskytnuté půjčky", "půjčka", 80)),
        ]),
    ]),
    ("Vznik a implementace koncepce bydlení", [
        ("Sjednotit pravidla přidělování obecních bytů", [
            ("Připravit jednotná pravidla přidělování bytů", "Společná pravidla obvodů včetně kvóty pro sociální bydlení.", [3], "Magistrát města Ostravy – odbor strategického rozvoje", None, "", (2016, 3), (2016, 12), ("schválená pravidla", "dokument", 1)),
            ("Zřídit kontaktní místo pro bydlení", "Jedno místo, kde domácnost v bytové nouzi získá informace a pomoc.", [7], "Magistrát města Ostravy – odbor sociálních věcí", 3_200_000, "opz_plus", (2016, 9), (2018, 12), ("konzultace", "konzultace", 600)),
        ]),
        ("Zajistit vyhodnocování a řízení koncepce", [
            ("Ustavit řídicí tým a pracovní skupiny", "Řídicí tým a dvě pracovní skupiny s metodikem a koordinátorem.", [], "Magistrát města Ostravy – odbor strategického rozvoje", None, "", (2016, 1), (2016, 3), None),
            ("Zajistit nezávislý monitoring pilotáže", "Průběžná evaluace pilotního ověření a evaluační zpráva.", [], "Magistrát města Ostravy – odbor strategického rozvoje", 800_000, "opz_plus", (2016, 6), (2018, 12), ("evaluační zprávy", "zpráva", 2)),
        ]),
    ]),
    ("Rozvoj komunitní práce a participativních metod v oblasti bydlení", [
        ("Zapojit obyvatele do přípravy a realizace koncepce", [
            ("Vést fokusní skupiny s obyvateli", "Fokusní skupiny provázané s prací pracovních skupin.", [6, 9], "Magistrát města Ostravy – odbor sociálních věcí", 200_000, "opz_plus", (2016, 1), (2016, 12), ("fokusní skupiny", "setkání", 6)),
            ("Informační kampaň o sociálním bydlení", "Kampaň pro veřejnost reagující na obavy ze sociálního bydlení.", [9], "Magistrát města Ostravy – odbor strategického rozvoje", 400_000, "municipal", (2016, 3), (2017, 6), None),
        ]),
        ("Rozvíjet komunitní práci v lokalitách", [
            ("Komunitní práce v domech se sociálními byty", "Komunitní pracovník pomáhá sousedskému soužití.", [9], "Vzájemné soužití, o. p. s.", 1_200_000, "opz_plus", (2016, 9), (2018, 12), ("podpořené domy", "dům", 10)),
            ("Podpořit sousedské mediace", "Mediace sporů v domech, kde žijí domácnosti ze sociálního bydlení.", [], "Centrum sociálních služeb Ostrava, o. p. s.", 300_000, "regional", (2017, 1), (2018, 12), None),
        ]),
    ]),
    ("Podpora programů prevence bezdomovectví", [
        ("Předcházet ztrátě bydlení", [
            ("Včasná intervence při dluhu na nájemném", "Spolupráce správců bytů s terénními pracovníky od prvního dluhu.", [2], "Charita Ostrava", 1_600_000, "opz_plus", (2016, 6), (2018, 12), ("domácnosti, které udržely bydlení", "domácnost", 120)),
            ("Dluhové poradenství pro nájemníky obecních bytů", "Poradna v každém obvodu, kde je více než 500 obecních bytů.", [2], "Centrum sociálních služeb Ostrava, o. p. s.", 900_000, "state", (2017, 1), (2018, 12), None),
        ]),
        ("Rozvíjet služby pro lidi bez domova", [
            ("Rozšířit nízkoprahové denní centrum", "Rozšíření otevírací doby a kapacity NDC.", [5], "Armáda spásy v ČR, z. s.", 2_000_000, "opz_plus", (2016, 6), (2018, 12), ("klienti NDC", "osoba", 400)),
            ("Prostupné bydlení z azylových domů", "Návaznost azylových domů na krizové a sociální bydlení.", [], "Armáda spásy v ČR, z. s.", None, "other", (2017, 1), (2018, 12), None),
        ]),
    ]),
]


def _log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _approval(ctx: dict, slug: str, index: int):
    meetings = ctx.get("steering_meetings", {}).get(slug) or []
    past = [m for m in meetings if m.starts_at <= timezone.now()]
    return past[index] if len(past) > index else (past[-1] if past else None)


def _groups(ctx: dict, slug: str) -> dict:
    return ctx.get("groups", {}).get(slug) or {}


def load(ctx: dict, stdout=None) -> None:
    ctx.setdefault("concepts", {})
    ctx.setdefault("concept_versions", {})
    for slug, builder in (("ostrava", _ostrava), ("kladno", _kladno)):
        municipality = ctx["municipalities"][slug]
        concept = Concept.objects.filter(municipality=municipality).order_by("created_at").first()
        if concept is None:
            concept = builder(ctx, municipality)
            _log(stdout, f"concepts: {concept.title}")
        ctx["concepts"][slug] = concept
        ctx["concept_versions"][slug] = list(Version.objects.filter(concept=concept).order_by("number"))


def _ostrava(ctx: dict, municipality) -> Concept:
    users, orgs = ctx["users"], ctx["organisations"]
    gestor, writer = users["gestor.ostrava"], users["metodik.ostrava"]
    groups = _groups(ctx, "ostrava")
    housing, stock = groups.get("housing_crisis_social_affordable"), groups.get("housing_stock")
    concept = concept_create(
        municipality=municipality, actor=gestor, title=OSTRAVA_TITLE, valid_from=2026, valid_to=2030,
        vision="Každý obyvatel Ostravy má přístup ke stabilnímu, důstojnému a dostupnému bydlení.",
        gestor=gestor, writer=writer, from_template=True,
    )
    chapters = list(Section.objects.filter(concept=concept, kind=SectionKind.CHAPTER).order_by("position"))
    for chapter, text in zip(chapters, CHAPTER_TEXTS, strict=True):
        group = stock if chapter.position in (2, 3) else housing
        section_update(section=chapter, actor=writer, expected_version=chapter.edit_version, title=chapter.title,
                       body=text, drafting_group=group)
    findings = [
        finding_create(concept=concept, actor=writer, statement=text, source_kind=kind, source_detail=detail,
                       chapter=chapters[chapter_index])
        for chapter_index, text, kind, detail in FINDINGS
    ]
    measures = []
    for p_title, goals in PROGRAMME:
        priority = section_create(concept=concept, actor=writer, kind=SectionKind.PRIORITY, title=p_title,
                                  drafting_group=housing)
        for g_title, goal_measures in goals:
            goal = section_create(concept=concept, actor=writer, kind=SectionKind.GOAL, title=g_title, parent=priority,
                                  drafting_group=housing)
            for title, body, finding_ix, org, cost, funding, start, end, indicator in goal_measures:
                measure = section_create(concept=concept, actor=writer, kind=SectionKind.MEASURE, title=title,
                                         parent=goal, drafting_group=housing)
                measure = section_update(
                    section=measure, actor=writer, expected_version=measure.edit_version, title=title, body=body,
                    drafting_group=measure.drafting_group, findings=[findings[i] for i in finding_ix],
                    responsible_organisation=orgs.get(org), responsible_person="", partners="Úřad práce ČR\nNNO",
                    starts_on=date(start[0] + YEAR_SHIFT, start[1], 1), ends_on=date(end[0] + YEAR_SHIFT, end[1], 28), cost_czk=cost, funding_sources=[funding] if funding else [],
                )
                if indicator:
                    indicator_create(section=measure, actor=writer, name=indicator[0], unit=indicator[1],
                                     target=indicator[2])
                measures.append(measure)
    v1_meeting = _approval(ctx, "ostrava", 0)
    v1_approved = timezone.localdate(v1_meeting.starts_at) if v1_meeting else date(2025, 12, 9)
    version_freeze(
        concept=concept, actor=writer, steering_approved_on=v1_approved,
        approval_meeting=v1_meeting, approval_note="" if v1_meeting else "Jednání řídicího týmu 9. 12. 2025",
        label="Návrh pro první kolo připomínek",
        change_summary="První úplný návrh koncepce.",
    )
    # The council approved v1; implementation started.
    concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.IMPLEMENTATION,
                   resolution_number="ZM 1234/2025", resolution_date=v1_approved + timedelta(days=8))
    today = timezone.localdate()
    for measure, status, progress, text in [
        (measures[0], MeasureStatus.DONE, 100, "Všech 30 bytů předáno do pilotáže."),
        (measures[1], MeasureStatus.IN_PROGRESS, 60, "Podpořeno 18 domácností ve dvou kohortách."),
        (measures[2], MeasureStatus.IN_PROGRESS, 40, "Vyčleněno 20 z 50 bytů."),
        (measures[3], MeasureStatus.DELAYED, 10, "Veřejná zakázka na rekonstrukce byla zrušena, vypisuje se znovu."),
        (measures[7], MeasureStatus.DONE, 100, "Pravidla schválila rada města."),
        (measures[9], MeasureStatus.DONE, 100, "Řídicí tým a dvě pracovní skupiny pracují."),
        (measures[11], MeasureStatus.IN_PROGRESS, 50, "Proběhly 3 ze 6 fokusních skupin."),
    ]:
        progress_note_add(section=measure, actor=writer, noted_on=today, text=text, status=status, progress=progress,
                          evidence="zápis z jednání pracovní skupiny")
    # The revision: real differences between v1 and v2.
    concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.REVISION)
    chapter = Section.objects.get(pk=chapters[5].pk)
    section_update(section=chapter, actor=writer, expected_version=chapter.edit_version, title=chapter.title,
                   body=chapter.body.replace("několik tisíc osob", "přibližně 4 000 osob"),
                   drafting_group=chapter.drafting_group)
    kauce = Section.objects.get(pk=measures[6].pk)
    first_goal = Section.objects.get(pk=measures[0].parent_id)
    section_move(section=kauce, actor=writer, parent=first_goal, position=0)
    # Settled comments 17 (Armáda spásy: the fund also for people leaving shelters) and 18 (Úřad
    # práce: alongside the state's emergency aid) change the deposit fund's cost and funding.
    kauce = Section.objects.get(pk=kauce.pk)
    section_update(section=kauce, actor=writer, expected_version=kauce.edit_version, title=kauce.title,
                   body=kauce.body + " Fond je otevřen i domácnostem odcházejícím z azylových domů.",
                   drafting_group=kauce.drafting_group, cost_czk=2_400_000, funding_sources=["municipal", "opz_plus"],
                   partners="Úřad práce ČR\nNNO\nArmáda spásy v ČR, z. s.")
    section_delete(section=Section.objects.get(pk=measures[14].pk), actor=writer)
    goal = Section.objects.get(pk=measures[17].parent_id)
    section_create(concept=concept, actor=writer, kind=SectionKind.MEASURE, parent=goal,
                   title="Housing First pro dlouhodobě bezdomovce",
                   body="Pilotní program Housing First pro 20 osob dlouhodobě bez domova.")
    v2_meeting = _approval(ctx, "ostrava", 1)
    version_freeze(
        concept=concept, actor=writer, steering_approved_on=timezone.localdate(v2_meeting.starts_at) if v2_meeting else today,
        approval_meeting=v2_meeting, approval_note="" if v2_meeting else "Jednání řídicího týmu o revizi",
        label="Revize koncepce pro druhé kolo připomínek",
        change_summary="Upřesněn odhad počtu osob v bytové nouzi; kauční fond přesunut ke krizovému bydlení; "
                       "sousedské mediace zrušeny; přidán program Housing First.",
    )
    return concept


def _kladno(ctx: dict, municipality) -> Concept:
    users = ctx["users"]
    gestor = users["gestor.kladno"]
    concept = concept_create(
        municipality=municipality, actor=gestor, title=KLADNO_TITLE, valid_from=2025, valid_to=2030,
        vision="Kladno nabízí bydlení, na které dosáhnou i domácnosti s nízkými příjmy.", gestor=gestor,
        from_template=True,
    )
    concept_update(concept=concept, actor=gestor, phase=Phase.ANALYSIS)
    chapter = Section.objects.get(concept=concept, kind=SectionKind.CHAPTER, position=1)
    section_update(section=chapter, actor=gestor, expected_version=chapter.edit_version, title=chapter.title,
                   body="Kladno má necelých 70 tisíc obyvatel. Základní sociodemografická analýza a prognóza "
                        "vychází z komunitního plánu sociálních služeb.")
    finding = finding_create(concept=concept, actor=gestor, source_kind=Finding.Source.STUDY,
                             statement="Anketa mezi uživateli sociálních služeb ukázala nedostatek informací o pomoci s bydlením.",
                             source_detail="komunitní plán Kladna, anketa", chapter=chapter)
    priority = section_create(concept=concept, actor=gestor, kind=SectionKind.PRIORITY,
                              title="Zkvalitnění a zvýšení informovanosti v oblasti bydlení")
    goal = section_create(concept=concept, actor=gestor, kind=SectionKind.GOAL, parent=priority,
                          title="Lidé v bytové nouzi vědí, kam se obrátit")
    measure = section_create(concept=concept, actor=gestor, kind=SectionKind.MEASURE, parent=goal,
                             title="Vznik poradny pro bydlení",
                             body="Poradna pro sociální záležitosti rozšířená o bydlení.")
    section_update(section=measure, actor=gestor, expected_version=measure.edit_version, title=measure.title,
                   body=measure.body, findings=[finding], funding_sources=["municipal"], cost_czk=600_000)
    version_freeze(concept=concept, actor=gestor, steering_approved_on=timezone.localdate(),
                   approval_note="Porada vedení města", label="Pracovní návrh")
    return concept
