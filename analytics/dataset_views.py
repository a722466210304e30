"""Dataset pages: the list, the upload with its preview and import progress, a dataset's versions
and a version's rows with a chart."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from portal.access import municipality_view
from portal.forms import add_service_errors
from portal.lists import list_page, paginate

from . import access
from .datasets import services
from .datasets.charts import version_chart
from .datasets.forms import ConfirmForm, DatasetFilter, RowFilter, SheetForm, UploadForm
from .models import DatasetUpload

ROWS_PER_PAGE = 25


@municipality_view(access.VIEW_DATASETS)
def dataset_list(request, municipality):
    datasets = municipality.datasets.order_by("title")
    filterset, page = list_page(request, DatasetFilter, datasets, per_page=ROWS_PER_PAGE)
    uploads = DatasetUpload.objects.filter(municipality=municipality).select_related("uploaded_by")[:10]
    return render(request, "analytics/dataset_list.html", {
        "municipality": municipality, "filter": filterset, "page": page, "uploads": uploads,
        "can_upload": access.can(request.user, access.UPLOAD_DATASETS, municipality),
    })


@municipality_view(access.UPLOAD_DATASETS)
def upload_new(request, municipality):
    """Upload a file; it is read for the preview and nothing reaches a dataset until confirmed."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = services.dataset_upload_preview(
                municipality=municipality, actor=request.user, upload_file=data["file"], title=data["title"],
                source=data["source"], reference_date=data["reference_date"], layout=data["layout"],
                options=form.options(),
            )
            return redirect(upload.get_absolute_url())
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "analytics/upload_form.html", {"municipality": municipality, "form": form},
                  status=400 if form.is_bound else 200)


@municipality_view(access.UPLOAD_DATASETS)
def upload_detail(request, municipality, pk):
    """The preview: first rows as stored, every problem by line and column, then confirm."""
    upload = access.upload_for(municipality, pk)
    confirm_form = ConfirmForm(request.POST or None) if request.POST.get("action") == "confirm" else ConfirmForm()
    sheet_form = SheetForm(request.POST if request.POST.get("action") == "sheet" else None, sheets=upload.sheets,
                           initial={"sheet": upload.options.get("sheet", "")})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm" and confirm_form.is_valid():
                services.dataset_upload_confirm(upload=upload, actor=request.user,
                                                skip_problem_rows=confirm_form.cleaned_data["skip_problem_rows"])
                return redirect(upload.get_absolute_url())
            if action == "sheet" and sheet_form.is_valid():
                services.dataset_upload_choose_sheet(upload=upload, actor=request.user,
                                                     sheet=sheet_form.cleaned_data["sheet"])
                return redirect(upload.get_absolute_url())
            if action == "cancel":
                services.dataset_upload_cancel(upload=upload, actor=request.user)
                messages.info(request, _cancelled())
                return redirect("analytics:dataset_list", municipality.slug)
        except ValidationError as exc:
            add_service_errors(confirm_form if action == "confirm" else sheet_form, exc)
        status = 400
    problems = paginate(request, upload.problems, 50)
    return render(request, "analytics/upload_detail.html", {
        "municipality": municipality, "upload": upload, "confirm_form": confirm_form, "sheet_form": sheet_form,
        "page": problems,
    }, status=status)


def _cancelled() -> str:
    from django.utils.translation import gettext as _

    return _("The upload was cancelled; nothing was imported.")


@municipality_view(access.UPLOAD_DATASETS)
def upload_status(request, municipality, pk):
    upload = access.upload_for(municipality, pk)
    return render(request, "analytics/partials/upload_status.html", {"municipality": municipality, "upload": upload})


@municipality_view(access.VIEW_DATASETS)
def dataset_detail(request, municipality, pk):
    dataset = access.dataset_for(municipality, pk)
    versions = dataset.versions.filter(is_complete=True).select_related("uploaded_by").order_by("-number")
    page = paginate(request, versions, ROWS_PER_PAGE)
    return render(request, "analytics/dataset_detail.html", {
        "municipality": municipality, "dataset": dataset, "page": page})


@municipality_view(access.VIEW_DATASETS)
def version_detail(request, municipality, pk, number):
    """A version's rows (filterable, paginated) and, for one value column, its chart by period."""
    dataset = access.dataset_for(municipality, pk)
    version = access.dataset_version_for(dataset, number)
    filterset, page = list_page(request, RowFilter, version.rows.order_by("line", "measure"), per_page=50,
                                measures=version.measures)
    chart = None
    if filterset.is_bound and filterset.form.is_valid() and filterset.form.cleaned_data.get("measure"):
        chart = version_chart(version, measure=filterset.form.cleaned_data["measure"],
                              territory_code=filterset.form.cleaned_data.get("territory_code") or "")
    return render(request, "analytics/dataset_version.html", {
        "municipality": municipality, "dataset": dataset, "version": version, "filter": filterset, "page": page,
        "chart": chart,
    })
