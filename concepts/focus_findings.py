"""The step from a focus group to the concept: an output of a focus-group meeting becomes a finding.

It lives in ``concepts`` because it writes a concept's finding and reads the groups' records;
``workgroups`` sits below ``concepts`` and never imports it (see the import-linter contracts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.models import AuditEntry, Municipality
from workgroups.models import FocusGroupOutput

from .models import Concept, Finding, Section, SectionKind

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class FocusFindingForm(forms.Form):
    concept = forms.ModelChoiceField(label=gettext_lazy("concept"), queryset=None)
    chapter = forms.ModelChoiceField(label=gettext_lazy("analysis chapter"), queryset=None, required=False)
    statement = forms.CharField(label=gettext_lazy("finding"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        concepts = Concept.objects.filter(municipality=municipality)
        self.fields["concept"].queryset = concepts
        self.fields["chapter"].queryset = Section.objects.filter(concept__in=concepts, kind=SectionKind.CHAPTER)
        if len(concepts) == 1:
            self.fields["concept"].initial = concepts[0].pk


@transaction.atomic
def finding_from_focus_output(*, output: FocusGroupOutput, actor: User, concept: Concept,
                              statement: str = "", chapter: Section | None = None) -> Finding:
    """Turn a focus-group output into a finding of the concept, keeping the link to the meeting.

    The output row is locked, so two people converting it at once make one finding."""
    output = FocusGroupOutput.objects.select_for_update().select_related("meeting__group").get(pk=output.pk)
    meeting = output.meeting
    if output.finding_id is not None:
        raise ValidationError(_("This output is already a finding of the concept."))
    if concept.municipality_id != meeting.group.municipality_id:
        raise ValidationError({"concept": _("Choose one of this municipality's.")})
    if chapter is not None and (chapter.concept_id != concept.pk or chapter.kind != SectionKind.CHAPTER):
        raise ValidationError({"chapter": _("Choose an analysis chapter of this concept.")})
    finding = Finding.objects.create(
        concept=concept,
        chapter=chapter,
        statement=(statement or output.text).strip(),
        source_kind=Finding.Source.FOCUS_GROUP,
        source_detail=f"{meeting.group.name}, {timezone.localdate(meeting.starts_at):%d. %m. %Y}: {meeting.title}"[:300],
        created_by=actor,
    )
    output.finding = finding
    output.save(update_fields=["finding"])
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=finding, municipality=concept.municipality,
          detail={"from_meeting": meeting.pk})
    return finding
