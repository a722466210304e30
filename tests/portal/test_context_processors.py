"""portal.context_processors.navigation: lazy, so a page or partial that does not show the
navigation bar runs none of its queries; a page that does runs them once."""

from __future__ import annotations

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
