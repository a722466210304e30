"""Act 99/2019 on the accessibility of public bodies' websites: the accessibility statement
(prohlášení o přístupnosti, §8) and the "podnět k nápravě" form (§9), linked from every footer.
Reports reach the superusers' queue (a notification and the queue page) and are answered by e-mail."""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.decorators import user_passes_test
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.forms import add_service_errors, add_service_messages
from portal.lists import QueryForm, paginate

from .accessibility_services import accessibility_report_answer, accessibility_report_create
from .models import AccessibilityReport

# The date of the statement and of the last self-assessment (§8: both are part of the statement).
STATEMENT_DATE = "2. 12. 2026"
REVIEW_DATE = "2. 12. 2026"

superuser_required = user_passes_test(lambda u: u.is_active and u.is_superuser)


class ReportForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your e-mail"), help_text=_("We answer to this address."))
    page_url = forms.CharField(label=_("Page"), max_length=500, required=False,
                               help_text=_("The address of the page, or what it is called."))
    text = forms.CharField(label=_("What is not accessible"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


def statement(request):
    return render(request, "portal/accessibility_statement.html", {
        "statement_date": STATEMENT_DATE, "review_date": REVIEW_DATE,
    })


class ReportQuery(QueryForm):
    """The page a report is about (``?page=/public/``): the link under every page passes it."""

    page = forms.CharField(required=False, initial="", strip=False)

    def clean_page(self) -> str:
        return self.cleaned_data["page"][:500]


def report(request):
    form = ReportForm(request.POST or None, initial={"page_url": ReportQuery.of(request).values["page"]})
    if request.method == "POST" and form.is_valid():
        try:
            accessibility_report_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("accessibility:report_thanks")
    return render(request, "portal/accessibility_report.html", {"form": form})


def report_thanks(request):
    return render(request, "portal/accessibility_thanks.html")


@superuser_required
def queue(request):
    reports = AccessibilityReport.objects.select_related("answered_by").order_by("answered_at", "-created_at")
    page = paginate(request, reports, 25)
    return render(request, "portal/accessibility_queue.html", {"page": page, "form": AnswerForm()})


@superuser_required
@require_POST
def answer(request, pk):
    item = get_object_or_404(AccessibilityReport, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            accessibility_report_answer(report=item, actor=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            add_service_messages(request, exc)
    return redirect("accessibility:queue")
