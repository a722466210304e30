"""A person restarts a failed or stuck job (portal/jobs.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .jobs import job_restart
from .views import _job_for


@login_required
@require_POST
def job_restart_view(request, job_id):
    job = _job_for(request, job_id)
    if job_restart(job=job, actor=request.user):
        messages.success(request, _("The job was started again."))
    else:
        messages.info(request, _("The job is running or finished; there is nothing to restart."))
    return redirect(job.get_absolute_url())
