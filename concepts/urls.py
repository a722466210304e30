from django.urls import path, re_path

from .views import concept, findings, focus_findings, measures, sections, versions

app_name = "concepts"

S = "<int:pk>/sections/<int:section_pk>/"

urlpatterns = [
    path("", concept.concept_list, name="concept_list"),
    path("new/", concept.concept_new, name="concept_new"),
    path("<int:pk>/", concept.concept_detail, name="concept_detail"),
    path("<int:pk>/edit/", concept.concept_edit, name="concept_edit"),
    # sections of the draft
    path("<int:pk>/sections/new/", sections.section_new, name="section_new"),
    path(S, sections.section_detail, name="section_detail"),
    path(S + "edit/", sections.section_edit, name="section_edit"),
    path(S + "move/", sections.section_move_view, name="section_move"),
    re_path(r"^(?P<pk>\d+)/sections/(?P<section_pk>\d+)/move/(?P<direction>up|down)/$", sections.section_shift,
            name="section_shift"),
    path(S + "delete/", sections.section_delete_view, name="section_delete"),
    path(S + "history/", sections.section_history, name="section_history"),
    path(S + "indicators/", sections.indicator_add, name="indicator_add"),
    path(S + "indicators/<int:indicator_pk>/delete/", sections.indicator_remove, name="indicator_delete"),
    path(S + "progress/", sections.progress_add, name="progress_add"),
    # findings
    path("<int:pk>/findings/", findings.finding_list, name="finding_list"),
    path("<int:pk>/findings/new/", findings.finding_new, name="finding_new"),
    path("<int:pk>/findings/<int:finding_pk>/edit/", findings.finding_edit, name="finding_edit"),
    path("<int:pk>/findings/<int:finding_pk>/delete/", findings.finding_delete_view, name="finding_delete"),
    path("meetings/<int:pk>/outputs/<int:output_pk>/finding/", focus_findings.output_to_finding, name="output_to_finding"),
    # implementation
    path("<int:pk>/measures/", measures.measure_list, name="measure_list"),
    # versions
    path("<int:pk>/versions/", versions.version_list, name="version_list"),
    path("<int:pk>/versions/freeze/", versions.version_new, name="version_freeze"),
    path("<int:pk>/versions/compare/", versions.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/", versions.version_detail, name="version_detail"),
    path("<int:pk>/versions/<int:number>/export/<str:fmt>/", versions.version_export, name="version_export"),
]
