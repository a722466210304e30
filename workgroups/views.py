"""Groups: the list, a group's page, members and the steering-team checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.concurrency import versioned_edit
from portal.forms import add_service_errors
from portal.lists import list_page

from . import services, stats
from .access import (
    can_manage,
    can_raise_limit,
    can_write_minutes,
    group_for,
    groups_visible_to,
    member_for,
    require,
    sees_all_groups,
)
from .filters import GroupFilter, GroupMemberFilter
from .forms import ChecklistForm, GroupForm, GroupQuery, MemberEditForm, MemberForm
from .models import Attendance, ChecklistItem, Group, Meeting, StakeholderCategory, current_q


@municipality_view()
def group_list(request, municipality):
    groups = groups_visible_to(request.user, municipality).select_related("municipality").annotate(
        size=Count("members", filter=current_q("members__"), distinct=True),
        last_met=Max("meetings__starts_at", filter=Q(meetings__starts_at__lte=timezone.now())
                     & ~Q(meetings__status=Meeting.Status.CANCELLED)),
    )
    filters, page = list_page(request, GroupFilter, groups)
    sees_all = sees_all_groups(request.user, municipality)
    covers = stats.covers_for(g for g in page if g.kind == Group.Kind.WORKING)
    for group in page:
        group.cover = covers.get(group.pk)
    return render(request, "workgroups/group_list.html", {
        "municipality": municipality, "page": page, "kinds": Group.Kind.choices, "filters": filters,
        "sees_all": sees_all,
        # Figures about all groups only for those who see all groups (DESIGN §4).
        "cadence": stats.steering_cadence(municipality) if sees_all else None,
        "participative": stats.participative_share(municipality) if sees_all else None,
        "can_manage": can_manage(request.user, municipality),
    })


@municipality_view()
def group_detail(request, municipality, pk):
    group = group_for(request.user, municipality, pk)
    members = GroupMemberFilter(request.GET, queryset=group.members.select_related("user", "organisation"),
                                request=request)
    show_former = members.current["former"] is True
    meetings = group.meetings.annotate(n_present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)))
    checklist = sorted(group.checklist.all(), key=lambda item: item.order)
    visible = groups_visible_to(request.user, municipality)  # linked groups may be hidden from this person
    return render(request, "workgroups/group_detail.html", {
        "municipality": municipality, "group": group, "members": members.qs, "show_former": show_former,
        "current_size": services.counted_members(group).count(),
        "upcoming": meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at")[:5],
        "past": meetings.filter(ends_at__lt=timezone.now()).order_by("-starts_at")[:10],
        "cover": stats.group_cover(group) if group.kind == Group.Kind.WORKING else None,
        "by_member": stats.attendance_by_member(municipality, group),
        "by_category": stats.attendance_by_category(municipality, group),
        "checklist": checklist, "focus_groups": group.focus_groups.filter(pk__in=visible.values("pk")),
        "parent_visible": group.parent_id is not None and visible.filter(pk=group.parent_id).exists(),
        "can_manage": can_manage(request.user, municipality),
        "can_write": can_write_minutes(request.user, municipality),
    })


@municipality_view()
def group_create(request, municipality):
    require(can_manage(request.user, municipality))
    initial = {"kind": GroupQuery.of(request).values["kind"], "max_members": 18}
    form = GroupForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(municipality=municipality, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The group was created."))
            return redirect(group.get_absolute_url())
    return render(request, "workgroups/group_form.html", {"municipality": municipality, "form": form})


@municipality_view()
def group_edit(request, municipality, pk):
    group = group_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    return versioned_edit(
        request, GroupForm(request.POST or None, instance=group, municipality=municipality),
        lambda version, data: services.group_update(group=group, actor=request.user, expected_version=version, **data),
        template="workgroups/group_form.html", success_url=group.get_absolute_url(), cancel_url=group.get_absolute_url(),
        success_message=_("The group was saved."),
        context={"municipality": municipality, "group": group, "can_raise": can_raise_limit(request.user, municipality)},
    )


@municipality_view()
def member_add(request, municipality, pk):
    group = group_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    form = MemberForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect(group.get_absolute_url())
    return render(request, "workgroups/member_form.html", {
        "municipality": municipality, "group": group, "form": form,
        "full": group.max_members is not None and services.counted_members(group).count() >= group.max_members,
        "can_raise": can_raise_limit(request.user, municipality),
    })


@municipality_view()
def member_edit(request, municipality, pk, member_pk):
    member = member_for(request.user, municipality, pk, member_pk)
    require(can_manage(request.user, municipality))
    back = member.group.get_absolute_url()
    return versioned_edit(
        request, MemberEditForm(request.POST or None, instance=member),
        lambda version, data: services.member_update(member=member, actor=request.user, expected_version=version, **data),
        template="workgroups/member_form.html", success_url=back, cancel_url=back,
        success_message=_("The member was saved."),
        context={"municipality": municipality, "group": member.group, "member": member},
    )


@require_POST
@municipality_view()
def member_leave(request, municipality, pk, member_pk):
    member = member_for(request.user, municipality, pk, member_pk)
    require(can_manage(request.user, municipality))
    services.member_leave(member=member, actor=request.user)
    messages.success(request, _("%(name)s left the group; their history is kept.") % {"name": member.full_name})
    return redirect(member.group.get_absolute_url())


@municipality_view()
def checklist_edit(request, municipality, pk, item_pk):
    group = group_for(request.user, municipality, pk)
    require(can_manage(request.user, municipality))
    item = get_object_or_404(ChecklistItem, group=group, pk=item_pk)
    back = f"{group.get_absolute_url()}#checklist"
    return versioned_edit(
        request, ChecklistForm(request.POST or None, instance=item),
        lambda version, data: services.checklist_update(item=item, actor=request.user, expected_version=version, **data),
        template="workgroups/checklist_form.html", success_url=back, cancel_url=back,
        success_message=_("The task was saved."),
        context={"municipality": municipality, "group": group, "item": item},
    )


@municipality_view("workgroups.view_all_groups")
def composition(request, municipality):
    """Composition cover of all working groups, as the consultant sees it."""
    covers = stats.composition_cover(municipality)
    return render(request, "workgroups/composition.html", {
        "municipality": municipality, "covers": covers, "categories": StakeholderCategory.obligatory(),
        "by_category": stats.attendance_by_category(municipality),
    })
