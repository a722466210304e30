from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import audit_views, job_views, otp_views, people_views, views
from .forms import LoginForm

handler500 = "portal.resilience.server_error"

municipality_patterns = [
    path("", views.municipality_detail, name="municipality_detail"),
    path("members/", views.member_list, name="member_list"),
    path("members/invite/", views.invitation_new, name="invitation_new"),
    path("members/<int:pk>/", people_views.membership_edit, name="membership_edit"),
    path("members/<int:pk>/active/", people_views.membership_active, name="membership_active"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("groups/", include("workgroups.urls")),
    path("concept/", include("concepts.urls")),
    path("rounds/", include("concepts.rounds.urls")),
    path("pilots/", include("pilots.urls")),
    path("analytics/", include("analytics.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("m/<slug:municipality_slug>/", include(municipality_patterns)),
    path("public/", include("concepts.rounds.public_urls")),
    path("accessibility/", include("concepts.rounds.accessibility_urls")),
    path("notifications/", include("portal.notification_urls")),
    path("cal/", include("workgroups.feed_urls")),
    path("consultant/", include("analytics.consultant_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(
        template_name="registration/password_form.html", extra_context={"heading": _("Change password")}), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(
        template_name="registration/password_form.html", extra_context={"heading": _("Reset password")}), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_form.html", extra_context={"heading": _("Set a new password")}),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/otp/setup/", otp_views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", otp_views.otp_verify, name="otp_verify"),
    path("accounts/otp/recovery-codes/", otp_views.otp_recovery_codes, name="otp_recovery_codes"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/download/", views.job_download, name="job_download"),
    path("jobs/<uuid:job_id>/restart/", job_views.job_restart_view, name="job_restart"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
