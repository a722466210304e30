from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from concepts.rounds.models import Round
from portal.concurrency import VersionedFormMixin
from portal.form_fields import DateField, ModelMultipleChoiceField, formfield
from portal.forms import DateInput
from portal.lists import ListFilterSet
from portal.models import Municipality
from portal.roles import Role

from ..models import EventKind, GoodPracticeEvent, ReportSubscription, ScoreMoment, ThematicArea


class CooperationForm(VersionedFormMixin, forms.Form):
    starts_on = DateField(label=_("Start of cooperation"), widget=DateInput())
    planned_end_on = DateField(label=_("Planned end"), widget=DateInput(), required=False,
                                     help_text=_("Leave empty for 24 months after the start."))
    thematic_areas = forms.MultipleChoiceField(label=_("Thematic areas"), choices=ThematicArea.choices,
                                               widget=forms.CheckboxSelectMultiple, required=False)
    consultants = ModelMultipleChoiceField(label=_("Consultants"), queryset=get_user_model().objects.none(),
                                                 widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("Scope of support"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = get_user_model().objects.filter(
            memberships__municipality=municipality, memberships__role=Role.CONSULTANT, memberships__is_active=True
        ).distinct().order_by("last_name", "first_name")
        self.fields["edit_version"].required = False

    def theirs(self, current) -> dict:
        """The saved areas and consultants as the form shows them, for the conflict page."""
        areas = dict(self.fields["thematic_areas"].choices)
        consultants = self.fields["consultants"]
        return {
            "thematic_areas": ", ".join(sorted(str(areas.get(a, a)) for a in current.thematic_areas)),
            "consultants": ", ".join(sorted(consultants.label_from_instance(u) for u in current.consultants.all())),
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    is_inclusion_manager = forms.BooleanField(label=_("Inclusion manager"), required=False)


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=300)
    area = forms.ChoiceField(label=_("Thematic area"), choices=[("", "—"), *ThematicArea.choices], required=False)
    is_competence = forms.BooleanField(label=_("Competence criterion"), required=False,
                                       help_text=_("Competence in coordinating the network of services (target 1)."))
    levels = forms.CharField(label=_("Rubric levels"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("One level per line, the lowest first."))


class ScoreForm(forms.Form):
    moment = forms.ChoiceField(label=_("When in the cooperation"), choices=ScoreMoment.choices)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=[])
    scored_on = DateField(label=_("Scored on"), widget=DateInput())
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.level, f"{lv.level}: {lv.descriptor}") for lv in criterion.levels.all()]


class EventForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = GoodPracticeEvent
        fields = ["kind", "title", "held_on", "hours", "central_bodies", "data_presented", "proposals"]
        widgets = {"held_on": DateInput(), "central_bodies": forms.Textarea(attrs={"rows": 2}),
                   "data_presented": forms.Textarea(attrs={"rows": 2}), "proposals": forms.Textarea(attrs={"rows": 2})}


class AttendanceForm(VersionedFormMixin, forms.Form):
    """A person's attendance at an event. 0: the person saw no record of them, so an entry a
    colleague made meanwhile for the same person is not silently overwritten."""

    version_when_new = 0
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    is_inclusion_manager = forms.BooleanField(label=_("Inclusion manager"), required=False)
    hours = forms.DecimalField(label=_("Hours attended"), min_value=0, max_digits=4, decimal_places=1)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class EventFileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class SubscriptionForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(),
                                          required=False, empty_label=_("all my municipalities"))
    delivery = forms.ChoiceField(label=_("Delivery"), choices=ReportSubscription.Delivery.choices)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class EventFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=_("all kinds"))
    sort = django_filters.OrderingFilter(label=_("Sort by"), fields=(("held_on", "date"), ("title", "topic")),
                                         field_labels={"held_on": _("date"), "title": _("topic")})

    class Meta:
        model = GoodPracticeEvent
        fields = ["kind"]


class RoundFilter(ListFilterSet):
    """The municipality analytics page's rounds (the rounds the user may see, newest first), by state."""

    state = django_filters.ChoiceFilter(label=_("State"), choices=Round.Status.choices, field_name="state")
    sort = django_filters.OrderingFilter(label=_("Sort by"), fields=(("opens_at", "opens"), ("deadline", "deadline"),
                                                                   ("title", "title")),
                                         field_labels={"opens_at": _("opening"), "deadline": _("deadline"),
                                                       "title": _("title")})

    class Meta:
        model = Round
        fields = ["state"]
