"""A focus-group output becomes a finding of the concept (the service: concepts/focus_findings.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.access import municipality_view
from portal.forms import add_service_errors
from workgroups.access import can_make_findings, meeting_for, require
from workgroups.models import FocusGroupOutput

from ..focus_findings import FocusFindingForm, finding_from_focus_output


@municipality_view()
def output_to_finding(request, municipality, pk, output_pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_make_findings(request.user, municipality))
    output = get_object_or_404(FocusGroupOutput, meeting=meeting, pk=output_pk, finding__isnull=True)
    form = FocusFindingForm(request.POST or None, municipality=municipality, initial={"statement": output.text})
    if request.method == "POST" and form.is_valid():
        try:
            finding_from_focus_output(output=output, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The output is now a finding of the concept."))
            return redirect(f"{meeting.get_absolute_url()}#outputs")
    return render(request, "concepts/focus_finding_form.html", {
        "municipality": municipality, "meeting": meeting, "output": output, "form": form,
    })
