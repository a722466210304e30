from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.core.checks import register

        from . import permissions  # noqa: F401  (registers the permission rules)

        register(check_pdf_support)

        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .session_signals import on_login, on_logout

        user_logged_in.connect(on_login, dispatch_uid="portal-session-login")
        user_logged_out.connect(on_logout, dispatch_uid="portal-session-logout")

        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .unread import on_notification_changed

        post_save.connect(on_notification_changed, sender=Notification, dispatch_uid="portal-unread-saved")
        post_delete.connect(on_notification_changed, sender=Notification, dispatch_uid="portal-unread-deleted")


def check_pdf_support(app_configs, **kwargs):
    """Warn at start-up (runserver, check) when PDF export cannot work on this machine."""
    from django.core.checks import Warning

    from .pdf import INSTALL_HINT, pdf_support

    ok, reason = pdf_support()
    if ok:
        return []
    return [Warning(f"PDF export is unavailable: {reason}", hint=f"Install: {INSTALL_HINT}", id="portal.W001")]
