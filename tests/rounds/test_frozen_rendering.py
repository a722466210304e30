"""concepts/rendering.py: a frozen version is rendered once and reused; each reader's parts are
laid over it; the reading page does not grow with the comments; the Markdown converter is reused
without carrying anything from one text to the next."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from concepts.models import SectionKind
from concepts.rendering import frozen_html, section_bodies, version_document
from portal.markdown import render_markdown

from .factories import CommentFactory, VersionSectionFactory


def test_it_renders_a_frozen_version_once(version, django_assert_num_queries):
    first = frozen_html(version)
    with django_assert_num_queries(0):
        assert frozen_html(version) == first
        section_bodies(version)
    assert "<strong>důležitým</strong>" in first


def test_it_lays_each_readers_parts_over_the_stored_document(version, sections):
    html = version_document(version, head={sections[1].pk: "<p>HLAVA</p>"}, foot={sections[2].pk: "<p>PATA</p>"})
    assert "<!--overlay" not in html
    vision = html[html.index(f'id="s-{sections[1].uid}"'):html.index(f'id="s-{sections[2].uid}"')]
    assert "HLAVA" in vision and "PATA" not in vision
    assert "PATA" in html[html.index(f'id="s-{sections[2].uid}"'):]


def test_it_keeps_one_rendering_per_language(version):
    VersionSectionFactory(version=version, order=10, kind=SectionKind.MEASURE, title="Krizové byty")
    with translation.override("en"):
        english = frozen_html(version)
    with translation.override("cs"):
        czech = frozen_html(version)
    assert ">Measure<" in english and ">Measure<" not in czech


def test_the_reading_page_does_not_grow_with_the_comments(client_for, partner, invitation, sections):
    url = reverse("rounds:round_read", args=["ostrava", invitation.round.pk])
    CommentFactory(round=invitation.round, section=sections[0], author=partner, invitation=invitation, number=1,
                   text="Připomínka " * 200)
    one = len(client_for(partner).get(url).content)
    for n in range(2, 31):
        CommentFactory(round=invitation.round, section=sections[0], author=partner, invitation=invitation, number=n,
                       text="Připomínka " * 200)
    thirty = client_for(partner).get(url)
    assert len(thirty.content) - one < 100  # only the counts change
    loader = reverse("rounds:section_comments", args=["ostrava", invitation.round.pk, sections[0].pk])
    assert f'hx-get="{loader}"' in thirty.content.decode()
    listed = client_for(partner).get(loader, HTTP_HX_REQUEST="true").content.decode()
    assert listed.count("doc-comment kind-") == 30


def test_the_section_comments_are_404_for_an_outsider(client_for, outsider, invitation, sections):
    loader = reverse("rounds:section_comments", args=["ostrava", invitation.round.pk, sections[0].pk])
    assert client_for(outsider).get(loader).status_code == 404


def test_the_reused_converter_carries_nothing_from_one_text_to_the_next():
    with_reference = "Viz [zdroj][1].\n\n[1]: https://example.org/zdroj"
    assert 'href="https://example.org/zdroj"' in render_markdown(with_reference)
    assert "href" not in render_markdown("Viz [zdroj][1].")
    assert render_markdown("*a*") == render_markdown("*a*") == "<p><em>a</em></p>"


SCRIPT = "<script>alert(1)</script>"


def test_the_contents_and_the_comment_buttons_escape_a_title_and_read_no_sections(
    client_for, partner, gestor, invitation, version,
):
    """The reading page and the version view draw their contents and buttons from the stored
    document's sections (concepts.rendering.stored_document): the titles escaped as a template
    would, and no query of the sections once the document is stored."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    VersionSectionFactory(version=version, order=10, number="", title=f"Příloha {SCRIPT} & spol.")
    escaped = "Příloha &lt;script&gt;alert(1)&lt;/script&gt; &amp; spol."
    read = reverse("rounds:round_read", args=["ostrava", invitation.round.pk])
    reader = client_for(partner)
    reader.get(read)  # stores the document
    with CaptureQueriesContext(connection) as captured:
        page = reader.get(read).content.decode()
    assert not [q for q in captured.captured_queries if "concepts_versionsection" in q["sql"]]
    assert SCRIPT not in page
    assert f"> {escaped}</a></li>" in page  # the contents (no number: one space, as the template drew it)
    assert f">Připomínkovat oddíl {escaped}</a>" in page  # the section's comment button
    staff = client_for(gestor)
    with CaptureQueriesContext(connection) as captured:
        view = staff.get(version.get_absolute_url()).content.decode()
    assert not [q for q in captured.captured_queries if "concepts_versionsection" in q["sql"]]
    assert SCRIPT not in view and f'">{escaped}</a></li>' in view


def test_a_process_keeps_the_split_document_and_a_cache_outage_only_renders_it_again(version, sections, monkeypatch):
    from concepts import rendering

    first = rendering.version_document(version, head={sections[0].pk: "<p>HLAVA</p>"})
    rendering._memo.clear()

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(rendering.cache, "get", down)
    monkeypatch.setattr(rendering.cache, "set", down)
    assert rendering.version_document(version, head={sections[0].pk: "<p>HLAVA</p>"}) == first


def test_the_reading_page_counts_every_comment_of_a_section(client_for, partner, gestor, invitation, sections):
    """The counts came from a query grouped by the comments' order as well (one row per comment),
    so a section with three comments said "1"."""
    for n in range(1, 4):
        CommentFactory(round=invitation.round, section=sections[0], author=partner, invitation=invitation, number=n)
    url = reverse("rounds:round_read", args=["ostrava", invitation.round.pk])
    for reader in (partner, gestor):  # the partner's own comments; staff see all
        page = client_for(reader).get(url).content.decode()
        assert "3 připomínky</p>" in page  # under the heading
        assert "Zobrazit 3 připomínky</a>" in page  # the link that loads them
        assert f'#s-{sections[0].uid}">1 {sections[0].title}</a> <span class="small text-body-secondary">(3)</span>' in page
