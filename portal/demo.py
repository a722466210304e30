"""Demo data of the foundation: municipalities, organisations and the users of DESIGN §5.

Each app adds its part in its own ``demo.py`` (see the load_demo command). Everything is
idempotent: loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from .models import Membership, Municipality, Organisation, Profile
from .roles import Role

DEMO_PASSWORD = "demo-heslo-2026"

MUNICIPALITIES = [
    {"slug": "ostrava", "name": "Ostrava", "code": "554821", "region": "Moravskoslezský kraj", "population": 283187},
    {"slug": "kladno", "name": "Kladno", "code": "532053", "region": "Středočeský kraj", "population": 69337},
    {"slug": "sokolov", "name": "Sokolov", "code": "560286", "region": "Karlovarský kraj", "population": 22398},
]

ORGANISATIONS = {
    "ostrava": [
        ("Magistrát města Ostravy – odbor sociálních věcí", Organisation.Kind.MUNICIPAL_DEPARTMENT),
        ("Magistrát města Ostravy – odbor majetkový", Organisation.Kind.MUNICIPAL_DEPARTMENT),
        ("Magistrát města Ostravy – odbor strategického rozvoje", Organisation.Kind.MUNICIPAL_DEPARTMENT),
        ("Magistrát města Ostravy – odbor financí a rozpočtu", Organisation.Kind.MUNICIPAL_DEPARTMENT),
        ("Úřad práce ČR – kontaktní pracoviště Ostrava", Organisation.Kind.LABOUR_OFFICE),
        ("Městská policie Ostrava", Organisation.Kind.POLICE),
        ("Armáda spásy v ČR, z. s.", Organisation.Kind.RESIDENTIAL_SERVICE),
        ("Charita Ostrava", Organisation.Kind.NGO),
        ("Vzájemné soužití, o. p. s.", Organisation.Kind.NGO),
        ("Centrum sociálních služeb Ostrava, o. p. s.", Organisation.Kind.RESIDENTIAL_SERVICE),
        ("Statutární město Ostrava – Městský obvod Moravská Ostrava a Přívoz", Organisation.Kind.MUNICIPAL_DEPARTMENT),
    ],
    "kladno": [
        ("Magistrát města Kladna – odbor sociálních věcí", Organisation.Kind.MUNICIPAL_DEPARTMENT),
        ("Člověk v tísni, o. p. s. – pobočka Kladno", Organisation.Kind.NGO),
        ("Úřad práce ČR – kontaktní pracoviště Kladno", Organisation.Kind.LABOUR_OFFICE),
    ],
}

AGENCY = "Agentura pro sociální začleňování (MMR)"


@dataclass
class DemoUser:
    username: str
    first_name: str
    last_name: str
    memberships: list[tuple[str, str, str | None]] = field(default_factory=list)  # (slug, role, organisation)
    superuser: bool = False


OSSV = "Magistrát města Ostravy – odbor sociálních věcí"
USERS = [
    DemoUser("admin", "Správce", "Portálu", superuser=True),
    DemoUser("gestor.ostrava", "Jana", "Nováková", [("ostrava", Role.GESTOR, OSSV)]),
    DemoUser("metodik.ostrava", "Petr", "Svoboda", [("ostrava", Role.WRITER, OSSV)]),
    DemoUser("koordinator.ostrava", "Lucie", "Dvořáková", [("ostrava", Role.COORDINATOR, OSSV)]),
    DemoUser("socialni.ostrava", "Martin", "Černý", [("ostrava", Role.SOCIAL_WORKER, OSSV)]),
    DemoUser("clen.ostrava", "Tomáš", "Procházka", [("ostrava", Role.MEMBER, "Magistrát města Ostravy – odbor majetkový")]),
    DemoUser("nno.ostrava", "Eva", "Kučerová", [("ostrava", Role.PARTNER, "Charita Ostrava")]),
    DemoUser("gestor.kladno", "Pavel", "Veselý", [("kladno", Role.GESTOR, "Magistrát města Kladna – odbor sociálních věcí")]),
    DemoUser("nno.kladno", "Markéta", "Horáková", [("kladno", Role.PARTNER, "Člověk v tísni, o. p. s. – pobočka Kladno")]),
    DemoUser("konzultant", "Ondřej", "Marek", [("ostrava", Role.CONSULTANT, AGENCY), ("kladno", Role.CONSULTANT, AGENCY)]),
]


def load(*, stdout=None) -> dict:
    municipalities = {}
    for data in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(slug=data["slug"], defaults=data)
        municipalities[municipality.slug] = municipality
    organisations = {}
    for slug, orgs in ORGANISATIONS.items():
        for name, kind in orgs:
            org, _ = Organisation.objects.get_or_create(
                municipality=municipalities[slug], name=name, defaults={"kind": kind}
            )
            organisations[name] = org
    agency, _ = Organisation.objects.get_or_create(
        municipality=None, name=AGENCY, defaults={"kind": Organisation.Kind.AGENCY}
    )
    organisations[AGENCY] = agency

    User = get_user_model()
    users = {}
    for spec in USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.cz",
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        first_org = organisations.get(spec.memberships[0][2]) if spec.memberships else None
        Profile.objects.get_or_create(user=user, defaults={"organisation": first_org})
        for slug, role, org_name in spec.memberships:
            Membership.objects.get_or_create(
                user=user,
                municipality=municipalities[slug],
                role=role,
                defaults={"organisation": organisations.get(org_name)},
            )
        users[spec.username] = user
    if stdout:
        stdout.write(f"portal: {len(municipalities)} municipalities, {len(users)} users")
    return {"municipalities": municipalities, "organisations": organisations, "users": users}
