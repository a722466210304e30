"""Pilot housing programmes (DESIGN §2 point 7): programmes, flats, households, referrals,
placements with their rent ledger, support plans and contacts, exits with follow-ups, and the
methodologist's evaluation report.

Households are special-category personal data. Everything that lists, exports or aggregates
them uses the random pseudonymous :attr:`Household.code`; the identifying data sit apart in
:class:`HouseholdIdentity`, which only the household's social workers and the programme
coordinator see (``pilots/access.py``) and which :func:`pilots.services.household_anonymise`
deletes when the retention period ends.

No model here has business logic in ``save()``: the rules (no overlapping placements,
capacity, dates) live in ``pilots/services.py``.
"""

from .dates import add_months, month_start
from .evaluation import (
    FIDELITY_SCALE_MAX,
    HOUSING_FIRST_PRINCIPLES,
    EvaluationReport,
    FidelityAssessment,
    FidelityItem,
    FidelityScore,
)
from .households import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Household,
    HouseholdIdentity,
    Referral,
    new_household_code,
)
from .placements import Exit, FollowUp, Placement, RentCharge, StandardLease
from .programmes import DEFAULT_RETENTION_YEARS, KIND_LEVEL, Flat, Programme, ProgrammeKind
from .support import Domain, PlanReview, SupportContact, SupportGoal, SupportPlan

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "DEFAULT_RETENTION_YEARS", "KIND_LEVEL", "Domain", "EvaluationReport", "Exit", "FIDELITY_SCALE_MAX", "HOUSING_FIRST_PRINCIPLES", "FidelityAssessment",
    "FidelityItem", "FidelityScore",
    "Flat", "FollowUp", "Household", "HouseholdIdentity", "Placement", "PlanReview", "Programme", "ProgrammeKind",
    "Referral", "RentCharge", "StandardLease", "SupportContact", "SupportGoal", "SupportPlan", "add_months",
    "month_start", "new_household_code",
]
