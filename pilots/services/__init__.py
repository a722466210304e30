"""Every change to pilot records goes through these functions.

Each runs in one transaction, checks its rules and raises ``ValidationError`` keyed by the form
field the message belongs next to, so that a broken rule saves nothing. Every change to a
household's record is written to the audit log with the household's code, never its name.

Locking contract: anything that decides whether a flat or a programme still has room
(``placement_create``) first locks the programme row and then the flat row with
``select_for_update``, in that order, so two social workers placing households at once are
serialised and cannot both take the last flat or overlap in one flat.
"""

from .evaluation import (
    evaluation_approve,
    evaluation_create,
    evaluation_pdf_start,
    evaluation_refresh,
    evaluation_update,
    household_export_start,
    household_list_export_start,
    indicators_export_start,
)
from .fidelity import fidelity_assessment_record, fidelity_item_save, fidelity_items_seed
from .households import (
    household_anonymise,
    household_create,
    household_update,
    households_due_for_anonymisation,
    identity_update,
    next_cohort,
    referral_create,
    referral_decide,
    waiting_list,
    waiting_list_offer,
)
from .placements import (
    exit_record,
    followup_record,
    household_transition,
    placement_create,
    placement_update,
    places_free,
    places_taken,
    rent_record,
)
from .programmes import flat_save, flats_by_district, programme_save
from .support import contact_record, due_review, goal_save, plan_review_record

__all__ = [
    "fidelity_assessment_record",
    "fidelity_item_save",
    "fidelity_items_seed",
    "contact_record",
    "evaluation_approve",
    "evaluation_create",
    "evaluation_pdf_start",
    "evaluation_refresh",
    "evaluation_update",
    "exit_record",
    "flat_save",
    "flats_by_district",
    "followup_record",
    "goal_save",
    "household_anonymise",
    "household_create",
    "household_export_start",
    "household_list_export_start",
    "household_transition",
    "household_update",
    "households_due_for_anonymisation",
    "identity_update",
    "indicators_export_start",
    "next_cohort",
    "placement_create",
    "placement_update",
    "plan_review_record",
    "due_review",
    "programme_save",
    "referral_create",
    "referral_decide",
    "waiting_list",
    "waiting_list_offer",
    "places_free",
    "places_taken",
    "rent_record",
]
