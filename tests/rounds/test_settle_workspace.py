"""The settlement workspace: next unsettled after each save, assignment with "my assigned
comments", sorting, and a section filter offering only sections with comments."""

import pytest
from django.urls import reverse

from concepts.rounds.models import Comment

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(closed_round, sections):
    return [CommentFactory(round=closed_round, section=sections[i], number=n)
            for n, i in ((1, 0), (2, 0), (3, 2))]


def test_it_opens_the_next_unsettled_comment_after_a_save(client_for, gestor, closed_round, comments):
    slug = closed_round.municipality.slug
    url = reverse("rounds:comment_settle", args=[slug, closed_round.pk, comments[0].pk])
    response = client_for(gestor).post(url, {"edit_version": 0, "outcome": "accepted"})
    assert response.url == reverse("rounds:comment_settle", args=[slug, closed_round.pk, comments[1].pk])


def test_assigned_comments_are_listed_as_mine(client_for, gestor, writer, closed_round, comments):
    slug = closed_round.municipality.slug
    client = client_for(gestor)
    client.post(reverse("rounds:comments_assign", args=[slug, closed_round.pk]),
                {"comments": [comments[2].pk], "assignee": writer.pk, "loaded_assignees": [f"{comments[2].pk}:0"]})
    assert Comment.objects.get(pk=comments[2].pk).assigned_to == writer
    page = client_for(writer).get(reverse("rounds:settle", args=[slug, closed_round.pk]), {"assigned": "me"})
    assert [c.pk for c in page.context["page"].object_list] == [comments[2].pk]


def test_only_settlers_can_be_assigned(client_for, gestor, partner, closed_round, comments):
    slug = closed_round.municipality.slug
    client_for(gestor).post(reverse("rounds:comments_assign", args=[slug, closed_round.pk]),
                            {"comments": [comments[0].pk], "assignee": partner.pk})
    assert Comment.objects.get(pk=comments[0].pk).assigned_to is None


def test_the_section_filter_lists_only_sections_with_comments(client_for, gestor, closed_round, comments, sections):
    page = client_for(gestor).get(reverse("rounds:settle", args=[closed_round.municipality.slug, closed_round.pk]))
    offered = list(page.context["filter"].filters["section"].queryset)
    assert offered == [sections[0], sections[2]]


def test_it_sorts_and_survives_junk(client_for, gestor, closed_round, comments):
    url = reverse("rounds:settle", args=[closed_round.municipality.slug, closed_round.pk])
    client = client_for(gestor)
    page = client.get(url, {"sort": "-number"})
    assert [c.number for c in page.context["page"].object_list] == [3, 2, 1]
    for junk in ({"page": "-1"}, {"sort": "zzz"}, {"section": "abc"}, {"settled": "<script>"}, {"same": "x"}):
        assert client.get(url, junk).status_code in (200, 400)


def test_the_next_version_list_keeps_chapters_and_priorities_apart(closed_round):
    from concepts.models import VersionSection
    from concepts.rounds.forms import next_section_choices

    from .factories import VersionFactory, VersionSectionFactory

    v2 = VersionFactory(concept=closed_round.version.concept, number=2)
    VersionSectionFactory(version=v2, kind="chapter", number="1", title="Bytový fond", order=0)
    VersionSectionFactory(version=v2, kind="priority", number="1", title="Dostupné bydlení", order=1)
    choices = next_section_choices(closed_round)
    groups = {label: [text for _uid, text in items] for label, items in choices[1:]}
    assert len(groups) == 2
    chapter_group, strategy_group = groups.values()
    assert chapter_group[0].endswith("1 Bytový fond") and strategy_group[0].endswith("1 Dostupné bydlení")
    assert chapter_group[0] != strategy_group[0].replace("Dostupné bydlení", "Bytový fond")
    assert VersionSection.objects.filter(version=v2).count() == 2
