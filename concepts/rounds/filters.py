"""The filters, sorting and pagination of every list of comment rounds (one FilterSet per list,
so no view reads ``request.GET`` by hand; junk parameters are ignored, never a 500)."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concepts.models import VersionSection
from portal.lists import ListFilterSet

from .models import Comment, Round, RoundInvitation, Settlement

PAGE_PARAM = "page"


def paginate(request, queryset, per_page: int):
    """The page asked for; a page number that is junk or out of range gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get(PAGE_PARAM))


class RoundFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Round.Status.choices, field_name="state")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("deadline", "deadline"), ("title", "title"), ("opens_at", "opens")),
        field_labels={"deadline": _("deadline"), "title": _("title"), "opens_at": _("opening")},
    )

    class Meta:
        model = Round
        fields = ["state"]

    @property
    def qs(self):
        qs = super().qs
        return qs if qs.query.order_by else qs.order_by("-opens_at", "-pk")


class InvitationFilter(django_filters.FilterSet):
    ANSWERS = [
        ("submitted", _("sent their comments")),
        ("commented", _("commented, not sent yet")),
        ("none", _("no comments")),
        ("silent", _("silent")),
        ("extension", _("asked for more time")),
    ]
    answer = django_filters.ChoiceFilter(label=_("Answer"), choices=ANSWERS, method="filter_answer")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("organisation__name", "organisation"), ("name", "name"), ("submitted_at", "submitted")),
        field_labels={"organisation__name": _("organisation"), "name": _("name"), "submitted_at": _("sent at")},
    )

    class Meta:
        model = RoundInvitation
        fields = ["answer"]

    def filter_answer(self, queryset, name, value):
        return {
            "submitted": queryset.filter(submitted_at__isnull=False),
            "commented": queryset.filter(commented=True, submitted_at__isnull=True),
            "none": queryset.filter(commented=False, no_comments_at__isnull=False),
            "silent": queryset.filter(commented=False, no_comments_at__isnull=True),
            "extension": queryset.filter(extension_requested_at__isnull=False),
        }.get(value, queryset)


class SectionWithCommentsChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: VersionSection) -> str:
        return f"{obj.number} {obj.title} ({obj.get_kind_display()})".strip()


class SettlementFilter(django_filters.FilterSet):
    """The settlement workspace: only sections that have comments are offered."""

    SETTLED = [("no", _("not settled yet")), *Settlement.Outcome.choices, ("dispute", _("dispute"))]
    ASSIGNED = [("me", _("my assigned comments")), ("nobody", _("not assigned"))]

    section = django_filters.ModelChoiceFilter(label=_("Section"), queryset=VersionSection.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Comment.Kind.choices)
    settled = django_filters.ChoiceFilter(label=_("Settlement"), choices=SETTLED, method="filter_settled")
    assigned = django_filters.ChoiceFilter(label=_("Assigned"), choices=ASSIGNED, method="filter_assigned")
    same = django_filters.NumberFilter(label=_("Identical to"), method="filter_same", widget=forms.HiddenInput)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("number", "number"), ("section__order", "section"), ("kind", "kind"),
                ("organisation__name", "organisation"), ("settlement__settled_at", "settled")),
        field_labels={"number": _("number"), "section__order": _("section"), "kind": _("kind"),
                      "organisation__name": _("organisation"), "settlement__settled_at": _("settled at")},
    )

    class Meta:
        model = Comment
        fields = ["section", "kind"]

    def __init__(self, *args, round: Round, user, identical: dict[int, list[int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round, self.user, self.identical = round, user, identical or {}
        with_comments = Comment.objects.filter(round=round).active().values("section_id")
        self.filters["section"].field_class = SectionWithCommentsChoice
        self.filters["section"].queryset = VersionSection.objects.filter(
            version=round.version, pk__in=with_comments
        ).order_by("order")

    def filter_settled(self, queryset, name, value):
        if value == "no":
            return queryset.filter(settlement__isnull=True)
        if value == "dispute":
            return queryset.filter(kind=Comment.Kind.ESSENTIAL, is_public=False, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED)
        return queryset.filter(settlement__outcome=value)

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.user)
        return queryset.filter(assigned_to__isnull=True)

    def filter_same(self, queryset, name, value):
        pk = int(value)
        return queryset.filter(pk__in=[pk, *self.identical.get(pk, [])])

    @property
    def qs(self):
        qs = super().qs
        return qs if qs.query.order_by else qs.order_by("section__order", "number")


class ModerationFilter(django_filters.FilterSet):
    SHOW = [("pending", _("waiting")), ("unconfirmed", _("not confirmed")), ("approved", _("approved")),
            ("hidden", _("hidden"))]
    show = django_filters.ChoiceFilter(label=_("Show"), choices=SHOW, method="filter_show", empty_label=None)

    class Meta:
        model = Comment
        fields = ["show"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("show"):
            data["show"] = "pending"
        super().__init__(data, *args, **kwargs)

    def filter_show(self, queryset, name, value):
        M = Comment.Moderation
        return {
            "pending": queryset.filter(moderation=M.PENDING, confirmed_at__isnull=False),
            "unconfirmed": queryset.filter(confirmed_at__isnull=True),
            "approved": queryset.filter(moderation=M.APPROVED, confirmed_at__isnull=False),
            "hidden": queryset.filter(moderation=M.HIDDEN),
        }.get(value, queryset.none())


class PublicRoundFilter(django_filters.FilterSet):
    """The public consultations on ``/`` and ``/public/``: open or closed, by municipality."""

    STATES = [("open", _("open now")), ("closed", _("closed"))]
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATES, method="filter_state")
    municipality = django_filters.CharFilter(label=_("Municipality"), method="filter_municipality")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("deadline", "deadline"), ("municipality__name", "municipality")),
        field_labels={"deadline": _("deadline"), "municipality__name": _("municipality")},
    )

    class Meta:
        model = Round
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=Round.Status.OPEN) if value == "open" else queryset.exclude(state=Round.Status.OPEN)

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(Q(municipality__name__icontains=value) | Q(municipality__slug=value))

    @property
    def qs(self):
        qs = super().qs
        return qs if qs.query.order_by else qs.order_by("-deadline", "-pk")


class MyCommentFilter(ListFilterSet):
    """One reader's own comments in a round ("my comments"): by kind, in order of number or section."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Comment.Kind.choices)
    sort = django_filters.OrderingFilter(fields=(("number", "number"), ("section__order", "section")))
    default_ordering = ("number",)

    class Meta:
        model = Comment
        fields = ["kind"]
