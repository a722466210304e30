from django.contrib import admin

from .models import (
    Dataset,
    DatasetCitation,
    DatasetUpload,
    DatasetVersion,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    Territory,
    ValidationFlag,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "municipality"]
    search_fields = ["code", "name"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "layout", "municipality"]
    list_filter = ["layout", "municipality"]


@admin.register(DatasetVersion)
class DatasetVersionAdmin(admin.ModelAdmin):
    list_display = ["dataset", "number", "reference_date", "row_count", "uploaded_by", "imported_at", "is_complete"]
    readonly_fields = ["sha256", "filename", "sheet", "uploaded_by", "uploaded_at", "row_count", "skipped_rows",
                       "columns", "measures", "is_complete"]


@admin.register(DatasetUpload)
class DatasetUploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "municipality", "status", "progress", "uploaded_by", "uploaded_at"]
    list_filter = ["status"]
    readonly_fields = ["sha256", "problems", "preview"]


@admin.register(DatasetCitation)
class DatasetCitationAdmin(admin.ModelAdmin):
    """Where a chapter or a finding cites a dataset version and embeds its chart."""

    list_display = ["title", "version", "section", "finding", "measure", "territory_code"]
    raw_id_fields = ["version", "section", "finding"]


class PlanInline(admin.TabularInline):
    model = MunicipalityIndicator
    extra = 0
    fields = ["municipality", "is_published", "status_override", "override_reason"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source", "periodicity", "municipality"]
    list_filter = ["source", "periodicity", "level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["section", "dataset"]
    inlines = [PlanInline]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(MunicipalityIndicator)
class MunicipalityIndicatorAdmin(admin.ModelAdmin):
    list_display = ["indicator", "municipality", "is_published", "status_override"]
    list_filter = ["municipality"]
    inlines = [TargetInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Read-only: values change through the entry grid and the approval steps, which keep their history."""

    list_display = ["plan", "period_start", "value", "state", "source"]
    list_filter = ["state", "source"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ValidationFlag)
class ValidationFlagAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "state", "follow_up", "created_at"]
    list_filter = ["state", "kind", "follow_up"]
