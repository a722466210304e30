"""The filters and sorting of every list of comment rounds (one FilterSet per list, paged by
``portal.lists``, so no view reads ``request.GET`` by hand; junk parameters are ignored, never a
500)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concepts.models import SectionKind, VersionSection
from portal.lists import ListFilterSet

from .models import Comment, Round, RoundInvitation, Settlement


class RoundFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Round.Status.choices, field_name="state")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("deadline", "deadline"), ("title", "title"), ("opens_at", "opens")),
        field_labels={"deadline": _("deadline"), "title": _("title"), "opens_at": _("opening")},
    )
    default_ordering = ("-opens_at", "-pk")

    class Meta:
        model = Round
        fields = ["state"]


class InvitationFilter(ListFilterSet):
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
    default_ordering = ("organisation__name", "name")

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


class _SectionChoices(forms.models.ModelChoiceIterator):
    """The sections' options from four columns, not from a model instance each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        kinds = {value: str(label) for value, label in SectionKind.choices}  # translated once per list
        for pk, number, title, kind in self.queryset.values_list("pk", "number", "title", "kind"):
            yield (pk, f"{number} {title} ({kinds.get(kind, kind)})".strip())


class SectionWithCommentsChoice(forms.ModelChoiceField):
    """A section of the version, offered as "number title (kind)"; a hundred of them are read as
    columns (``_SectionChoices``) and drawn by the portal's form renderer (``portal/form_renderer.py``)."""

    iterator = _SectionChoices

    def label_from_instance(self, obj: VersionSection) -> str:
        return f"{obj.number} {obj.title} ({obj.get_kind_display()})".strip()


class SettlementFilter(ListFilterSet):
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
    default_ordering = ("section__order", "number")

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



class SettlementTableFilter(ListFilterSet):
    """The settlement table: the whole table (not paged), by section, kind or outcome, in order of
    number, section, kind or organisation."""

    section = django_filters.ModelChoiceFilter(label=_("Section"), queryset=VersionSection.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Comment.Kind.choices)
    settled = django_filters.ChoiceFilter(label=_("Settlement"), choices=SettlementFilter.SETTLED,
                                          method="filter_settled")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("number", "number"), ("section__order", "section"), ("kind", "kind"),
                ("organisation__name", "organisation")),
        field_labels={"number": _("number"), "section__order": _("section"), "kind": _("kind"),
                      "organisation__name": _("organisation")},
    )
    default_ordering = ("section__order", "number")

    class Meta:
        model = Comment
        fields = ["section", "kind"]

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        with_comments = Comment.objects.filter(round=round).active().values("section_id")
        self.filters["section"].field_class = SectionWithCommentsChoice
        self.filters["section"].queryset = VersionSection.objects.filter(
            version=round.version, pk__in=with_comments
        ).order_by("order")

    filter_settled = SettlementFilter.filter_settled


class ModerationFilter(ListFilterSet):
    SHOW = [("pending", _("waiting")), ("unconfirmed", _("not confirmed")), ("approved", _("approved")),
            ("hidden", _("hidden"))]
    show = django_filters.ChoiceFilter(label=_("Show"), choices=SHOW, method="filter_show", empty_label=None,
                                       widget=forms.HiddenInput)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("created_at", "created"), ("number", "number"), ("section__order", "section")),
        field_labels={"created_at": _("submitted"), "number": _("number"), "section__order": _("section")},
    )
    default_ordering = ("created_at",)

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


class PublicRoundFilter(ListFilterSet):
    """The public consultations on ``/`` and ``/public/``: open or closed, by municipality."""

    STATES = [("open", _("open now")), ("closed", _("closed"))]
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATES, method="filter_state")
    municipality = django_filters.CharFilter(label=_("Municipality"), method="filter_municipality")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("deadline", "deadline"), ("municipality__name", "municipality")),
        field_labels={"deadline": _("deadline"), "municipality__name": _("municipality")},
    )
    default_ordering = ("-deadline", "-pk")

    class Meta:
        model = Round
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=Round.Status.OPEN) if value == "open" else queryset.exclude(state=Round.Status.OPEN)

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(Q(municipality__name__icontains=value) | Q(municipality__slug=value))



class MyCommentFilter(ListFilterSet):
    """One reader's own comments in a round ("my comments"): by kind, in order of number or section."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Comment.Kind.choices)
    sort = django_filters.OrderingFilter(fields=(("number", "number"), ("section__order", "section")))
    default_ordering = ("number",)

    class Meta:
        model = Comment
        fields = ["kind"]
