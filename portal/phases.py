"""The phases of a housing concept. They live in ``portal`` because both the concept (its current
phase) and the groups' schedule (the phase each milestone belongs to) use them, and ``workgroups``
sits below ``concepts`` in the import order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The six phases of community planning (seed 003), then the life after approval."""

    PREPARATION = "preparation", _("1. Preparation")
    STEERING = "steering", _("2. Steering structure")
    ANALYSIS = "analysis", _("3. Understanding the problems")
    PROPOSAL = "proposal", _("4. Proposal of development")
    STRATEGY = "strategy", _("5. Strategy and approval")
    TO_PRACTICE = "to_practice", _("6. From planning to practice")
    APPROVED = "approved", _("Approved")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")
    REVISION = "revision", _("Revision")
