from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Concept,
    Finding,
    ProgressNote,
    Section,
    SectionRevision,
    Version,
    VersionSection,
)


@admin.register(Concept)
class ConceptAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "phase", "valid_from", "valid_to"]
    list_filter = ["phase", "municipality"]
    search_fields = ["title"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "concept", "status", "progress", "edit_version"]
    list_filter = ["kind", "status", "concept__municipality"]
    search_fields = ["title", "body"]
    raw_id_fields = ["parent", "findings"]
    readonly_fields = ["uid", "number", "edit_version"]


@admin.register(SectionRevision)
class SectionRevisionAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "title", "action", "changed_by", "concept"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in SectionRevision._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressNote)
class ProgressNoteAdmin(admin.ModelAdmin):
    list_display = ["noted_on", "section", "status", "progress", "author"]
    list_filter = ["status"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "source_kind", "chapter", "concept"]
    list_filter = ["source_kind"]
    search_fields = ["statement"]


class VersionSectionInline(admin.TabularInline):
    model = VersionSection
    fields = ["order", "number", "kind", "title"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    """Frozen versions are read-only: the database refuses any change to them."""

    list_display = ["concept", "number", "label", "frozen_at", "steering_approved_on"]
    inlines = [VersionSectionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(VersionSection)
class VersionSectionAdmin(admin.ModelAdmin):
    list_display = ["version", "order", "number", "title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
