"""Meetings: list, page, planning, invitations, attendance, minutes, decisions, action items,
attachments, focus-group records and the minutes PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.audit import audit, client_ip
from portal.concurrency import versioned_edit
from portal.files import serve_file
from portal.forms import add_service_errors, add_service_messages
from portal.lists import list_page
from portal.models import AuditEntry

from . import meeting_services as ms
from .access import (
    attachment_for,
    can_make_findings,
    can_manage,
    can_update_action_item,
    can_write_minutes,
    group_for,
    groups_visible_to,
    meeting_for,
    meetings_visible_to,
    require,
)
from .filters import MeetingFilter
from .forms import (
    ActionItemForm,
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    FocusCountForm,
    FocusOutputForm,
    MeetingForm,
    MinutesForm,
)
from .models import Attendance, Decision, Method
from .records import attendance_rows, minutes_context


@municipality_view()
def meeting_list(request, municipality):
    meetings = meetings_visible_to(request.user, municipality).select_related("group", "group__municipality").annotate(
        n_present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
    )
    groups = groups_visible_to(request.user, municipality)
    filters, page = list_page(request, MeetingFilter, meetings, groups=groups)
    return render(request, "workgroups/meeting_list.html", {
        "municipality": municipality, "page": page, "groups": groups, "methods": Method.choices, "filters": filters,
    })


@municipality_view()
def meeting_detail(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    context = minutes_context(meeting)
    can_write = can_write_minutes(request.user, municipality)
    context.update({
        "can_manage": can_manage(request.user, municipality), "can_write": can_write,
        "can_make_findings": can_make_findings(request.user, municipality),
        "updatable_items": {a.pk for a in context["action_items"]
                            if can_update_action_item(request.user, municipality, a)},
        "decision_form": DecisionForm(), "action_form": ActionItemForm(meeting=meeting),
        "attachment_form": AttachmentForm(), "count_form": FocusCountForm(), "output_form": FocusOutputForm(),
        "today": timezone.localdate(),
    })
    return render(request, "workgroups/meeting_detail.html", context)


@municipality_view()
def meeting_create(request, municipality, pk):
    group = group_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    initial = {"method": Method.FOCUS_GROUP if group.is_focus else Method.DISCUSSION}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = ms.meeting_create(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was planned. Send the invitations when the agenda is ready."))
            return redirect(meeting.get_absolute_url())
    return render(request, "workgroups/meeting_form.html", {"municipality": municipality, "group": group, "form": form})


@municipality_view()
def meeting_edit(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    return versioned_edit(
        request, MeetingForm(request.POST or None, instance=meeting, initial={"agenda": ms.agenda_text(meeting)}),
        lambda version, data: ms.meeting_update(meeting=meeting, actor=request.user, expected_version=version, **data),
        template="workgroups/meeting_form.html", success_url=meeting.get_absolute_url(),
        cancel_url=meeting.get_absolute_url(), success_message=_("The meeting was saved."),
        context={"municipality": municipality, "group": meeting.group, "meeting": meeting},
    )


@require_POST
@municipality_view()
def meeting_invite(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    try:
        ms.meeting_invite(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        add_service_messages(request, exc)
    else:
        messages.success(request, _("The invitations are being sent to the members."))
    return redirect(meeting.get_absolute_url())


@require_POST
@municipality_view()
def meeting_cancel(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    ms.meeting_cancel(meeting=meeting, actor=request.user)
    messages.success(request, _("The meeting was cancelled."))
    return redirect(meeting.get_absolute_url())


@municipality_view()
def attendance_edit(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_write_minutes(request.user, municipality))
    form = AttendanceForm(request.POST or None, rows=attendance_rows(meeting),
                          initial={"edit_version": meeting.edit_version})
    return versioned_edit(
        request, form, lambda version, _data: ms.attendance_record(
            meeting=meeting, actor=request.user, expected_version=version,
            statuses=form.statuses(everyone_present="everyone_present" in request.POST)),
        template="workgroups/attendance_form.html", success_url=f"{meeting.get_absolute_url()}#attendance",
        cancel_url=meeting.get_absolute_url(), success_message=_("Attendance was saved."),
        context={"municipality": municipality, "meeting": meeting},
    )


@municipality_view()
def minutes_edit(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_write_minutes(request.user, municipality))
    back = f"{meeting.get_absolute_url()}#minutes"
    return versioned_edit(
        request, MinutesForm(request.POST or None, instance=meeting), lambda version, data: ms.minutes_save(
            meeting=meeting, actor=request.user, minutes=data["minutes"], expected_version=version),
        template="workgroups/minutes_form.html", success_url=back, cancel_url=back,
        success_message=_("The minutes were saved."), context={"municipality": municipality, "meeting": meeting},
    )


def _record_form(request, municipality, pk, form_class, save, anchor: str, form_kwargs=None):
    """Shared by the small forms on the meeting page: validate, call the service, go back."""
    meeting = meeting_for(request.user, municipality, pk)
    require(can_write_minutes(request.user, municipality))
    form = form_class(request.POST, request.FILES, **(form_kwargs(meeting) if form_kwargs else {}))
    if form.is_valid():
        try:
            save(meeting, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{meeting.get_absolute_url()}#{anchor}")
    context = minutes_context(meeting)
    context.update({"can_manage": can_manage(request.user, municipality), "can_write": True,
                    "decision_form": DecisionForm(), "action_form": ActionItemForm(meeting=meeting),
                    "attachment_form": AttachmentForm(), "count_form": FocusCountForm(),
                    "output_form": FocusOutputForm(), "today": timezone.localdate(), "invalid_anchor": anchor})
    context[f"{anchor.rstrip('s')}_form"] = form
    return render(request, "workgroups/meeting_detail.html", context, status=400)


@require_POST
@municipality_view()
def decision_add(request, municipality, pk):
    return _record_form(request, municipality, pk, DecisionForm, lambda m, data: ms.decision_add(
        meeting=m, actor=request.user, **data), "decisions")


@require_POST
@municipality_view()
def decision_delete(request, municipality, pk, decision_pk):
    meeting = meeting_for(request.user, municipality, pk)
    require(can_write_minutes(request.user, municipality))
    ms.decision_delete(decision=get_object_or_404(Decision, meeting=meeting, pk=decision_pk), actor=request.user)
    return redirect(f"{meeting.get_absolute_url()}#decisions")


@require_POST
@municipality_view()
def action_add(request, municipality, pk):
    return _record_form(request, municipality, pk, ActionItemForm, lambda m, data: ms.action_item_add(
        meeting=m, actor=request.user, **data), "actions", form_kwargs=lambda m: {"meeting": m})


@require_POST
@municipality_view()
def attachment_add(request, municipality, pk):
    return _record_form(request, municipality, pk, AttachmentForm, lambda m, data: ms.attachment_add(
        meeting=m, actor=request.user, **data), "attachments")


@municipality_view()
def attachment_download(request, municipality, pk, attachment_pk):
    attachment = attachment_for(request.user, municipality, pk, attachment_pk)
    audit(actor=request.user, action=AuditEntry.Action.VIEW, obj=attachment, municipality=municipality,
          ip=client_ip(request))
    return serve_file(attachment.file, filename=attachment.filename, content_type=attachment.content_type)


@require_POST
@municipality_view()
def attachment_delete(request, municipality, pk, attachment_pk):
    attachment = attachment_for(request.user, municipality, pk, attachment_pk)
    require(can_write_minutes(request.user, municipality))
    ms.attachment_delete(attachment=attachment, actor=request.user)
    messages.success(request, _("The attachment was removed."))
    return redirect(f"{attachment.meeting.get_absolute_url()}#attachments")


@require_POST
@municipality_view()
def focus_count_add(request, municipality, pk):
    return _record_form(request, municipality, pk, FocusCountForm, lambda m, data: ms.focus_counts_save(
        meeting=m, actor=request.user, counts={data["target_group"]: data["count"]}), "counts")


@require_POST
@municipality_view()
def focus_output_add(request, municipality, pk):
    return _record_form(request, municipality, pk, FocusOutputForm, lambda m, data: ms.focus_output_add(
        meeting=m, actor=request.user, **data), "outputs")


@require_POST
@municipality_view()
def minutes_pdf(request, municipality, pk):
    meeting = meeting_for(request.user, municipality, pk)
    job = ms.minutes_pdf_start(meeting=meeting, actor=request.user)
    return redirect(job.get_absolute_url())
