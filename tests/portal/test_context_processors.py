"""portal.context_processors.navigation: lazy, so a page or partial that does not show the
navigation bar runs none of its queries; a page that does runs them once."""

from __future__ import annotations

import re

from portal.context_processors import navigation


def test_the_navigation_costs_nothing_until_a_template_reads_it(rf, consultant, ostrava, django_assert_num_queries):
    request = rf.get("/m/ostrava/")
    request.user = consultant
    request.municipality = ostrava
    with django_assert_num_queries(0):
        context = navigation(request)
    assert len(context["nav_municipalities"]) == 2
    assert context["nav_dashboard"]
    assert [s["label"] for s in context["nav_sections"]]
    with django_assert_num_queries(0):  # computed once per request
        assert len(context["nav_municipalities"]) == 2 and context["nav_dashboard"]


def test_an_anonymous_visitor_gets_an_empty_navigation(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/public/")
    request.user = AnonymousUser()
    context = navigation(request)
    assert not context["nav_municipalities"] and not context["nav_sections"] and not context["nav_dashboard"]


def test_the_municipality_menu_lists_a_few_and_links_to_the_home_page_for_the_rest(client_for, consultant, ostrava,
                                                                                    settings):
    settings.LANGUAGE_CODE = "en"
    from portal.context_processors import NAV_MUNICIPALITIES
    from portal.models import Membership
    from portal.roles import Role
    from tests.factories import MunicipalityFactory

    client = client_for(consultant)
    assert "All my municipalities" not in client.get("/m/ostrava/").content.decode()
    for i in range(NAV_MUNICIPALITIES):
        Membership.objects.create(user=consultant, municipality=MunicipalityFactory(name=f"Obec N{i:02}"),
                                  role=Role.CONSULTANT)
    body = client.get("/m/ostrava/").content.decode()
    menu = body.split('class="dropdown-menu"', 1)[1].split("</ul>", 1)[0]
    assert menu.count('class="dropdown-item"') == NAV_MUNICIPALITIES + 1
    assert 'href="/">All my municipalities</a>' in menu


def test_the_menu_is_the_same_with_and_without_the_municipality_gate(client_for, consultant, ostrava):
    """On a municipality's page the menu comes from the memberships the gate read; elsewhere (the
    dashboard reads only roles) from a short query of its own: the same municipalities in the
    same order, none of an ended membership."""
    from portal.context_processors import NAV_MUNICIPALITIES
    from portal.models import Membership
    from portal.roles import Role
    from tests.factories import MunicipalityFactory

    for i in range(NAV_MUNICIPALITIES):
        Membership.objects.create(user=consultant, municipality=MunicipalityFactory(name=f"Obec N{i:02}"),
                                  role=Role.CONSULTANT)
    Membership.objects.create(user=consultant, municipality=MunicipalityFactory(name="Aaa, odešla"),
                              role=Role.CONSULTANT, is_active=False)
    client = client_for(consultant)

    def menu(url: str) -> list[str]:
        body = client.get(url).content.decode()
        return re.findall(r'class="dropdown-item"[^>]*>([^<]+)<', body.split('class="dropdown-menu"', 1)[1]
                          .split("</ul>", 1)[0])

    gated, elsewhere = menu("/m/ostrava/"), menu("/consultant/")
    assert gated == elsewhere and len(gated) == NAV_MUNICIPALITIES + 1
    assert "Aaa, odešla" not in gated
