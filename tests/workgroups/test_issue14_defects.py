"""Defects of issue 14 in the working groups, each with a test that failed before its fix."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.pdf import pdf_support, render_pdf_template
from workgroups.models import Attendance, GroupMember, StakeholderCategory
from workgroups.records import minutes_context

from .factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_composition_heading_counts_out_of_the_obligatory_categories(client_for, gestor, working_group):
    MemberFactory(group=working_group, category=StakeholderCategory.obligatory()[0].value)
    total = len(StakeholderCategory.obligatory())
    for url in (working_group.get_absolute_url(), reverse("workgroups:composition", args=["ostrava"])):
        html = client_for(gestor).get(url).content.decode()
        assert f"1 z {total} " in html, url  # was "1 z 0"
        assert " z 0 " not in html


def test_the_calendar_feed_says_nothing_about_a_previous_address_the_first_time(client_for, partner):
    client = client_for(partner)
    first = client.post(reverse("feeds:create"), follow=True).content.decode()
    assert "Adresa vašeho kalendáře je připravena." in first and "Předchozí adresa" not in first
    second = client.post(reverse("feeds:create"), follow=True).content.decode()
    assert "Předchozí adresa" in second or "předchozí adresa" in second


def test_attendance_has_an_everyone_present_shortcut(client_for, gestor, working_group):
    start = timezone.now() - timedelta(days=1)
    meeting = MeetingFactory(group=working_group, starts_at=start, ends_at=start + timedelta(hours=1))
    a, b, c = (MemberFactory(group=working_group) for _ in range(3))
    url = reverse("workgroups:attendance_edit", args=["ostrava", meeting.pk])
    assert 'name="everyone_present"' in client_for(gestor).get(url).content.decode()
    client_for(gestor).post(url, {f"m{b.pk}": Attendance.Status.EXCUSED, "everyone_present": "1",
                                  "edit_version": meeting.edit_version})  # the version the form carries
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert statuses == {a.pk: "present", b.pk: "excused", c.pk: "present"}


def test_a_member_is_labelled_by_name_not_title():
    from django.utils import translation

    with translation.override("cs"):
        assert str(GroupMember._meta.get_field("full_name").verbose_name) == "jméno a příjmení"


def test_the_invitation_greets_without_guessing_gender(working_group):
    from django.template.loader import render_to_string
    from django.utils import translation

    member = MemberFactory(group=working_group, full_name="Eva Kučerová")
    meeting = MeetingFactory(group=working_group)
    with translation.override("cs"):
        text = render_to_string("workgroups/email/invitation.txt", {"member": member, "meeting": meeting,
                                                                     "group": working_group, "link": "x"})
    assert text.startswith("Dobrý den,") and "Vážená paní / vážený pane" not in text


needs_pdf = pytest.mark.skipif(not pdf_support()[0], reason="WeasyPrint system libraries are missing")


def _minutes(working_group, minutes: str):
    meeting = MeetingFactory(group=working_group, title="Jednání o krizovém bydlení")
    meeting.minutes = minutes
    meeting.save()
    return minutes_context(meeting)


def _pages(data: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def test_the_minutes_pdf_ranks_the_users_headings_below_its_own(working_group):
    from django.template.loader import render_to_string

    html = render_to_string("workgroups/pdf/minutes.html",
                            _minutes(working_group, "# Úvod\n\nText.\n\n## Závěry\n\nDalší text."))
    assert "<h1>Úvod" not in html and "<h3>Úvod</h3>" in html and "<h4>Závěry</h4>" in html  # was <h1>, <h2>


@needs_pdf
def test_the_minutes_pdf_numbers_page_one(working_group):
    pages = _pages(render_pdf_template("workgroups/pdf/minutes.html", _minutes(working_group, "Krátký zápis.")))
    assert len(pages) == 1 and "1 / 1" in pages[0]  # page 1 had no number


@needs_pdf
def test_the_minutes_pdf_footer_names_the_meeting_not_a_heading_of_the_text(working_group):
    paragraphs = "\n\n".join(f"Odstavec {n}: " + "text zápisu " * 30 for n in range(60))
    context = _minutes(working_group, f"# Úvodní slovo starosty\n\n{paragraphs}")
    pages = _pages(render_pdf_template("workgroups/pdf/minutes.html", context))
    assert len(pages) >= 2
    for n, page in enumerate(pages[1:], start=2):
        assert "Úvodní slovo starosty" not in page, f"page {n}'s footer repeats the user's heading"
        assert "Jednání o krizovém bydlení" in page and f"{n} / {len(pages)}" in page


@needs_pdf
def test_the_minutes_pdf_ends_with_a_recorded_and_verified_by_block(working_group, pdf_text):
    text = pdf_text(render_pdf_template("workgroups/pdf/minutes.html", _minutes(working_group, "Zápis.")))
    assert "Zapsal(a)" in text and "Ověřil(a)" in text
