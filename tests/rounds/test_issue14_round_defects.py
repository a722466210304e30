"""Round defects and table exports of issue 14: the completion message promises the methodologist
no publish button she does not have (publishing is the gestor's); the PDF marks disputes; the XLSX stores comment numbers as numbers."""

import io

import openpyxl
import pytest
from django.urls import reverse

from concepts.rounds.exports import build_settlement_pdf, build_settlement_xlsx
from concepts.rounds.models import Comment, Round
from portal.models import Job

from .factories import CommentFactory, SettlementFactory

pytestmark = pytest.mark.django_db


def test_publishing_the_table_is_the_gestors_and_the_methodologist_is_not_promised_it(client_for, gestor, writer, closed_round):
    """Decided for issue 13 by DESIGN §4: the gestor opens and closes rounds, so publishing the
    settlement table is theirs; the methodologist settles comments and completes the settlement,
    and is then told the gestor can publish (issue 14's defect was the promise without a button)."""
    slug = closed_round.municipality.slug
    publish = reverse("rounds:round_publish", args=[slug, closed_round.pk])
    methodologist = client_for(writer)
    done = methodologist.post(reverse("rounds:round_complete", args=[slug, closed_round.pk]), follow=True)
    assert Round.objects.get(pk=closed_round.pk).status == Round.Status.SETTLED
    text = done.content.decode()
    assert "The gestor can now publish the table" in text or "Tabulku nyní může zveřejnit gestor" in text
    assert publish not in methodologist.get(closed_round.get_absolute_url()).content.decode()
    assert methodologist.post(publish).status_code == 403
    assert Round.objects.get(pk=closed_round.pk).status == Round.Status.SETTLED

    owner = client_for(gestor)
    assert publish in owner.get(closed_round.get_absolute_url()).content.decode()
    assert owner.post(publish).status_code == 302
    assert Round.objects.get(pk=closed_round.pk).status == Round.Status.PUBLISHED


def _job(round, kind):
    from django.contrib.contenttypes.models import ContentType

    return Job.objects.create(kind=kind, title="t", municipality=round.municipality, params={"language": "cs"},
                              target_type=ContentType.objects.get_for_model(round), target_id=str(round.pk))


@pytest.fixture
def dispute(closed_round, sections, ngo):
    for n in (2, 10):
        CommentFactory(round=closed_round, section=sections[0], number=n, organisation=ngo)
    comment = CommentFactory(round=closed_round, section=sections[1], number=3, kind=Comment.Kind.ESSENTIAL,
                             organisation=ngo, text="Zásadně nesouhlasíme.")
    SettlementFactory(comment=comment, outcome="not_accepted", justification="Nelze.")
    return comment


def test_the_xlsx_stores_comment_numbers_as_numbers(closed_round, dispute):
    name, data, _mime = build_settlement_xlsx(_job(closed_round, "settlement_xlsx"), lambda *a: None)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]
    assert numbers == [2, 10, 3] or sorted(numbers) == [2, 3, 10]
    assert all(isinstance(n, int) for n in numbers)


def test_the_pdf_marks_disputes_in_the_outcome_column(closed_round, dispute, pdf_text, monkeypatch):
    from portal.pdf import pdf_support

    if not pdf_support()[0]:
        pytest.skip("WeasyPrint system libraries are missing")
    import re

    from concepts.rounds import exports

    rendered = []

    def render(template, context):  # keep the HTML the PDF is made of, to read its outcome column
        from django.template.loader import render_to_string

        rendered.append(render_to_string(template, context))
        return real(template, context)

    real = exports.render_pdf_template
    monkeypatch.setattr(exports, "render_pdf_template", render)
    _name, data, _mime = build_settlement_pdf(_job(closed_round, "settlement_pdf"), lambda *a: None)
    outcomes = re.findall(r'<td class="outcome[^"]*">(.*?)</td>', rendered[0], re.S)
    assert len(outcomes) == 3
    marked = [cell for cell in outcomes if "ROZPOR" in cell]
    assert len(marked) == 1 and "neakceptováno" in marked[0].lower()  # the mark was only in the justification
    text = " ".join(pdf_text(data).split())
    assert "ROZPOR" in text and "Zásadně nesouhlasíme." in text


@pytest.mark.parametrize("n, says", [(1, "k vypořádání je 1 připomínka"), (2, "k vypořádání jsou 2 připomínky"),
                                     (5, "k vypořádání je 5 připomínek")])
def test_the_closing_notice_counts_comments_in_czech(closed_round, sections, gestor, n, says):
    from concepts.rounds.services import round_close
    from portal.models import Notification

    for _ in range(n):
        CommentFactory(round=closed_round, section=sections[0])
    assert round_close(round=closed_round)
    subject = Notification.objects.filter(user=gestor).get().subject
    assert subject.endswith(says), subject  # was "k vypořádání je 2 připomínek"
