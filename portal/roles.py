from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles a person holds in a municipality (DESIGN §4)."""

    GESTOR = "gestor", _("concept owner (gestor)")
    WRITER = "writer", _("writer / methodologist")
    COORDINATOR = "coordinator", _("coordinator")
    SOCIAL_WORKER = "social_worker", _("social worker")
    MEMBER = "member", _("group member")
    PARTNER = "partner", _("partner")
    CONSULTANT = "consultant", _("ASZ consultant")
