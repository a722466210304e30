from datetime import timedelta

from django.utils import timezone

from workgroups import hooks

from .factories import ActionItemFactory, GroupFactory, MeetingFactory


def _this_week():
    today = timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    return timezone.make_aware(timezone.datetime.combine(sunday, timezone.datetime.min.time().replace(hour=10)))


def test_it_lists_this_weeks_meetings_and_overdue_action_items(working_group, memberships, member):
    start = _this_week()
    MeetingFactory(group=working_group, title="Jednání tento týden", starts_at=start, ends_at=start + timedelta(hours=1))
    later = start + timedelta(days=8)
    MeetingFactory(group=working_group, title="Jednání příští týden", starts_at=later, ends_at=later + timedelta(hours=1))
    meeting = MeetingFactory(group=working_group)
    ActionItemFactory(meeting=meeting, assignee=memberships["clen"], text="Dodat data",
                      due_date=timezone.localdate() - timedelta(days=2))
    ActionItemFactory(meeting=meeting, assignee=memberships["nno"], text="Cizí úkol",
                      due_date=timezone.localdate() - timedelta(days=2))

    texts = [a.text for a in hooks.attention_many(member, [working_group.municipality])[working_group.municipality.pk]]

    assert any("Jednání tento týden" in t for t in texts)
    assert not any("příští týden" in t for t in texts)
    assert any("Dodat data" in t for t in texts)
    assert not any("Cizí úkol" in t for t in texts)


def test_it_warns_those_who_run_groups_about_the_cadence(steering, coordinator, member):
    assert any(a.level == "danger" for a in hooks.attention_many(coordinator, [steering.municipality])[steering.municipality.pk])
    assert not any(a.level == "danger" for a in hooks.attention_many(member, [steering.municipality])[steering.municipality.pk])


def test_it_runs_a_fixed_number_of_queries(working_group, memberships, member, django_assert_max_num_queries):
    start = _this_week()
    for i in range(5):
        m = MeetingFactory(group=working_group, starts_at=start, ends_at=start + timedelta(hours=1))
        ActionItemFactory(meeting=m, assignee=memberships["clen"], due_date=timezone.localdate() - timedelta(days=i + 1))
    with django_assert_max_num_queries(6):
        items = hooks.attention_many(member, [working_group.municipality])[working_group.municipality.pk]
    assert len(items) >= 10


def test_it_shows_groups_and_the_last_steering_meeting_on_the_overview_card(steering, working_group, gestor):
    start = timezone.now() - timedelta(days=12)
    MeetingFactory(group=steering, starts_at=start, ends_at=start + timedelta(hours=2))
    card = hooks.overview_card(gestor, steering.municipality)
    assert card.figure == "2"
    assert "12" in card.detail


def test_it_counts_only_the_partners_groups_on_the_overview_card(working_group, other_group, memberships, partner):
    assert hooks.overview_card(partner, working_group.municipality).figure == "1"


def test_it_shows_no_card_to_a_partner_without_groups(ostrava, partner):
    GroupFactory(municipality=ostrava)
    assert hooks.overview_card(partner, ostrava) is None
