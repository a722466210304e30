from django.utils import timezone

from portal import demo as portal_demo
from workgroups import demo, stats
from workgroups.access import groups_visible_to
from workgroups.models import ActionItem, Group, GroupMember, Meeting


def test_it_loads_the_demo_twice_to_the_same_data(db):
    ctx = portal_demo.load()
    demo.load(ctx)
    counts = (Group.objects.count(), GroupMember.objects.count(), Meeting.objects.count())
    ctx = portal_demo.load()
    demo.load(ctx)
    assert (Group.objects.count(), GroupMember.objects.count(), Meeting.objects.count()) == counts

    ostrava = ctx["municipalities"]["ostrava"]
    groups = ctx["groups"]["ostrava"]
    assert set(groups) >= {"steering", "housing_crisis_social_affordable", "housing_stock"}
    covers = {c.group.pk: c for c in stats.composition_cover(ostrava)}
    assert covers[groups["housing_crisis_social_affordable"].pk].is_full
    assert covers[groups["housing_stock"].pk].missing
    meetings = ctx["steering_meetings"]["ostrava"]
    assert len(meetings) >= 12
    assert meetings == sorted(meetings, key=lambda m: m.starts_at)
    assert not stats.steering_cadence(ostrava).flagged
    assert ActionItem.objects.filter(status="open", due_date__lt=timezone.localdate()).exists()
    for username in ("nno.ostrava", "clen.ostrava"):
        visible = set(groups_visible_to(ctx["users"][username], ostrava))
        assert groups["housing_crisis_social_affordable"] in visible
        assert groups["steering"] not in visible
    assert ctx["steering_meetings"]["kladno"]
