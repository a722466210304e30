"""The FilterSets of the portal's own lists (portal/lists.py)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .lists import ListFilterSet
from .models import Membership
from .roles import Role


class MembershipFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=django_filters.widgets.BooleanWidget)
    sort = django_filters.OrderingFilter(fields=(("user__last_name", "name"), ("role", "role")))
    default_ordering = ("user__last_name", "user__first_name", "role")

    class Meta:
        model = Membership
        fields = ["q", "role", "is_active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__first_name__icontains=value) | Q(user__last_name__icontains=value)
                               | Q(user__email__icontains=value))
