from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.form_fields import DateField, IntegerField, ModelMultipleChoiceField, formfield
from portal.forms import DateInput
from portal.lists import ListFilterSet, QueryForm
from portal.models import Organisation
from portal.roles import Role
from portal.selectors import people_in

from .models import (
    ALLOWED_PARENT,
    Concept,
    Finding,
    FundingSource,
    MeasureStatus,
    ProgressNote,
    Section,
    SectionKind,
)


def _groups(municipality):
    from workgroups.models import Group

    return Group.objects.filter(municipality=municipality, is_active=True).order_by("name")


class ConceptForm(VersionedFormMixin, forms.ModelForm):
    from_template = forms.BooleanField(
        label=_("Start from the Ostrava template (nine analysis chapters and a vision)"), required=False,
        initial=True,
    )

    class Meta:
        formfield_callback = formfield
        model = Concept
        fields = ["title", "valid_from", "valid_to", "vision", "gestor", "writer", "phase",
                  "resolution_number", "resolution_date"]
        widgets = {"resolution_date": DateInput(), "vision": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, creating: bool, can_approve: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gestor"].queryset = people_in(municipality, Role.GESTOR)
        self.fields["writer"].queryset = people_in(municipality, Role.WRITER, Role.GESTOR)
        if creating:
            for name in ("phase", "resolution_number", "resolution_date"):
                del self.fields[name]
        else:
            del self.fields["from_template"]
            if not can_approve:
                for name in ("resolution_number", "resolution_date"):
                    self.fields[name].disabled = True


class SectionNewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SectionKind.choices)
    parent = forms.ModelChoiceField(label=_("Under"), queryset=Section.objects.none(), required=False,
                                    help_text=_("A goal goes under a priority, a measure under a goal."))
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Section.objects.filter(
            concept=concept, kind__in=[SectionKind.PRIORITY, SectionKind.GOAL]
        ).order_by("kind", "number")
        self.fields["parent"].label_from_instance = lambda s: f"{s.get_kind_display()} {s.number} {s.title}"


class SectionForm(VersionedFormMixin, forms.Form):
    """The section editor. ``edit_version`` is the optimistic lock: the version loaded."""

    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 14}), required=False)
    drafting_group = forms.ModelChoiceField(label=_("Drafted by working group"), queryset=None, required=False)
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=200, required=False)
    partners = forms.CharField(label=_("Partners (one per line)"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)
    starts_on = DateField(label=_("Start"), required=False, widget=DateInput())
    ends_on = DateField(label=_("End"), required=False, widget=DateInput())
    cost_czk = IntegerField(label=_("Estimated cost (CZK)"), min_value=0, max_value=10**13, required=False)  # a bigint column
    funding_sources = forms.MultipleChoiceField(label=_("Funding sources"), choices=FundingSource.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    findings = ModelMultipleChoiceField(
        label=_("Findings this measure answers"), queryset=Finding.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    MEASURE_ONLY = ("responsible_organisation", "responsible_person", "partners", "starts_on", "ends_on",
                    "cost_czk", "funding_sources", "findings")

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        concept = section.concept
        self.fields["drafting_group"].queryset = _groups(concept.municipality)
        if section.kind == SectionKind.MEASURE:
            self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
                municipality=concept.municipality
            ).order_by("name")
            self.fields["findings"].queryset = Finding.objects.filter(concept=concept).select_related("chapter")
            self.fields["findings"].label_from_instance = lambda f: (
                f"{f.chapter.number + ' · ' if f.chapter else ''}{f.statement[:160]}"
            )
        else:
            for name in self.MEASURE_ONLY:
                del self.fields[name]

    @staticmethod
    def initial_for(section: Section) -> dict:
        initial = {"edit_version": section.edit_version, "title": section.title, "body": section.body,
                   "drafting_group": section.drafting_group_id}
        if section.kind == SectionKind.MEASURE:
            initial.update({
                "responsible_organisation": section.responsible_organisation_id,
                "responsible_person": section.responsible_person,
                "partners": section.partners,
                "starts_on": section.starts_on,
                "ends_on": section.ends_on,
                "cost_czk": section.cost_czk,
                "funding_sources": list(section.funding_sources or []),
                "findings": [f.pk for f in section.findings.all()],
            })
        return initial


class SectionMoveForm(VersionedFormMixin, forms.Form):
    """Where a section goes, with its version as loaded: two people moving it at once do not
    silently undo each other."""

    parent = forms.ModelChoiceField(label=_("Under"), queryset=Section.objects.none(), required=False)
    position = IntegerField(label=_("Place among its siblings (1 = first)"), min_value=1)

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("edit_version", section.edit_version)
        parent_kind = ALLOWED_PARENT[section.kind]
        if parent_kind is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].required = True
            self.fields["parent"].queryset = Section.objects.filter(concept=section.concept, kind=parent_kind)
            self.fields["parent"].label_from_instance = lambda s: f"{s.number} {s.title}"

    def theirs(self, section: Section) -> dict:
        """Where someone else put the section meanwhile, for the conflict page."""
        parent = section.parent
        return {"parent": f"{parent.number} {parent.title}" if parent else "", "position": section.position + 1}


class IndicatorForm(forms.Form):
    """A measure's output indicator (an ``analytics.Indicator`` with the municipality's target)."""

    name = forms.CharField(label=_("indicator"), max_length=300)
    unit = forms.CharField(label=_("unit"), max_length=50, required=False)
    target = forms.DecimalField(label=_("target"), max_digits=14, decimal_places=2)


class ProgressNoteForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = ProgressNote
        fields = ["noted_on", "status", "progress", "text", "evidence", "evidence_url"]
        widgets = {"noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3}),
                   "evidence": forms.Textarea(attrs={"rows": 2})}


class FindingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Finding
        fields = ["statement", "source_kind", "source_detail", "chapter"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Section.objects.filter(concept=concept, kind=SectionKind.CHAPTER)
        self.fields["chapter"].label_from_instance = lambda s: f"{s.number} {s.title}"


class FreezeForm(forms.Form):
    steering_approved_on = DateField(label=_("Approved by the steering team on"), widget=DateInput())
    approval_meeting = forms.ModelChoiceField(label=_("Steering meeting that approved it"), queryset=None,
                                              required=False)
    approval_note = forms.CharField(label=_("Or the decision where the approval was given"), max_length=300,
                                    required=False, help_text=_("For example: resolution by e-mail of 3 March."))
    label = forms.CharField(label=_("Label"), max_length=200, required=False,
                            help_text=_("For example: draft for the first comment round."))
    change_summary = forms.CharField(label=_("What changed since the previous version"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        from workgroups.models import Group, Meeting

        self.fields["approval_meeting"].queryset = (
            Meeting.objects.filter(group__municipality=municipality, group__kind=Group.Kind.STEERING)
            .select_related("group")
            .order_by("-starts_at")
        )


class CompareForm(forms.Form):
    a = IntegerField(label=_("Older version"), min_value=1)
    b = IntegerField(label=_("Newer version"), min_value=1)
    all = forms.BooleanField(label=_("Show unchanged sections too"), required=False)


class MeasureFilter(ListFilterSet):
    priority = django_filters.ModelChoiceFilter(label=_("Priority"), field_name="parent__parent",
                                                queryset=Section.objects.none())
    responsible = django_filters.ModelChoiceFilter(label=_("Responsible organisation"),
                                                   field_name="responsible_organisation",
                                                   queryset=Organisation.objects.none())
    funding_source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices,
                                                 method="filter_funding")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeasureStatus.choices)
    linked = django_filters.BooleanFilter(label=_("Linked to a finding"), method="filter_linked")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("progress", "progress"), ("ends_on", "end"), ("cost_czk", "cost"), ("status", "status")),
        field_labels={"progress": _("progress"), "ends_on": _("end"), "cost_czk": _("cost"),
                      "status": _("status")},
    )

    class Meta:
        model = Section
        fields = ["priority", "responsible", "status"]

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["priority"].queryset = Section.objects.filter(concept=concept, kind=SectionKind.PRIORITY)
        self.filters["priority"].field.label_from_instance = lambda s: f"{s.number} {s.title}"
        self.filters["responsible"].queryset = Organisation.objects.filter(
            responsible_for_measures__concept=concept
        ).distinct().order_by("name")

    def filter_funding(self, queryset, name, value):
        # A JSON list of codes; the quoted code matches one whole element on SQLite and PostgreSQL.
        return queryset.filter(funding_sources__icontains=f'"{value}"') if value else queryset

    def filter_linked(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(findings__isnull=not value).distinct()


class SectionQuery(QueryForm):
    """What a new section starts as (``?kind=goal&parent=12``): its kind and the priority or goal
    it goes under. Junk starts a chapter at the top."""

    kind = forms.ChoiceField(choices=SectionKind.choices, required=False, initial=SectionKind.CHAPTER)
    parent = forms.ModelChoiceField(queryset=Section.objects.none(), required=False)

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Section.objects.filter(
            concept=concept, kind__in=[SectionKind.PRIORITY, SectionKind.GOAL])


class FindingQuery(QueryForm):
    """The chapter a new finding starts in (``?chapter=12``)."""

    chapter = forms.ModelChoiceField(queryset=Section.objects.none(), required=False)

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = Section.objects.filter(concept=concept, kind=SectionKind.CHAPTER)
