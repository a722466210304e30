"""Admin for the pilots. Household identities are deliberately not listed here: the identifying
data are reached only through the audited household pages (``pilots/access.py``)."""

from django.contrib import admin

from .models import (
    EvaluationReport,
    Exit,
    Flat,
    FollowUp,
    Household,
    HouseholdIdentity,
    Placement,
    PlanReview,
    Programme,
    Referral,
    RentCharge,
    StandardLease,
    SupportContact,
    SupportGoal,
    SupportPlan,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "capacity_flats", "target_households", "start_date", "end_date"]
    list_filter = ["kind", "municipality"]
    filter_horizontal = ["social_workers"]
    raw_id_fields = ["measure"]


@admin.register(Flat)
class FlatAdmin(admin.ModelAdmin):
    list_display = ["address", "district", "layout", "size_m2", "owner", "status", "programme"]
    list_filter = ["status", "owner", "municipality"]
    search_fields = ["address", "district"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["code", "programme", "stage", "size", "anonymised_at"]
    list_filter = ["stage", "programme__municipality"]
    search_fields = ["code"]
    readonly_fields = ["code"]


@admin.register(HouseholdIdentity)
class HouseholdIdentityAdmin(admin.ModelAdmin):
    """Registered so that an administrator can correct or erase a record on a data subject's
    request; only superusers get there, searching by the household's code, never by name."""

    list_display = ["household"]
    search_fields = ["household__code"]
    raw_id_fields = ["household"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["household", "programme", "referred_on", "decision", "cohort"]
    list_filter = ["decision", "programme"]
    raw_id_fields = ["household", "from_placement"]


class RentChargeInline(admin.TabularInline):
    model = RentCharge
    extra = 0


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["household", "flat", "programme", "move_in", "planned_end", "ended_on", "contract"]
    list_filter = ["programme", "contract"]
    raw_id_fields = ["household", "referral", "flat", "previous"]
    inlines = [RentChargeInline]


@admin.register(RentCharge)
class RentChargeAdmin(admin.ModelAdmin):
    list_display = ["placement", "month", "due", "paid"]


class SupportGoalInline(admin.TabularInline):
    model = SupportGoal
    extra = 0


@admin.register(SupportPlan)
class SupportPlanAdmin(admin.ModelAdmin):
    list_display = ["household", "programme", "started_on", "closed_on"]
    raw_id_fields = ["household"]
    inlines = [SupportGoalInline]


@admin.register(SupportGoal)
class SupportGoalAdmin(admin.ModelAdmin):
    list_display = ["plan", "domain", "status", "review_on"]


@admin.register(PlanReview)
class PlanReviewAdmin(admin.ModelAdmin):
    list_display = ["plan", "due_on", "done_on"]


@admin.register(SupportContact)
class SupportContactAdmin(admin.ModelAdmin):
    list_display = ["household", "programme", "date", "minutes", "mode"]
    list_filter = ["mode", "programme"]
    raw_id_fields = ["household"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


class StandardLeaseInline(admin.StackedInline):
    model = StandardLease
    extra = 0


@admin.register(StandardLease)
class StandardLeaseAdmin(admin.ModelAdmin):
    list_display = ["exit", "signed_on", "landlord", "fixed_term"]
    list_filter = ["landlord", "fixed_term"]
    raw_id_fields = ["exit"]


@admin.register(Exit)
class ExitAdmin(admin.ModelAdmin):
    list_display = ["placement", "exit_date", "completion", "reason", "destination"]
    list_filter = ["reason", "destination"]
    raw_id_fields = ["placement"]
    inlines = [FollowUpInline, StandardLeaseInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["exit", "months", "due_on", "done_on", "status"]


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "as_of", "status", "approved_at"]
    list_filter = ["status"]
    readonly_fields = ["snapshot", "snapshot_at", "approved_at", "approved_by"]
