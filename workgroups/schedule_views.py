"""The schedule (harmonogram) as a timeline, and the action items across all groups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concepts.models import Concept, Phase
from portal.access import municipality_view
from portal.concurrency import EditConflict, conflict_context, without_version
from portal.forms import add_service_errors

from . import meeting_services as ms
from . import services
from .access import action_item_for, can_manage, can_update_action_item, milestone_for, require
from .forms import ActionStatusForm, MilestoneForm
from .models import ActionItem, Milestone
from .selectors import groups_visible_to, sees_all_groups

ACTION_SORTS = {"due": "due_date", "-due": "-due_date", "group": "meeting__group__name", "status": "status"}


def _can_see_schedule(user, municipality) -> bool:
    return sees_all_groups(user, municipality) or groups_visible_to(user, municipality).exists()


@municipality_view()
def milestone_list(request, municipality):
    require(_can_see_schedule(request.user, municipality))
    milestones = Milestone.objects.filter(municipality=municipality).select_related("group", "concept")
    status = request.GET.get("status", "")
    if status in Milestone.Status.values:
        milestones = milestones.filter(status=status)
    phase = request.GET.get("phase", "")
    if phase in Phase.values:
        milestones = milestones.filter(phase=phase)
    order = "-due_date" if request.GET.get("sort") == "-date" else "due_date"
    page = Paginator(milestones.order_by(order, "pk"), 50).get_page(request.GET.get("page"))
    concept = Concept.objects.filter(municipality=municipality).order_by("-created_at").first()
    return render(request, "workgroups/milestone_list.html", {
        "municipality": municipality, "page": page, "concept": concept, "phases": Phase.choices,
        "statuses": Milestone.Status.choices, "status": status, "phase": phase, "sort": request.GET.get("sort", ""),
        "today": timezone.localdate(), "can_manage": can_manage(request.user, municipality),
    })


@municipality_view()
def milestone_edit(request, municipality, pk=None):
    require(can_manage(request.user, municipality))
    milestone = milestone_for(municipality, pk) if pk else None
    concept = Concept.objects.filter(municipality=municipality).order_by("-created_at").first()
    initial = {} if milestone else {"concept": concept, "phase": concept.phase if concept else None}
    form = MilestoneForm(request.POST or None, instance=milestone, municipality=municipality, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if milestone:
                services.milestone_update(milestone=milestone, actor=request.user,
                                          expected_version=form.cleaned_data["edit_version"], **without_version(form))
            else:
                services.milestone_create(municipality=municipality, actor=request.user, **form.cleaned_data)
        except EditConflict as exc:
            conflict = exc.current
            form.rebind_to(conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("workgroups:milestone_list", municipality.slug)
    return render(request, "workgroups/milestone_form.html", {
        "municipality": municipality, "form": form, "milestone": milestone,
        **conflict_context(form, conflict, reverse("workgroups:milestone_list", args=[municipality.slug])),
    }, status=409 if conflict else 200)


@municipality_view()
def action_list(request, municipality):
    items = ActionItem.objects.filter(meeting__group__in=groups_visible_to(request.user, municipality)).select_related(
        "meeting", "meeting__group", "meeting__group__municipality", "assignee"
    )
    status = request.GET.get("status", ActionItem.Status.OPEN)
    if status in ActionItem.Status.values:
        items = items.filter(status=status)
    if request.GET.get("mine") == "1":
        items = items.filter(assignee__user=request.user)
    if request.GET.get("overdue") == "1":
        items = items.filter(status=ActionItem.Status.OPEN, due_date__lt=timezone.localdate())
    sort = request.GET.get("sort", "due")
    page = Paginator(items.order_by(ACTION_SORTS.get(sort, "due_date"), "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "workgroups/action_list.html", {
        "municipality": municipality, "page": page, "statuses": ActionItem.Status.choices, "status": status,
        "sort": sort, "mine": request.GET.get("mine") == "1", "overdue": request.GET.get("overdue") == "1",
    })


@require_POST
@municipality_view()
def action_status(request, municipality, pk):
    item = action_item_for(request.user, municipality, pk)
    require(can_update_action_item(request.user, municipality, item))
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            ms.action_item_update(item=item, actor=request.user, status=form.cleaned_data["status"],
                                  expected_version=form.cleaned_data["edit_version"])
        except EditConflict as exc:
            messages.error(request, _("Someone changed this action item meanwhile; it is now “%(status)s”. "
                                      "Nothing was overwritten: choose again.") % {"status": exc.current.get_status_display()})
        else:
            messages.success(request, _("The action item was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(request.POST.get("next") if _safe(request) else item.meeting.get_absolute_url())


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    return url_has_allowed_host_and_scheme(request.POST.get("next"), allowed_hosts={request.get_host()})
