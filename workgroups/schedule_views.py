"""The schedule (harmonogram) as a timeline, and the action items across all groups."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.concurrency import versioned_action, versioned_edit
from portal.lists import list_page
from portal.phases import Phase

from . import meeting_services as ms
from . import services
from .access import (
    action_item_for,
    can_manage,
    can_see_schedule,
    can_update_action_item,
    groups_visible_to,
    milestone_for,
    require,
)
from .filters import ActionItemFilter, MilestoneFilter
from .forms import ActionStatusForm, MilestoneForm
from .models import ActionItem, Milestone


@municipality_view()
def milestone_list(request, municipality):
    require(can_see_schedule(request.user, municipality))
    milestones = Milestone.objects.filter(municipality=municipality).select_related("group", "concept")
    filters, page = list_page(request, MilestoneFilter, milestones, per_page=50)
    return render(request, "workgroups/milestone_list.html", {
        "municipality": municipality, "page": page, "concept": municipality.current_concept(), "phases": Phase.choices,
        "statuses": Milestone.Status.choices, "filters": filters,
        "today": timezone.localdate(), "can_manage": can_manage(request.user, municipality),
    })


@municipality_view()
def milestone_edit(request, municipality, pk=None):
    require(can_manage(request.user, municipality))
    milestone = milestone_for(municipality, pk) if pk else None
    concept = municipality.current_concept()
    initial = {} if milestone else {"concept": concept, "phase": concept.phase if concept else None}

    def save(version, data):
        if milestone:
            return services.milestone_update(milestone=milestone, actor=request.user, expected_version=version, **data)
        return services.milestone_create(municipality=municipality, actor=request.user, **data)

    back = reverse("workgroups:milestone_list", args=[municipality.slug])
    return versioned_edit(
        request, MilestoneForm(request.POST or None, instance=milestone, municipality=municipality, initial=initial),
        save, template="workgroups/milestone_form.html", success_url=back, cancel_url=back,
        success_message=_("The milestone was saved."), context={"municipality": municipality, "milestone": milestone},
    )


@municipality_view()
def action_list(request, municipality):
    items = ActionItem.objects.filter(meeting__group__in=groups_visible_to(request.user, municipality)).select_related(
        "meeting", "meeting__group", "meeting__group__municipality", "assignee"
    )
    filters, page = list_page(request, ActionItemFilter, items)
    return render(request, "workgroups/action_list.html", {
        "municipality": municipality, "page": page, "statuses": ActionItem.Status.choices, "filters": filters,
    })


@require_POST
@municipality_view()
def action_status(request, municipality, pk):
    item = action_item_for(request.user, municipality, pk)
    require(can_update_action_item(request.user, municipality, item))
    return versioned_action(
        request, ActionStatusForm(request.POST), lambda version, data: ms.action_item_update(
            item=item, actor=request.user, status=data["status"], expected_version=version),
        back_url=request.POST.get("next") if _safe(request) else item.meeting.get_absolute_url(),
        success_message=_("The action item was updated."), invalid_message=_("Choose a valid status."),
        title=item.text, context={"municipality": municipality},
    )


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    return url_has_allowed_host_and_scheme(request.POST.get("next"), allowed_hosts={request.get_host()})
