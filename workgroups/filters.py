"""The FilterSets of the groups' lists (portal/lists.py: the one way a list filters, sorts and pages)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lists import ListFilterSet
from portal.phases import Phase

from .models import ActionItem, Group, GroupMember, Meeting, Method, Milestone, current_q


class GroupFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Group.Kind.choices)
    inactive = django_filters.BooleanFilter(label=_("inactive groups too"), method="filter_inactive",
                                            widget=django_filters.widgets.BooleanWidget)
    sort = django_filters.OrderingFilter(fields=(("kind", "kind"), ("name", "name"), ("last_met", "last_met"),
                                                 ("size", "members")))
    default_ordering = ("kind", "name")

    class Meta:
        model = Group
        fields = ["q", "kind"]

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("inactive"):
            queryset = queryset.filter(is_active=True)
        return super().filter_queryset(queryset)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(topic__icontains=value)) if value else queryset

    def filter_inactive(self, queryset, name, value):
        return queryset  # applied in filter_queryset: inactive groups are hidden unless asked for


class MeetingFilter(ListFilterSet):
    WHEN = (("upcoming", _("upcoming")), ("past", _("past")))

    group = django_filters.ModelChoiceFilter(label=_("Group"), queryset=Group.objects.none())
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN, method="filter_when")
    method = django_filters.ChoiceFilter(label=_("Method"), choices=Method.choices)
    sort = django_filters.OrderingFilter(fields=(("starts_at", "date"), ("group__name", "group"), ("title", "title")))
    default_ordering = ("-starts_at",)

    class Meta:
        model = Meeting
        fields = ["group", "when", "method"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = groups

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value == "upcoming" else queryset.filter(ends_at__lt=now)


class ActionItemFilter(ListFilterSet):
    ALL = "all"

    status = django_filters.ChoiceFilter(label=_("Status"), choices=[(ALL, _("all")), *ActionItem.Status.choices],
                                         method="filter_status")
    mine = django_filters.BooleanFilter(label=_("mine only"), method="filter_mine",
                                        widget=django_filters.widgets.BooleanWidget)
    overdue = django_filters.BooleanFilter(label=_("overdue only"), method="filter_overdue",
                                           widget=django_filters.widgets.BooleanWidget)
    sort = django_filters.OrderingFilter(fields=(("due_date", "due"), ("meeting__group__name", "group"),
                                                 ("status", "status")))
    defaults = {"status": ActionItem.Status.OPEN}
    default_ordering = ("due_date",)

    class Meta:
        model = ActionItem
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        return queryset if value == self.ALL else queryset.filter(status=value)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee__user=self.request.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=ActionItem.Status.OPEN, due_date__lt=timezone.localdate())


class MilestoneFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Milestone.Status.choices)
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices)
    sort = django_filters.OrderingFilter(fields=(("due_date", "date"),))
    default_ordering = ("due_date",)

    class Meta:
        model = Milestone
        fields = ["status", "phase"]


class GroupMemberFilter(ListFilterSet):
    """The members on a group's page: current ones, or with ``former=1`` everyone who ever was."""

    former = django_filters.BooleanFilter(label=_("Include former members"), method="filter_former",
                                          widget=django_filters.widgets.BooleanWidget)
    default_ordering = ("to_date", "full_name")

    class Meta:
        model = GroupMember
        fields = ["former"]

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("former"):
            queryset = queryset.filter(current_q())
        return super().filter_queryset(queryset)

    def filter_former(self, queryset, name, value):
        return queryset  # applied in filter_queryset: former members are hidden unless asked for
