from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import aggregates, registry
from .access import municipality_view
from .audit import audit, client_ip
from .files import serve_file
from .filters import MembershipFilter
from .forms import AcceptInvitationForm, InvitationForm, ProfileForm
from .hooks import needs_many, overview_cards_entry, rank_many
from .jobs import can_download
from .lists import list_page, paginate
from .models import AuditEntry, Invitation, Job, Membership
from .notifications import get_profile
from .permissions import municipalities_for, roles_in
from .roles import Role
from .services import InvitationError, invitation_accept, invitation_create, invitation_from_token

#: Municipality panels per page of the home page.
HOME_PER_PAGE = 20


def home(request):
    if not request.user.is_authenticated:  # the public consultations, with a link to sign in
        landing = registry.public_home_view()
        if landing is None:
            return redirect_to_login(request.get_full_path())
        return landing(request)
    municipalities = list(municipalities_for(request.user))
    # The municipalities that need the user most come first (for a consultant: the dashboard's
    # "needs attention" rules, through the apps' rank hooks); ties in alphabetical order. A page of
    # them at a time: a consultant may follow hundreds.
    ranks = rank_many(request.user, municipalities)
    municipalities.sort(key=lambda m: (-ranks[m.pk], m.name))
    page = paginate(request, municipalities, HOME_PER_PAGE)
    needs = needs_many(request.user, page.object_list)  # every app's bulk hooks: fixed queries for any number
    panels = [
        {
            "municipality": m,
            "roles": [Role(r).label for r in sorted(roles_in(request.user, m))],
            "attention": needs[m.pk].value["attention"],
        }
        for m in page.object_list
    ]
    return render(request, "portal/home.html", {"panels": panels, "page": page,
                                                "figures_computed_at": aggregates.oldest(needs.values())})


@municipality_view()
def municipality_detail(request, municipality):
    cards = overview_cards_entry(request.user, municipality)
    needs = needs_many(request.user, [municipality])[municipality.pk]
    return render(
        request,
        "portal/municipality_detail.html",
        {
            "municipality": municipality,
            "cards": cards.value,
            "attention": needs.value["attention"],
            "figures_computed_at": aggregates.oldest([cards, needs]),
            "can_invite": request.user.has_perm("portal.invite_members", municipality),
        },
    )


@municipality_view("portal.invite_members")
def member_list(request, municipality):
    memberships = Membership.objects.filter(municipality=municipality).select_related("user", "organisation")
    invitations = Invitation.objects.filter(municipality=municipality, accepted_at__isnull=True).select_related(
        "organisation", "invited_by"
    )
    filters, page = list_page(request, MembershipFilter, memberships, per_page=50)
    return render(
        request,
        "portal/member_list.html",
        {"municipality": municipality, "page": page, "invitations": invitations, "filters": filters,
         "roles": Role.choices},
    )


@municipality_view("portal.invite_members")
def invitation_new(request, municipality):
    form = InvitationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        invitation_create(municipality=municipality, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("member_list", municipality.slug)
    return render(request, "portal/invitation_form.html", {"municipality": municipality, "form": form})


@never_cache
def invitation_accept_view(request, token: str):
    try:
        invitation = invitation_from_token(token)
    except InvitationError as exc:
        return render(request, "portal/invitation_invalid.html", {"reason": str(exc)}, status=410)
    user = request.user if request.user.is_authenticated else None
    existing = None if user else _account_for(invitation.email)
    if user and user.email.lower() != invitation.email:
        return render(
            request,
            "portal/invitation_invalid.html",
            {"reason": _("This invitation was sent to a different e-mail address. Sign out and open the link again.")},
            status=403,
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user or form.is_valid()) and not existing:
        try:
            fields = {} if user else {
                "first_name": form.cleaned_data["first_name"],
                "last_name": form.cleaned_data["last_name"],
                "password": form.cleaned_data["password1"],
            }
            user = invitation_accept(invitation=invitation, user=user, **fields)
        except InvitationError as exc:
            return render(request, "portal/invitation_invalid.html", {"reason": str(exc)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You now have access to %(m)s.") % {"m": invitation.municipality})
        return redirect(invitation.next_url or invitation.municipality.get_absolute_url())
    return render(
        request,
        "portal/invitation_accept.html",
        {"invitation": invitation, "form": form, "signed_in": user is not None, "existing": existing},
    )


def _account_for(email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


@login_required
def profile(request):
    profile = get_profile(request.user)
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        initial={"first_name": request.user.first_name, "last_name": request.user.last_name, "email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        user = request.user
        user.first_name, user.last_name, user.email = (form.cleaned_data[k] for k in ("first_name", "last_name", "email"))
        user.save(update_fields=["first_name", "last_name", "email"])
        messages.success(request, _("Your settings were saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language, samesite="Lax")
        return response
    return render(request, "portal/profile.html", {"form": form})


def _job_for(request, job_id) -> Job:
    job = get_object_or_404(Job.objects.select_related("municipality"), pk=job_id)
    if not can_download(request.user, job):
        raise Http404
    return job


@login_required
def job_detail(request, job_id):
    job = _job_for(request, job_id)
    if job.municipality:
        request.municipality = job.municipality
    return render(request, "portal/job_detail.html", {"job": job})


@login_required
def job_status(request, job_id):
    job = _job_for(request, job_id)
    response = render(request, "portal/partials/job_status.html", {"job": job})
    if job.is_finished:
        response["HX-Trigger"] = "jobFinished"
    return response


@login_required
def job_download(request, job_id):
    job = _job_for(request, job_id)
    if not job.is_done or not job.file:
        raise Http404
    audit(actor=request.user, action=AuditEntry.Action.EXPORT, obj=job, municipality=job.municipality,
          ip=client_ip(request))
    return serve_file(job.file, filename=job.filename, content_type=job.content_type)


@require_GET
@never_cache
def healthz(request):
    """Database, broker and worker status as JSON; 503 when the database is down."""
    status = {"database": "ok", "broker": "ok", "worker": "unknown"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database error means unhealthy
        status["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        status["broker"] = "in-process"
        status["worker"] = "in-process"
    else:
        from .celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            replies = app.control.inspect(timeout=1).ping() or {}
            status["worker"] = f"{len(replies)} online" if replies else "none online"
        except Exception as exc:  # broker unreachable is reported, the web still serves
            status["broker"] = f"error: {exc.__class__.__name__}"
    return JsonResponse({"status": "ok" if healthy else "error", "checks": status}, status=200 if healthy else 503)
