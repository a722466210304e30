"""The gestor assigns social workers to the municipality's pilot programmes (DESIGN §4: a social
worker sees the household records of the programmes assigned to them). The service is
portal.people_services.programme_assign_social_workers, audited like every change of people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import municipality_view
from portal.forms import add_service_errors
from portal.people_forms import ProgrammeSocialWorkersForm
from portal.people_services import AssignmentConflict, programme_assign_social_workers
from portal.roles import Role
from portal.selectors import people_in

from .access import get_programme, programmes_of

MANAGE = "portal.manage_people"


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
                return redirect("pilots:programme_assignments", municipality.slug)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The social workers of %(p)s were saved.") % {"p": programme})
                return redirect("pilots:programme_assignments", municipality.slug)
        elif bound:
            status = 400
        forms.append(form)
    return render(request, "pilots/programme_assignments.html", {
        "municipality": municipality, "forms": forms, "has_candidates": candidates.exists(),
    }, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
