from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from concepts.models import Section, SectionKind, Version, VersionSection
from portal.concurrency import BatchVersionedFormMixin, VersionedFormMixin, VersionsField
from portal.form_fields import DateField, DateTimeField, IntegerField, ModelMultipleChoiceField, formfield
from portal.forms import DateTimeInput
from portal.lists import QueryForm
from portal.models import Organisation

from .models import Comment, Round, RoundInvitation, Settlement


def paragraphs(body: str) -> list[str]:
    """The paragraphs of a section's Markdown text (separated by blank lines)."""
    return [p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip()]


class RoundForm(VersionedFormMixin, forms.ModelForm):
    reminder_days = forms.CharField(
        label=_("Reminders (days before the deadline)"), required=False, initial="3, 1",
        help_text=_("Whole numbers separated by commas, e.g. 3, 1. Leave empty for no reminders."),
    )
    working_days = IntegerField(
        label=_("Deadline in working days"), required=False, min_value=1, max_value=120, initial=15,
        help_text=_("Counted from the opening day, without weekends and Czech public holidays. "
                    "Leave the deadline date empty to use this; a date you enter wins."),
    )

    class Meta:
        formfield_callback = formfield
        model = Round
        fields = ["title", "version", "description", "audience", "opens_at", "working_days", "deadline",
                  "reminder_days", "invited_users", "invited_organisations", "invited_emails"]
        widgets = {
            "opens_at": DateTimeInput(),
            "deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "invited_emails": forms.Textarea(attrs={"rows": 3}),
            "invited_users": forms.CheckboxSelectMultiple,
            "invited_organisations": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = Version.objects.filter(concept__municipality=municipality).select_related("concept")
        self.fields["version"].label_from_instance = lambda v: f"{v.concept.title} – v{v.number} {v.label}".strip()
        self.fields["invited_users"].queryset = (
            get_user_model().objects.filter(memberships__municipality=municipality, memberships__is_active=True)
            .distinct().order_by("last_name", "first_name")
        )
        self.fields["invited_users"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["invited_organisations"].queryset = Organisation.objects.filter(municipality=municipality)
        self.fields["deadline"].required = False
        if self.instance.pk:
            self.initial["working_days"] = self.instance.working_days
            if self.instance.working_days:
                self.initial["deadline"] = None
            self.initial["reminder_days"] = ", ".join(str(d) for d in self.instance.reminder_days or [])
            if self.instance.has_started:
                # Invitees are reading this version: it and the kind of audience stay; people can be added.
                self.fields["version"].disabled = True
                self.fields["audience"].disabled = True
                self.fields["opens_at"].disabled = True

    def _get_validation_exclusions(self):
        # The deadline rule is checked in clean() and by the service, next to the field; the
        # database constraint stays as the last line of defence.
        return {*super()._get_validation_exclusions(), "deadline"}

    def clean(self):
        cleaned = super().clean()
        from .closing import working_day_deadline

        opens_at, deadline = cleaned.get("opens_at"), cleaned.get("deadline")
        if deadline:
            cleaned["working_days"] = None
        elif cleaned.get("working_days") and opens_at:
            deadline = cleaned["deadline"] = working_day_deadline(opens_at, cleaned["working_days"])
        elif "deadline" not in self.errors:
            self.add_error("deadline", _("Enter the deadline, or the number of working days from the opening."))
        if opens_at and deadline and deadline <= opens_at:
            self.add_error("deadline", _("The deadline must be later than the opening time."))
        return cleaned

    def clean_invited_emails(self) -> str:
        from django.core.validators import validate_email

        from .services import parse_emails

        emails = parse_emails(self.cleaned_data.get("invited_emails") or "")
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(_("These are not e-mail addresses: %(list)s") % {"list": ", ".join(bad)})
        return "\n".join(emails)

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data.get("reminder_days") or ""
        try:
            return [int(part) for part in re.split(r"[,\s;]+", raw.strip()) if part]
        except ValueError:
            raise ValidationError(_("Enter whole numbers of days separated by commas, e.g. 3, 1.")) from None

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReopenForm(forms.Form):
    deadline = DateTimeField(label=_("New deadline"), widget=DateTimeInput())


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: VersionSection) -> str:
        return f"{obj.number} {obj.title}".strip()


class CommentForm(forms.Form):
    section = SectionChoiceField(label=_("Section"), queryset=VersionSection.objects.none())
    quote = forms.CharField(
        label=_("Quoted passage"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Select text in the document to fill this in, or copy the words you comment on."),
    )
    paragraph = forms.TypedChoiceField(label=_("Paragraph"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Comment.Kind.choices, widget=forms.RadioSelect,
                             initial=Comment.Kind.RECOMMENDATION,
                             help_text=_("An essential comment that is not accepted becomes a dispute (rozpor)."))
    text = forms.CharField(label=_("Comment"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    proposed_wording = forms.CharField(label=_("Proposed wording"), required=False, max_length=10000,
                                       widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, version: Version, section: VersionSection | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = VersionSection.objects.filter(version=version).order_by("order")
        if section is not None:
            self.fields["section"].initial = section.pk
            self.fields["section"].widget = forms.HiddenInput()
        choices = [("", _("the whole section"))]
        if section is not None:
            choices += [(i, f"¶ {i}: {Truncator(p).chars(70)}") for i, p in enumerate(paragraphs(section.body), start=1)]
        else:
            choices += [(i, f"¶ {i}") for i in range(1, 51)]
        self.fields["paragraph"].choices = choices

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("section", "quote", "paragraph", "kind", "text", "proposed_wording")}


class CommentEditForm(CommentForm):
    def __init__(self, *args, comment: Comment, **kwargs):
        initial = {"section": comment.section_id, "quote": comment.quote, "paragraph": comment.paragraph,
                   "kind": comment.kind, "text": comment.text, "proposed_wording": comment.proposed_wording}
        super().__init__(*args, version=comment.round.version, section=comment.section, initial=initial, **kwargs)


class PublicCommentForm(CommentForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We send you a link to confirm the comment. "
                                                                  "The address is not published."))
    # Honeypot: hidden from people by CSS (class "hp-field"), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = ["name", "email", "section", "quote", "paragraph", "kind", "text", "proposed_wording", "website"]

    def is_bot(self) -> bool:
        return bool((self.data.get(self.add_prefix("website")) or "").strip())


class NoCommentsForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have read the document and have no comments."))


class ExtensionRequestForm(forms.Form):
    until = DateTimeField(label=_("I need until"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(VersionedFormMixin, forms.Form):
    """A gestor's decision on a request for more time, with the invitation's version as loaded."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("grant", _("grant")), ("refuse", _("refuse"))],
                                 widget=forms.RadioSelect)
    until = DateTimeField(label=_("Personal deadline"), required=False, widget=DateTimeInput())

    def theirs(self, invitation: RoundInvitation) -> dict:
        """The decision saved meanwhile, for the conflict page."""
        if invitation.extension_decided_at is None:
            return {"decision": "", "until": ""}
        choices = dict(self.fields["decision"].choices)
        until = invitation.extension_until
        return {"decision": choices["refuse" if invitation.extension_refused else "grant"],
                "until": "" if invitation.extension_refused or until is None else date_format(localtime(until), "j. n. Y H:i")}


def section_label(kind: str, number: str, title: str) -> str:
    """"Kapitola 2 Bytový fond" / "Opatření 1.1.2 Sociální byty": the kind keeps analysis chapter 1
    and priority 1 apart, which share the number."""
    return " ".join(x for x in (str(SectionKind(kind).label).capitalize(), number, title) if x)


SECTION_GROUPS = [
    (SectionKind.CHAPTER, _("Analysis chapters")),
    (SectionKind.VISION, _("Vision")),
    (None, _("Priorities, goals and measures")),
]


def next_section_choices(round: Round) -> list:
    """The sections of the next version (or of the draft, before it is frozen), grouped: analysis
    chapters, the vision, then the strategy (priorities, goals, measures) in reading order."""
    concept = round.version.concept
    next_version = Version.objects.filter(concept=concept, number__gt=round.version.number).order_by("number").first()
    if next_version is not None:
        rows = [(str(s.uid), s.kind, s.number, s.title)
                for s in VersionSection.objects.filter(version=next_version).order_by("order")]
    else:
        from concepts.selectors import in_reading_order

        rows = [(str(s.uid), s.kind, s.number, s.title)
                for s in in_reading_order(Section.objects.filter(concept=concept))]
    choices: list = [("", "—")]
    for kind, label in SECTION_GROUPS:
        group = [(uid, section_label(k, n, t)) for uid, k, n, t in rows
                 if (k == kind if kind else k not in (SectionKind.CHAPTER, SectionKind.VISION))]
        if group:
            choices.append((label, group))
    return choices


class SettlementForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Settlement"), choices=Settlement.Outcome.choices, widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the comment is accepted."),
    )
    next_section_uid = forms.ChoiceField(label=_("Section in the next version"), required=False)

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_section_uid"].choices = next_section_choices(round)


class LockedSettlementForm(VersionedFormMixin, SettlementForm):
    """One comment's settlement, with the optimistic lock (0: no settlement was there)."""


class AssignForm(forms.Form):
    """Assign several comments at once. ``loaded_assignees`` carries each row's assignee as the
    person saw it (``pk:user pk``, 0 for nobody); a comment reassigned since refuses the batch."""

    comments = ModelMultipleChoiceField(label=_("Comments"), queryset=Comment.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    loaded_assignees = VersionsField(required=False)
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False,
                                      empty_label=_("nobody (take back)"))

    def __init__(self, *args, round: Round, **kwargs):
        from portal.permissions import holders
        from portal.selectors import people_in

        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = Comment.objects.filter(round=round).active()
        self.fields["assignee"].queryset = people_in(round.municipality, *holders("concepts.settle_comments"))
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class CloseEarlyForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand: nobody can comment after the round is closed."))


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(label=_("These are my comments in this round."))


class BulkSettlementForm(BatchVersionedFormMixin, SettlementForm):
    """Settle several comments with one answer; ``edit_versions`` carries each row's settlement
    version as loaded (0: not settled yet)."""

    comments = ModelMultipleChoiceField(label=_("Comments"), queryset=Comment.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, round=round, **kwargs)
        self.fields["comments"].queryset = Comment.objects.filter(round=round).active()


class DisputeForm(VersionedFormMixin, forms.Form):
    """The record of the dispute meeting, with the settlement's version as loaded."""

    dispute_meeting_on = DateField(label=_("Dispute meeting held on"), widget=forms.DateInput(attrs={"type": "date"}))
    dispute_result = forms.ChoiceField(label=_("Outcome"), choices=Settlement.DisputeResult.choices, widget=forms.RadioSelect)
    dispute_note = forms.CharField(label=_("Record of the meeting"), widget=forms.Textarea(attrs={"rows": 3}))


class ModerationForm(VersionedFormMixin, forms.Form):
    """Approve or hide a public comment, with the comment's version as the moderator loaded it."""

    action = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("approve")), ("hide", _("hide"))],
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason for hiding"), required=False, max_length=300)

    def theirs(self, comment: Comment) -> dict:
        """The moderation saved meanwhile, for the conflict page."""
        action = {Comment.Moderation.APPROVED: "approve", Comment.Moderation.HIDDEN: "hide"}.get(comment.moderation)
        return {"action": dict(self.fields["action"].choices).get(action, comment.get_moderation_display()),
                "reason": comment.hidden_reason}


class QuoteQuery(QueryForm):
    """Where a new comment starts (``?quote=…&paragraph=3``): the passage and paragraph the reader
    picked in the document. Junk starts an empty comment."""

    quote = forms.CharField(required=False, strip=False, initial="")
    paragraph = IntegerField(required=False, min_value=1, max_value=32767)

    def clean_quote(self) -> str:
        return self.cleaned_data["quote"][:2000]


class PublicQuoteQuery(QuoteQuery):
    """A public comment also starts in a section of the round's version (``?section=12``)."""

    section = forms.ModelChoiceField(queryset=VersionSection.objects.none(), required=False)

    def __init__(self, *args, version: Version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = VersionSection.objects.filter(version=version)
