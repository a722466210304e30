"""The reading page builds its per-section links from one prefix (issue 15): they must be the
URLs that reverse() gives, signed in and public."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concepts.rounds.reading import _section_urls

pytestmark = pytest.mark.django_db


def test_it_builds_the_same_section_links_as_reverse(open_round, sections):
    slug, pk, section = open_round.municipality.slug, open_round.pk, sections[2].pk
    comment, comments = _section_urls(open_round, public=False)
    assert comment(section) == reverse("rounds:comment_create", args=[slug, pk, section])
    assert comments(section) == reverse("rounds:section_comments", args=[slug, pk, section])
    comment, comments = _section_urls(open_round, public=True)
    assert comment(section) == reverse("public:comment", args=[slug, pk]) + f"?section={section}"
    assert comments(section) == reverse("public:section_comments", args=[slug, pk, section])
