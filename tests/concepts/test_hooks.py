from concepts.hooks import attention_many, overview_card
from concepts.models import Section

from .factories import FindingFactory


def test_the_overview_card_shows_phase_and_evidence_share(concept, programme, member, django_assert_max_num_queries):
    programme[0].findings.add(FindingFactory(concept=concept))
    with django_assert_max_num_queries(4):  # roles, concept, share
        card = overview_card(member, concept.municipality)
    assert card.figure == concept.get_phase_display()
    assert "1" in card.detail and "8" in card.detail and card.url == concept.get_absolute_url()


def test_the_overview_card_is_hidden_from_partners_and_outsiders(concept, partner, outsider):
    assert overview_card(partner, concept.municipality) is None
    assert overview_card(outsider, concept.municipality) is None


def test_a_writer_is_told_about_unlinked_measures(concept, programme, writer, member, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        items = attention_many(writer, [concept.municipality])[concept.municipality.pk]
    assert any("8" in item.text for item in items)
    assert attention_many(member, [concept.municipality])[concept.municipality.pk] == []


def test_a_writer_is_told_about_stale_sections_of_their_group(concept, writer):
    from datetime import timedelta

    from django.utils import timezone

    from workgroups.models import Group, GroupMember

    group = Group.objects.create(municipality=concept.municipality, name="PS bydlení")
    GroupMember.objects.create(group=group, user=writer, full_name="Petr Svoboda")
    Section.objects.filter(concept=concept, kind="chapter").update(
        drafting_group=group, updated_at=timezone.now() - timedelta(days=40)
    )
    items = attention_many(writer, [concept.municipality])[concept.municipality.pk]
    assert any(item.level == "warning" and "9" in item.text for item in items)
