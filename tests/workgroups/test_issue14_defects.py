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


@pytest.mark.skipif(not pdf_support()[0], reason="WeasyPrint system libraries are missing")
def test_the_minutes_pdf_keeps_its_own_headings_numbers_page_one_and_has_signatures(working_group, pdf_text):
    meeting = MeetingFactory(group=working_group, title="Jednání o krizovém bydlení")
    meeting.minutes = "# Úvod\n\nText.\n\n## Závěry\n\nDalší text."
    meeting.save()
    context = minutes_context(meeting)
    from django.template.loader import render_to_string

    html = render_to_string("workgroups/pdf/minutes.html", context)
    assert "<h1>Úvod" not in html and "<h3>Úvod</h3>" in html and "<h4>Závěry</h4>" in html
    text = pdf_text(render_pdf_template("workgroups/pdf/minutes.html", context))
    assert "1 / 1" in text  # page 1 is numbered
    assert "Zapsal(a)" in text and "Ověřil(a)" in text
    footer = text.split("1 / 1")[0].splitlines()[-1:] + text.split("1 / 1")[-1].splitlines()[:1]
    assert not any("Úvod" in line for line in footer)
