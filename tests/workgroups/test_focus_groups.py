from django.urls import reverse

from concepts.models import Concept, Finding, Section, SectionKind
from workgroups.models import FocusGroupOutput, Group

from .factories import GroupFactory, MeetingFactory


def test_it_turns_a_focus_group_output_into_a_finding_linked_to_the_meeting(ostrava, working_group, writer, client_for):
    focus = GroupFactory(municipality=ostrava, kind=Group.Kind.FOCUS, name="Fokusní skupina", parent=working_group,
                         max_members=None)
    meeting = MeetingFactory(group=focus, title="Fokusní skupina v azylovém domě", method="focus_group")
    concept = Concept.objects.create(municipality=ostrava, title="Koncepce bydlení Ostrava")
    chapter = Section.objects.create(concept=concept, kind=SectionKind.CHAPTER, title="Cílové skupiny")
    c = client_for(writer)

    c.post(reverse("workgroups:focus_count_add", args=["ostrava", meeting.pk]),
           {"target_group": "osoby bez domova", "count": 7})
    c.post(reverse("workgroups:focus_output_add", args=["ostrava", meeting.pk]),
           {"text": "Hlavní bariérou je kauce."})
    output = FocusGroupOutput.objects.get()
    response = c.post(reverse("concepts:output_to_finding", args=["ostrava", meeting.pk, output.pk]),
                      {"concept": concept.pk, "chapter": chapter.pk, "statement": "Kauce brání získání bytu."})

    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.source_kind, finding.chapter, finding.created_by) == ("focus_group", chapter, writer)
    assert "Fokusní skupina v azylovém domě" in finding.source_detail
    output.refresh_from_db()
    assert output.finding == finding and finding.focus_group_output.meeting == meeting
    assert list(meeting.participant_counts.values_list("target_group", "count")) == [("osoby bez domova", 7)]
    # A second conversion is not offered.
    again = c.get(reverse("concepts:output_to_finding", args=["ostrava", meeting.pk, output.pk]))
    assert again.status_code == 404


def test_it_refuses_findings_to_a_coordinator(ostrava, coordinator, client_for):
    focus = GroupFactory(municipality=ostrava, kind=Group.Kind.FOCUS, max_members=None)
    meeting = MeetingFactory(group=focus)
    output = FocusGroupOutput.objects.create(meeting=meeting, text="X")
    url = reverse("concepts:output_to_finding", args=["ostrava", meeting.pk, output.pk])
    assert client_for(coordinator).get(url).status_code == 403
