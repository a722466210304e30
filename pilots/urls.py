from django.urls import path

from . import assignment_views, views
from . import household_views as hv
from . import oversight_views as ov

app_name = "pilots"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/indicators/export/", views.indicators_export, name="indicators_export"),
    path("programmes/<int:pk>/evaluations/", views.evaluation_list, name="evaluation_list"),
    path("programmes/<int:pk>/waiting-list/offer/", views.waiting_list_offer, name="waiting_list_offer"),
    path("programmes/<int:pk>/fidelity/", ov.fidelity, name="fidelity"),
    path("fidelity-items/<int:pk>/", ov.fidelity_item_edit, name="fidelity_item_edit"),
    path("caseload/", ov.caseload_view, name="caseload"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/<str:action>/", views.evaluation_action, name="evaluation_action"),
    path("assignments/", assignment_views.programme_assignments, name="programme_assignments"),
    path("flats/", views.flat_list, name="flat_list"),
    path("flats/new/", views.flat_edit, name="flat_create"),
    path("flats/<int:pk>/edit/", views.flat_edit, name="flat_edit"),
    path("households/", hv.household_list, name="household_list"),
    path("households/export/", hv.household_list_export, name="household_list_export"),
    path("households/new/", hv.household_create, name="household_create"),
    path("households/<int:pk>/", hv.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", hv.household_edit, name="household_edit"),
    path("households/<int:pk>/identity/", hv.identity_detail, name="identity_detail"),
    path("households/<int:pk>/export/", hv.household_export, name="household_export"),
    path("referrals/<int:pk>/decide/", hv.referral_decide, name="referral_decide"),
    path("referrals/<int:pk>/place/", hv.placement_create, name="placement_create"),
    path("placements/<int:pk>/", hv.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/exit/", hv.exit_record, name="exit_record"),
    path("placements/<int:pk>/transition/", hv.transition, name="transition"),
    path("follow-ups/<int:pk>/", hv.followup_record, name="followup_record"),
    path("plans/<int:pk>/", hv.plan_detail, name="plan_detail"),
    path("goals/<int:pk>/", hv.goal_edit, name="goal_edit"),
    path("contacts/new/", hv.contact_quick, name="contact_quick"),
]
