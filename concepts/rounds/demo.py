"""Demo comment rounds (DESIGN §5): Ostrava's closed, settled and published round on v1 with
about forty comments from NGOs and public bodies (two disputes among them), Ostrava's open public
consultation on v2 to which ``nno.ostrava`` is invited, and a draft round in Kladno.

Runs after the concepts demo (``ctx["concept_versions"]``); without it, it does nothing.
Idempotent: a round that already exists (by municipality, version and title) is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from concepts.models import VersionSection

from .models import Comment, Round, RoundInvitation, Settlement

CHARITA = "Charita Ostrava"
ARMADA = "Armáda spásy v ČR, z. s."
SOUZITI = "Vzájemné soužití, o. p. s."
UP = "Úřad práce ČR – kontaktní pracoviště Ostrava"
MP = "Městská policie Ostrava"
CSS = "Centrum sociálních služeb Ostrava, o. p. s."
MOAP = "Statutární město Ostrava – Městský obvod Moravská Ostrava a Přívoz"

# organisation → (contact name, e-mail) of the person who answered for it
CONTACTS = {
    ARMADA: ("Mgr. Petra Malá", "petra.mala@armadaspasy.example.cz"),
    SOUZITI: ("Bc. Kumar Vishwanathan", "k.vishwanathan@vzajemnesouziti.example.cz"),
    UP: ("Ing. Jiří Holub", "jiri.holub@uradprace.example.cz"),
    MP: ("Mgr. Radek Šťastný", "r.stastny@mpostrava.example.cz"),
    CSS: ("Mgr. Hana Zelená", "hana.zelena@css-ostrava.example.cz"),
    MOAP: ("Ing. Karel Novotný", "k.novotny@moap.example.cz"),
}

E, R = Comment.Kind.ESSENTIAL, Comment.Kind.RECOMMENDATION
A, P, N, T = (Settlement.Outcome.ACCEPTED, Settlement.Outcome.PARTLY, Settlement.Outcome.NOT_ACCEPTED,
              Settlement.Outcome.NOTED)

SAME_TEXT = ("Navrhujeme, aby byla v koncepci výslovně uvedena spolupráce s poskytovateli terénní sociální práce "
             "při výběru domácností do pilotního ověření.")

# (organisation, (section kind, number or title), kind, quote, comment, proposed wording, outcome, justification, dispute)
COMMENTS = [
    (CHARITA, ("chapter", "1"), R, "", "Metodologie by měla uvést, jakým způsobem byly do analýzy zapojeny samotné cílové skupiny (rozhovory, fokusní skupiny).", "Doplnit odstavec o participaci cílových skupin na sběru dat.", A, "", None),
    (UP, ("chapter", "2"), E, "", "Údaje o příjemcích dávek v hmotné nouzi jsou uvedeny za rok 2013. Úřad práce poskytne aktuální data za rok 2015 v členění podle městských obvodů.", "Aktualizovat tabulku příjemců příspěvku na živobytí a doplatku na bydlení.", A, "", None),
    (SOUZITI, ("chapter", "2"), R, "", "Sociálně-prostorová analýza by měla zahrnout i lokality mimo centrum, zejména Kunčičky a Mariánské Hory.", "", P, "Lokalita Mariánské Hory doplněna; pro Kunčičky nejsou k dispozici srovnatelná data, doplníme při revizi.", None),
    (MOAP, ("chapter", "3"), E, "", "Počet prázdných bytů ve správě obvodu Moravská Ostrava a Přívoz je nadhodnocen, část bytů je v rekonstrukci a nelze je započítat do volného fondu.", "Uvádět zvlášť byty volné a byty v rekonstrukci.", A, "", None),
    (CSS, ("chapter", "3"), R, "", "Chybí informace o bezbariérovosti bytového fondu; pro klienty se zdravotním postižením je to zásadní bariéra.", "", T, "Údaje o bezbariérovosti nejsou v evidenci vedeny; úkol zmapovat je zařazen do opatření 2.1.1.", None),
    (CHARITA, ("chapter", "4"), E, "", "Analýza dluhů na nájemném neodlišuje dluhy vzniklé v posledních dvou letech od starých pohledávek. Pro nastavení prevence je toto rozlišení nezbytné.", "Rozdělit dluhy podle doby vzniku (do 2 let, nad 2 roky).", A, "", None),
    (ARMADA, ("chapter", "5"), R, "", "Kapacity azylových domů jsou uvedeny bez rozlišení na muže, ženy a matky s dětmi.", "Doplnit členění kapacit azylových domů podle cílové skupiny.", A, "", None),
    (SOUZITI, ("chapter", "5"), R, "", "Doporučujeme popsat praxi ubytoven a výši plateb za lůžko, které jsou často vyšší než nájemné v obecním bytě.", "", A, "", None),
    (CHARITA, ("chapter", "6"), E, "", "Odhad počtu osob v bytové nouzi vychází pouze z evidence sociálního odboru. Navrhujeme použít typologii ETHOS a doplnit data od NNO.", "Velikost cílových skupin uvádět podle kategorií ETHOS s uvedením zdroje dat.", A, "", None),
    (ARMADA, ("chapter", "6"), R, "", "Počet osob bez přístřeší je podle našeho sčítání v zimě 2015 vyšší (cca 560 osob).", "", P, "Údaj doplněn jako horní odhad s odkazem na sčítání Armády spásy; v textu ponechán i údaj z evidence města.", None),
    (MP, ("chapter", "6"), R, "", "Městská policie eviduje místa přespávání osob bez domova a může tato data pravidelně poskytovat.", "", T, "Děkujeme; spolupráce při sběru dat je zařazena do monitoringu koncepce.", None),
    (CSS, ("chapter", "7"), R, "", "V popisu podpůrných procesů chybí role sociálního pracovníka při uzavírání nájemní smlouvy.", "", A, "", None),
    (UP, ("chapter", "7"), R, "", "Doporučujeme uvést postup při přiznání doplatku na bydlení v sociálním bytě, aby nevznikala prodleva ve výplatě.", "", T, "Postup je v kompetenci úřadu práce; koncepce na něj odkáže v kapitole 7.", None),
    (SOUZITI, ("chapter", "8"), R, "", "Dostupné bydlení by mělo mít jasně stanovenou horní hranici příjmu domácnosti.", "Stanovit hranici příjmu na 0,8 násobku mediánu ekvivalizovaného příjmu.", P, "Hranice bude stanovena v pravidlech pilotního ověření; hodnotu 0,8 mediánu převezmeme jako výchozí návrh.", None),
    (CHARITA, ("chapter", "9"), R, "", "Závěry by měly obsahovat i doporučení k prevenci ztráty bydlení, nejen k zajištění nového bydlení.", "", A, "", None),
    (CHARITA, ("vision", ""), R, "stabilnímu, důstojnému a dostupnému bydlení", "Vize by měla zmínit i podporu, kterou domácnosti potřebují k udržení bydlení.", "… k dostupnému bydlení a podpoře potřebné k jeho udržení.", A, "", None),
    (ARMADA, ("measure", "Zavést kauční fond"), E, "", "Kauční fond musí být dostupný i pro domácnosti, které přecházejí z azylového domu do nájemního bydlení u soukromých pronajímatelů.", "", A, "", None),
    (UP, ("measure", "Zavést kauční fond"), R, "", "Upozorňujeme, že kauci lze za určitých podmínek hradit z mimořádné okamžité pomoci; fond by měl tuto možnost doplňovat, ne nahrazovat.", "", T, "Souhlasíme; v pravidlech fondu bude uvedena návaznost na mimořádnou okamžitou pomoc.", None),
    (CHARITA, ("measure", "Vyčlenit 30 bytů pro krizové bydlení"), E, "", "30 bytů pro krizové bydlení je vzhledem k počtu rodin s dětmi v ubytovnách nedostatečné. Navrhujeme alespoň 50 bytů.", "Vyčlenit 50 bytů pro krizové bydlení.", N, "Počet 30 bytů odpovídá možnostem městského bytového fondu a kapacitě sociální práce v pilotu; navýšení bude posouzeno po vyhodnocení první kohorty.",
     (date(2016, 3, 2), Settlement.DisputeResult.RESOLVED, "Na rozporovém jednání 2. 3. 2016 se Charita Ostrava a odbor sociálních věcí dohodly ponechat 30 bytů v pilotu a navýšení zařadit do revize koncepce po první kohortě. Rozpor odstraněn.")),
    (ARMADA, ("measure", "Vyčlenit 30 bytů pro krizové bydlení"), R, "", SAME_TEXT, "", A, "", None),
    (SOUZITI, ("measure", "Vyčlenit 30 bytů pro krizové bydlení"), R, "", SAME_TEXT, "", A, "", None),
    (CSS, ("measure", "Zajistit intenzivní sociální práci v krizovém bydlení"), R, "", "Intenzita sociální práce (1 pracovník na 10 domácností) by měla být uvedena jako minimální standard.", "", A, "", None),
    (CHARITA, ("measure", "Zajistit intenzivní sociální práci v krizovém bydlení"), R, "6 měsíců intenzivní podpory", "Šest měsíců intenzivní podpory nemusí stačit domácnostem s vícečetnými problémy.", "Umožnit prodloužení intenzivní podpory o 3 měsíce na základě vyhodnocení.", P, "Prodloužení bude možné výjimečně, po projednání v případové konferenci.", None),
    (SOUZITI, ("measure", "Vyčlenit 50 sociálních bytů"), E, "", "Sociální byty by neměly být soustředěny v jednom domě ani v jedné lokalitě, aby nevznikala nová sociálně vyloučená lokalita.", "Doplnit zásadu rozptýlení sociálních bytů (max. 2 byty v jednom vchodě).", A, "", None),
    (MOAP, ("measure", "Vyčlenit 50 sociálních bytů"), E, "", "Městský obvod nemůže vyčlenit byty bez souhlasu rady obvodu; koncepce musí počítat s projednáním na obvodech.", "", A, "", None),
    (MP, ("measure", "Vyčlenit 50 sociálních bytů"), R, "", "Doporučujeme informovat okrskáře Městské policie o umístění sociálních bytů kvůli prevenci sousedských konfliktů.", "", N, "Informace o umístění sociálních bytů jsou osobní údaje nájemníků a nebudou plošně předávány; spolupráce proběhne v konkrétních případech přes sociálního pracovníka.", None),
    (MOAP, ("measure", "Rekonstruovat prázdné obecní byty"), R, "", "Rekonstrukce prázdných bytů je třeba financovat z IROP; doporučujeme uvést harmonogram podání žádostí.", "", T, "Harmonogram bude součástí akčního plánu.", None),
    (CHARITA, ("measure", "Převádět podnájemní smlouvy z NNO na klienty"), E, "", "Převod podnájemní smlouvy na klienta po dvou letech musí být nárokový, pokud klient plní podmínky, jinak motivace klientů klesá.", "Převod podnájmu na nájem provést vždy, pokud domácnost po 24 měsících nemá dluh a spolupracuje.", N, "Převod nájmu je rozhodnutím pronajímatele (obvodu) a nelze jej v koncepci stanovit jako nárokový; koncepce stanoví kritéria a doporučení.",
     (date(2016, 3, 2), Settlement.DisputeResult.PERSISTS, "Charita Ostrava trvá na nárokovosti převodu. Obvody nárokovost odmítají. Rozpor trvá a bude předložen radě města spolu s koncepcí.")),
    (ARMADA, ("measure", "Převádět podnájemní smlouvy z NNO na klienty"), R, "", "Doporučujeme doplnit, kdo nese riziko neplacení nájemného v době podnájmu.", "", A, "", None),
    (SOUZITI, ("measure", "Pilotně ověřit dostupné bydlení v 50 bytech"), R, "", "Pilotní ověření dostupného bydlení by mělo sledovat i dopad na zaměstnanost členů domácností.", "", A, "", None),
    (UP, ("measure", "Pilotně ověřit dostupné bydlení v 50 bytech"), R, "", "Úřad práce může nabídnout domácnostem v dostupném bydlení zprostředkování zaměstnání a rekvalifikace.", "", T, "Děkujeme, spolupráce bude zahrnuta do podpory v pilotu.", None),
    (CSS, ("measure", "Připravit jednotná pravidla přidělování bytů"), E, "", "Jednotná pravidla přidělování musí obsahovat bodové zvýhodnění domácností s dětmi, seniorů a osob se zdravotním postižením.", "", P, "Zvýhodnění domácností s dětmi a osob se zdravotním postižením doplněno; senioři jsou řešeni v samostatné koncepci bydlení seniorů.", None),
    (MOAP, ("measure", "Připravit jednotná pravidla přidělování bytů"), R, "", "Obvody mají vlastní pravidla; jednotná pravidla by měla být doporučující a ponechat obvodům prostor.", "", N, "Cílem opatření je právě sjednocení pravidel; obvody se na jejich přípravě podílejí v pracovní skupině.", None),
    (CHARITA, ("measure", "Zřídit kontaktní místo pro bydlení"), R, "", "Kontaktní místo pro bydlení by mělo mít i terénní výjezdy do ubytoven.", "", A, "", None),
    (ARMADA, ("measure", "Ustavit řídicí tým a pracovní skupiny"), R, "", "Do pracovní skupiny pro bydlení doporučujeme přizvat zástupce cílové skupiny.", "", A, "", None),
    (SOUZITI, ("measure", "Zajistit nezávislý monitoring pilotáže"), R, "", "Nezávislý monitoring by měl provádět subjekt, který není poskytovatelem služeb v pilotu.", "", A, "", None),
    (SOUZITI, ("measure", "Vést fokusní skupiny s obyvateli"), R, "", "Fokusní skupiny je vhodné vést přímo v lokalitách a v odpoledních hodinách, aby se mohli účastnit i pracující.", "", T, "Zohledníme při organizaci fokusních skupin.", None),
    (MP, ("measure", "Podpořit sousedské mediace"), R, "", "Městská policie nabízí součinnost preventistů při sousedských mediacích.", "", T, "Děkujeme, součinnost zahrneme do opatření.", None),
    (CHARITA, ("measure", "Včasná intervence při dluhu na nájemném"), E, "", "Včasná intervence musí začít nejpozději po druhé neuhrazené platbě nájemného, ne až při podání žaloby.", "Zahájit kontakt sociálního pracovníka po druhé neuhrazené platbě.", A, "", None),
    (UP, ("measure", "Dluhové poradenství pro nájemníky obecních bytů"), R, "", "Dluhové poradenství by mělo být poskytováno akreditovanými poradnami.", "", A, "", None),
    (ARMADA, ("measure", "Rozšířit nízkoprahové denní centrum"), E, "", "Rozšíření denního centra musí zahrnovat i hygienický servis a možnost praní.", "", A, "", None),
    (CSS, ("measure", "Prostupné bydlení z azylových domů"), R, "", "Prostupné bydlení nesmí vést k tomu, že domácnosti zůstávají roky v azylovém domě; je třeba stanovit maximální dobu.", "", P, "Maximální doba pobytu v prostupném bydlení bude stanovena v pravidlech (orientačně 12 měsíců).", None),
]

# Public comments on v1 (name, e-mail, section, kind, text, outcome, justification). Public comments
# are summarised and never become disputes, even an essential one that is not accepted.
PUBLIC_COMMENTS = [
    ("Jan Dvořák", "jan.dvorak@example.cz", ("measure", "Zavést kauční fond"), R,
     "Kauční fond by měl být dostupný i mladým lidem, kteří odcházejí z dětského domova.", P,
     "Fond je otevřen i mladým dospělým po odchodu z ústavní péče, pokud splní podmínky fondu."),
    ("Marie Horáková", "marie.horakova@example.cz", ("chapter", "3"), E,
     "V analýze chybí údaje o bytech, které obvody prodaly v posledních deseti letech.", N,
     "Údaje o privatizaci bytového fondu nejsou pro cíle koncepce rozhodující; odkazujeme na výroční zprávy obvodů."),
    ("Petr Svoboda", "petr.svoboda@example.cz", ("vision", ""), R,
     "Vize je srozumitelná, děkuji za ni.", T, "Děkujeme."),
]

OPEN_ROUND_COMMENTS = [
    (ARMADA, ("measure", "Housing First pro dlouhodobě bezdomovce"), E, "Housing First", "Housing First pro dlouhodobě bezdomovce vyžaduje zajištění nejméně 15 bytů a multidisciplinární tým.", ""),
    (ARMADA, ("measure", "Vyčlenit 30 bytů pro krizové bydlení"), R, "", "Děkujeme za zapracování připomínky k terénní sociální práci.", ""),
]


def _log(stdout, text: str) -> None:
    if stdout:
        stdout.write(text)


def _sections(version) -> dict[tuple[str, str], VersionSection]:
    """Sections by (kind, number) and by (kind, title): measures are found by title, because
    renumbering between versions moves their numbers."""
    sections = {}
    for section in VersionSection.objects.filter(version=version):
        sections[(section.kind, section.number)] = section
        sections[(section.kind, section.title)] = section
    return sections


def load(ctx: dict, stdout=None) -> None:
    versions = ctx.get("concept_versions")
    if not versions:
        return
    with transaction.atomic():
        if len(versions.get("ostrava") or []) >= 2:
            _ostrava_settled(ctx, versions["ostrava"][0], versions["ostrava"][1], stdout)
            _ostrava_open(ctx, versions["ostrava"][1], stdout)
        if versions.get("kladno"):
            _kladno_draft(ctx, versions["kladno"][0], stdout)


def _invite(round: Round, *, email: str, name: str, organisation=None, user=None, **fields) -> RoundInvitation:
    invitation, _created = RoundInvitation.objects.get_or_create(
        round=round, email=email, defaults={"name": name, "organisation": organisation, "user": user, **fields}
    )
    return invitation


def _ostrava_settled(ctx: dict, v1, v2, stdout) -> None:
    municipality = ctx["municipalities"]["ostrava"]
    title = "Připomínkové řízení k návrhu koncepce sociálního bydlení (verze 1)"
    if Round.objects.filter(municipality=municipality, version=v1, title=title).exists():
        return
    users, orgs = ctx["users"], ctx["organisations"]
    gestor, writer = users["gestor.ostrava"], users["metodik.ostrava"]
    now = timezone.now()
    opens_at, deadline = now - timedelta(days=75), now - timedelta(days=45)
    round = Round.objects.create(
        municipality=municipality, version=v1, title=title, audience=Round.Audience.PUBLIC,
        description="Žádáme partnery i veřejnost o připomínky k první verzi koncepce. Zásadní připomínky prosíme odůvodnit.",
        opens_at=opens_at, deadline=deadline, reminder_days=[3, 1], status=Round.Status.PUBLISHED,
        opened_at=opens_at, closed_at=deadline, settled_at=deadline + timedelta(days=20),
        published_at=deadline + timedelta(days=25), created_by=gestor,
    )
    round.invited_organisations.set([orgs[name] for name in (CHARITA, *CONTACTS) if name in orgs])
    partner = users["nno.ostrava"]
    invitations = {CHARITA: _invite(round, email=partner.email, name=partner.get_full_name(), user=partner,
                                    organisation=orgs.get(CHARITA), settlements_notified_at=round.published_at)}
    for org_name, (name, email) in CONTACTS.items():
        invitations[org_name] = _invite(round, email=email, name=name, organisation=orgs.get(org_name),
                                        settlements_notified_at=round.published_at)
    member = users.get("clen.ostrava")
    if member:
        _invite(round, email=member.email, name=member.get_full_name(), user=member, no_comments_at=opens_at + timedelta(days=4))
    sections = _sections(v1)
    next_uids = {s.uid for s in VersionSection.objects.filter(version=v2)}
    for number, (org_name, key, kind, quote, text, proposed, outcome, justification, dispute) in enumerate(COMMENTS, 1):
        section = sections.get(key)
        if section is None:
            continue
        invitation = invitations[org_name]
        created = opens_at + timedelta(days=2, hours=number * 7)
        comment = Comment.objects.create(
            round=round, section=section, number=number, kind=kind, quote=quote, text=text, proposed_wording=proposed,
            author=invitation.user, invitation=invitation, organisation=invitation.organisation,
            author_name=invitation.name, author_email=invitation.email, created_at=created, updated_at=created,
        )
        settlement = Settlement(
            comment=comment, outcome=outcome, justification=justification, settled_by=writer,
            settled_at=deadline + timedelta(days=3, hours=number),
            next_section_uid=section.uid if outcome in (A, P) and section.uid in next_uids else None,
        )
        if dispute:
            settlement.dispute_meeting_on, settlement.dispute_result, settlement.dispute_note = dispute
        settlement.save()
    number = len(COMMENTS)
    for name, email, key, kind, text, outcome, justification in PUBLIC_COMMENTS:
        section = sections.get(key)
        if section is None:
            continue
        number += 1
        created = opens_at + timedelta(days=5, hours=number)
        comment = Comment.objects.create(
            round=round, section=section, number=number, kind=kind, text=text, is_public=True,
            confirmed_at=created, moderation=Comment.Moderation.APPROVED, moderated_by=gestor, moderated_at=created,
            author_name=name, author_email=email, created_at=created, updated_at=created,
        )
        Settlement.objects.create(
            comment=comment, outcome=outcome, justification=justification, settled_by=writer,
            settled_at=deadline + timedelta(days=4),
            next_section_uid=section.uid if outcome in (A, P) and section.uid in next_uids else None,
        )
    _log(stdout, f"rounds: {round.title} ({round.comments.count()} comments, published)")


def _ostrava_open(ctx: dict, v2, stdout) -> None:
    municipality = ctx["municipalities"]["ostrava"]
    title = "Veřejné projednání a připomínky k verzi 2 koncepce"
    if Round.objects.filter(municipality=municipality, version=v2, title=title).exists():
        return
    users, orgs = ctx["users"], ctx["organisations"]
    now = timezone.now()
    opens_at = now - timedelta(days=3)
    round = Round.objects.create(
        municipality=municipality, version=v2, title=title, audience=Round.Audience.PUBLIC,
        description="Verze 2 zapracovává vypořádané připomínky z prvního kola. Připomínky mohou podat pozvaní partneři "
                    "i veřejnost.",
        opens_at=opens_at, deadline=timezone.localtime(now + timedelta(days=14)).replace(hour=23, minute=59, second=0, microsecond=0),
        reminder_days=[3, 1], status=Round.Status.SCHEDULED, opened_at=opens_at, created_by=users["gestor.ostrava"],
    )
    partner = users["nno.ostrava"]
    round.invited_users.set([partner])
    round.invited_organisations.set([orgs[name] for name in (ARMADA, UP, CSS) if name in orgs])
    _invite(round, email=partner.email, name=partner.get_full_name(), user=partner, organisation=orgs.get(CHARITA))
    invitations = {
        name: _invite(round, email=CONTACTS[name][1], name=CONTACTS[name][0], organisation=orgs.get(name))
        for name in (ARMADA, UP, CSS)
    }
    sections = _sections(v2)
    number = 0
    for org_name, key, kind, quote, text, proposed in OPEN_ROUND_COMMENTS:
        section = sections.get(key)
        if section is None:
            continue
        number += 1
        invitation = invitations[org_name]
        Comment.objects.create(
            round=round, section=section, number=number, kind=kind, quote=quote, text=text, proposed_wording=proposed,
            invitation=invitation, organisation=invitation.organisation, author_name=invitation.name,
            author_email=invitation.email, created_at=opens_at + timedelta(days=1), updated_at=opens_at + timedelta(days=1),
        )
    vision = sections.get(("vision", ""))
    if vision is not None:
        Comment.objects.create(
            round=round, section=vision, kind=R, is_public=True, moderation=Comment.Moderation.PENDING,
            confirmed_at=opens_at + timedelta(days=2), author_name="Jan Dvořák", author_email="jan.dvorak@example.cz",
            text="Ve vizi chybí zmínka o mladých lidech odcházejících z dětských domovů.",
            created_at=opens_at + timedelta(days=2), updated_at=opens_at + timedelta(days=2),
        )
    _log(stdout, f"rounds: {round.title} (open until {timezone.localtime(round.deadline):%d. %m. %Y})")


def _kladno_draft(ctx: dict, v1, stdout) -> None:
    municipality = ctx["municipalities"]["kladno"]
    title = "Připomínky partnerů k návrhu koncepce bydlení Kladna"
    if Round.objects.filter(municipality=municipality, version=v1, title=title).exists():
        return
    users, orgs = ctx["users"], ctx["organisations"]
    now = timezone.now()
    round = Round.objects.create(
        municipality=municipality, version=v1, title=title, audience=Round.Audience.INVITED,
        description="Návrh koncepce rozesíláme členům pracovní skupiny a partnerům k připomínkám.",
        opens_at=timezone.localtime(now + timedelta(days=7)).replace(hour=8, minute=0, second=0, microsecond=0),
        deadline=timezone.localtime(now + timedelta(days=28)).replace(hour=23, minute=59, second=0, microsecond=0),
        status=Round.Status.DRAFT, created_by=users.get("gestor.kladno"),
    )
    partner = users.get("nno.kladno")
    if partner:
        round.invited_users.set([partner])
    round.invited_organisations.set(
        [orgs[name] for name in ("Úřad práce ČR – kontaktní pracoviště Kladno",) if name in orgs]
    )
    _log(stdout, f"rounds: {round.title} (draft)")
