from django.contrib import admin

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    ChecklistItem,
    Decision,
    FocusGroupCount,
    FocusGroupOutput,
    Group,
    GroupMember,
    Meeting,
    MeetingAttachment,
    Milestone,
)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ["user", "organisation"]


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "cadence", "max_members", "is_active"]
    list_filter = ["kind", "municipality", "is_active"]
    search_fields = ["name", "topic"]
    raw_id_fields = ["concept", "parent", "methodologist", "coordinator"]
    inlines = [GroupMemberInline, ChecklistInline]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "group", "role", "category", "from_date", "to_date"]
    list_filter = ["role", "category", "group__municipality"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["group", "user", "organisation"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["group", "task", "status", "date"]
    list_filter = ["status", "task"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "method", "status", "sequence", "invited_at"]
    list_filter = ["method", "status", "group__municipality"]
    search_fields = ["title", "minutes"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["group", "created_by"]
    inlines = [AgendaInline, AttendanceInline, DecisionInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "assignee", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "assignee"]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "meeting", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["meeting", "uploaded_by"]


@admin.register(FocusGroupCount)
class FocusGroupCountAdmin(admin.ModelAdmin):
    list_display = ["meeting", "target_group", "count"]
    raw_id_fields = ["meeting"]


@admin.register(FocusGroupOutput)
class FocusGroupOutputAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "finding"]
    raw_id_fields = ["meeting", "finding", "created_by"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "phase", "due_date", "status"]
    list_filter = ["status", "phase", "municipality"]
    raw_id_fields = ["concept", "group"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "token_hint", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["token_hash", "token_hint", "created_at", "last_used_at"]
    raw_id_fields = ["user"]
