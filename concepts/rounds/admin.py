from django.contrib import admin

from .models import Comment, Round, RoundInvitation, Settlement


class RoundInvitationInline(admin.TabularInline):
    model = RoundInvitation
    extra = 0
    fields = ["email", "user", "organisation", "no_comments_at", "extension_until"]
    raw_id_fields = ["user", "organisation", "portal_invitation"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "version", "audience", "status", "opens_at", "deadline"]
    list_filter = ["municipality", "status", "audience"]
    search_fields = ["title"]
    raw_id_fields = ["version", "created_by"]
    filter_horizontal = ["invited_users", "invited_organisations"]
    inlines = [RoundInvitationInline]


@admin.register(RoundInvitation)
class RoundInvitationAdmin(admin.ModelAdmin):
    list_display = ["round", "email", "organisation", "no_comments_at", "extension_until"]
    list_filter = ["round__municipality"]
    search_fields = ["email", "name"]
    raw_id_fields = ["round", "user", "organisation", "portal_invitation"]


class SettlementInline(admin.StackedInline):
    model = Settlement
    extra = 0
    raw_id_fields = ["settled_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["number", "round", "kind", "author_name", "organisation", "is_public", "moderation", "withdrawn_at"]
    list_filter = ["round__municipality", "kind", "is_public", "moderation"]
    search_fields = ["text", "author_name", "author_email"]
    raw_id_fields = ["round", "section", "author", "invitation", "organisation", "moderated_by"]
    inlines = [SettlementInline]


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = ["comment", "outcome", "dispute_result", "settled_at"]
    list_filter = ["outcome", "dispute_result"]
    raw_id_fields = ["comment", "settled_by"]
