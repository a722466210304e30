"""People and roles of a municipality, managed by its gestor: change a role, deactivate or
reactivate a membership. Services in people_services; the programmes' social workers are assigned
in pilots/assignment_views.py (portal imports no app above it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import membership_for, municipality_view
from .audit import audit_trail
from .concurrency import EditConflict, versioned_edit
from .forms import add_service_messages
from .people_forms import MembershipActiveForm, MembershipRoleForm
from .people_services import membership_change_role, membership_set_active

MANAGE = "portal.manage_people"


@municipality_view(MANAGE)
def membership_edit(request, municipality, pk):
    membership = membership_for(municipality, pk)
    form = MembershipRoleForm(request.POST or None,
                              initial={"role": membership.role, "edit_version": membership.edit_version})
    return versioned_edit(
        request, form, lambda version, data: membership_change_role(
            membership=membership, actor=request.user, role=data["role"], expected_version=version),
        template="portal/membership_edit.html", success_url=reverse("member_list", args=[municipality.slug]),
        cancel_url=request.path, success_message=_("The role was changed."),
        context={"municipality": municipality, "membership": membership,
                 "active_form": MembershipActiveForm(initial={"active": not membership.is_active,
                                                              "edit_version": membership.edit_version}),
                 "history": audit_trail(membership)[:20]},
    )


@require_POST
@municipality_view(MANAGE)
def membership_active(request, municipality, pk):
    membership = membership_for(municipality, pk)
    form = MembershipActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date. Please try again."))
        return redirect("membership_edit", municipality.slug, membership.pk)
    active = form.cleaned_data["active"]
    try:
        membership_set_active(membership=membership, actor=request.user, active=active,
                              expected_version=form.cleaned_data["edit_version"])
    except EditConflict:
        messages.error(request, _("Someone changed this membership meanwhile. Nothing was overwritten: check it and try again."))
        return redirect("membership_edit", municipality.slug, membership.pk)
    except ValidationError as exc:
        add_service_messages(request, exc)
        return redirect("membership_edit", municipality.slug, membership.pk)
    if active:
        messages.success(request, _("The membership is active again."))
    else:
        messages.success(request, _("The membership was deactivated and the person's sessions were ended."))
    return redirect("member_list", municipality.slug)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
