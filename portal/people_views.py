"""People and roles of a municipality, managed by its gestor: change a role, deactivate or
reactivate a membership, assign social workers to pilot programmes. Services in people_services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilots.access import get_programme, programmes_of

from .access import membership_for, municipality_view
from .audit import audit_trail
from .concurrency import EditConflict, conflict_context
from .forms import add_service_errors
from .people_forms import MembershipActiveForm, MembershipRoleForm, ProgrammeSocialWorkersForm
from .people_services import (
    AssignmentConflict,
    membership_change_role,
    membership_set_active,
    programme_assign_social_workers,
)
from .roles import Role
from .selectors import people_in

MANAGE = "portal.manage_people"


@municipality_view(MANAGE)
def membership_edit(request, municipality, pk):
    membership = membership_for(municipality, pk)
    form = MembershipRoleForm(request.POST or None,
                              initial={"role": membership.role, "edit_version": membership.edit_version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            membership_change_role(membership=membership, actor=request.user, role=form.cleaned_data["role"],
                                   expected_version=form.cleaned_data["edit_version"])
        except EditConflict as exc:
            conflict = exc.current
            form.rebind_to(conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("member_list", municipality.slug)
    return render(request, "portal/membership_edit.html", {
        "municipality": municipality, "membership": membership, "form": form,
        "active_form": MembershipActiveForm(initial={"active": not membership.is_active,
                                                     "edit_version": membership.edit_version}),
        "history": audit_trail(membership)[:20],
        **conflict_context(form, conflict, request.path),
    }, status=409 if conflict else 200)


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
        messages.error(request, " ".join(exc.messages))
        return redirect("membership_edit", municipality.slug, membership.pk)
    if active:
        messages.success(request, _("The membership is active again."))
    else:
        messages.success(request, _("The membership was deactivated and the person's sessions were ended."))
    return redirect("member_list", municipality.slug)


@municipality_view(MANAGE)
def programme_assignments(request, municipality):
    """Every programme of the municipality with its social workers; one form per programme."""
    candidates = people_in(municipality, Role.SOCIAL_WORKER)
    programmes = list(programmes_of(municipality).prefetch_related("social_workers").order_by("name"))
    posted = None
    if request.method == "POST":
        posted = get_programme(municipality, _int(request.POST.get("programme")))
    forms = []
    status = 200
    for programme in programmes:
        bound = posted is not None and programme.pk == posted.pk
        form = ProgrammeSocialWorkersForm(request.POST if bound else None, candidates=candidates, programme=programme)
        if bound and form.is_valid():
            try:
                programme_assign_social_workers(
                    programme=programme, actor=request.user, social_workers=list(form.cleaned_data["social_workers"]),
                    expected=form.loaded_ids(),
                )
            except AssignmentConflict as exc:
                messages.error(request, _("Someone changed the social workers of %(p)s meanwhile (now: %(names)s). "
                                          "Nothing was overwritten: check and save again.")
                               % {"p": programme, "names": ", ".join(exc.current) or "–"})
                return redirect("programme_assignments", municipality.slug)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The social workers of %(p)s were saved.") % {"p": programme})
                return redirect("programme_assignments", municipality.slug)
        elif bound:
            status = 400
        forms.append(form)
    return render(request, "portal/programme_assignments.html", {
        "municipality": municipality, "forms": forms, "has_candidates": candidates.exists(),
    }, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
