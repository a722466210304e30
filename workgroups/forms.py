from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.form_fields import DateTimeField, IntegerField, formfield
from portal.forms import DATETIME_FORMAT, DateInput, DateTimeInput
from portal.lists import QueryForm
from portal.models import Organisation
from portal.selectors import people_in

from .models import (
    ActionItem,
    Attendance,
    ChecklistItem,
    Group,
    GroupMember,
    Meeting,
    Milestone,
)


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class GroupForm(VersionedFormMixin, forms.ModelForm):
    methodologist = UserChoiceField(queryset=None, required=False, label=_("methodologist"))
    coordinator = UserChoiceField(queryset=None, required=False, label=_("coordinator"))

    class Meta:
        formfield_callback = formfield
        model = Group
        fields = ["kind", "name", "topic", "purpose", "concept", "parent", "cadence", "max_members",
                  "methodologist", "coordinator", "is_active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        users = people_in(municipality)
        self.fields["methodologist"].queryset = users
        self.fields["coordinator"].queryset = users
        self.fields["concept"].queryset = self.fields["concept"].queryset.filter(municipality=municipality)
        parents = Group.objects.filter(municipality=municipality, kind=Group.Kind.WORKING)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        else:
            del self.fields["is_active"]
        self.fields["parent"].queryset = parents
        self.fields["max_members"].help_text = _(
            "Working groups have at most 18 members by default; guests do not count. "
            "Only the concept owner (gestor) can raise the maximum."
        )


class MemberForm(forms.ModelForm):
    user = UserChoiceField(queryset=None, required=False, label=_("portal user"),
                           help_text=_("Choose a person with an account, or write a name below."))

    class Meta:
        formfield_callback = formfield
        model = GroupMember
        fields = ["user", "full_name", "email", "organisation", "role", "category", "from_date", "to_date", "note"]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["user"].queryset = people_in(group.municipality)
        self.fields["full_name"].required = False
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(municipality=group.municipality) | Q(municipality__isnull=True)
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user") and not (cleaned.get("full_name") or "").strip():
            self.add_error("full_name", _("Enter the person's name, or choose a portal user."))
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", _("The end of membership cannot be before its start."))
        return cleaned

    def validate_unique(self):
        # The service checks duplicates with a clear message next to the right field.
        pass


class MemberEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = GroupMember
        fields = ["role", "category", "organisation", "email", "to_date", "note"]
        widgets = {"to_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.group.municipality
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(municipality=municipality) | Q(municipality__isnull=True)
        )

    def clean_to_date(self):
        to_date = self.cleaned_data.get("to_date")
        if to_date and to_date < self.instance.from_date:
            raise ValidationError(_("The end of membership cannot be before its start."))
        return to_date


class ChecklistForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = ChecklistItem
        fields = ["status", "date", "note"]
        widgets = {"date": DateInput()}


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    agenda = forms.CharField(
        label=_("agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line, in order. Optionally add the presenter and the minutes planned: "
                    "“Item | presenter | 20”."),
    )
    starts_at = DateTimeField(label=_("starts at"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"])
    ends_at = DateTimeField(label=_("ends at"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"])

    class Meta:
        formfield_callback = formfield
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "method"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class AttendanceForm(VersionedFormMixin, forms.Form):
    """One radio group per member of the group on the meeting day."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("not recorded")), *Attendance.Status.choices]
        for row in rows:
            member = row["member"]
            label = member.full_name + (f" ({member.organisation})" if member.organisation else "")
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=row["status"] or "",
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            )

    def statuses(self, everyone_present: bool = False) -> dict[int, str]:
        """Each member's status; with ``everyone_present`` (the shortcut button) everyone not marked
        excused or absent is present."""
        if everyone_present:
            return {int(name[1:]): value if value in (Attendance.Status.EXCUSED, Attendance.Status.ABSENT)
                    else Attendance.Status.PRESENT for name, value in self.cleaned_data.items() if name.startswith("m")}
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("m")}


class MinutesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 18})}
        help_texts = {"minutes": _("Markdown: # heading, **bold**, - list item, 1. numbered item.")}


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ActionItemForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = ActionItem
        fields = ["text", "assignee", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = meeting.group.members.filter(to_date__isnull=True)


class ActionStatusForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionItem.Status.choices)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("PDF, DOCX, XLSX, ODT or an image, at most 20 MB."))
    description = forms.CharField(label=_("description"), max_length=300, required=False)


class FocusCountForm(forms.Form):
    target_group = forms.CharField(label=_("target group"), max_length=200)
    count = IntegerField(label=_("participants"), min_value=0, max_value=500)


class FocusOutputForm(forms.Form):
    text = forms.CharField(label=_("what the group said"), widget=forms.Textarea(attrs={"rows": 3}))


class MilestoneForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Milestone
        fields = ["title", "phase", "due_date", "status", "group", "concept", "description"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(municipality=municipality)
        self.fields["concept"].queryset = self.fields["concept"].queryset.filter(municipality=municipality)


class GroupQuery(QueryForm):
    """The kind a new group starts as (``?kind=focus``); junk starts a working group."""

    kind = forms.ChoiceField(choices=Group.Kind.choices, required=False, initial=Group.Kind.WORKING)
