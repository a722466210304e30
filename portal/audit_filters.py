"""The audit viewer's filter: actor, date range, object (type and id or name), action; ordering."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .lists import DateFilter, ListFilterSet
from .models import AuditEntry


class AuditFilter(ListFilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("Who"), field_name="actor", queryset=get_user_model().objects.none())
    since = DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte", widget=DateInput())
    until = DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte", widget=DateInput())
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEntry.Action.choices)
    object_type = django_filters.ModelChoiceFilter(label=_("Kind of record"), field_name="content_type",
                                                   queryset=ContentType.objects.none())
    object = django_filters.CharFilter(label=_("Record (number or name)"), method="filter_object", max_length=200)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("at", "at"), ("actor_repr", "actor"), ("action", "action"), ("object_repr", "object")),
        field_labels={"at": _("time"), "actor_repr": _("who"), "action": _("action"), "object_repr": _("record")},
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "since", "until", "action", "object_type", "object"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        in_log = AuditEntry.objects.filter(municipality=municipality)
        self.filters["actor"].queryset = get_user_model().objects.filter(
            pk__in=in_log.exclude(actor_id=None).values("actor_id")
        ).order_by("last_name", "first_name", "username")
        self.filters["actor"].field.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.filters["object_type"].queryset = ContentType.objects.filter(
            pk__in=in_log.exclude(content_type_id=None).values("content_type_id")
        ).order_by("app_label", "model")
        self.filters["object_type"].field.label_from_instance = lambda ct: str(ct.name)

    def filter_object(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(object_id=value) | Q(object_repr__icontains=value))
