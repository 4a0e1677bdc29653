from django.urls import path

from childtrust.core.prefix_pages import index_redirect
from childtrust.partnership.views import framework, registry, search, staff

app_name = "partnership"

registry_urls = [
    path("partnership/", registry.agency_list, name="agency_list"),
    path("partnership/agencies/add/", registry.agency_create, name="agency_create"),
    path("partnership/agencies/<slug:slug>/", registry.agency_detail, name="agency_detail"),
    path("partnership/agencies/<slug:slug>/change/", registry.agency_update, name="agency_update"),
    path(
        "partnership/agencies/<slug:slug>/organisation-chart/",
        staff.org_chart,
        name="org_chart",
    ),
    path("partnership/localities/", registry.locality_list, name="locality_list"),
    path("partnership/localities/add/", registry.locality_create, name="locality_create"),
    path("partnership/localities/<slug:slug>/", registry.locality_detail, name="locality_detail"),
    path(
        "partnership/localities/<slug:slug>/change/",
        registry.locality_update,
        name="locality_update",
    ),
    path("partnership/wards/add/", registry.ward_create, name="ward_create"),
    path("partnership/wards/<int:pk>/change/", registry.ward_update, name="ward_update"),
    path("partnership/teams/", registry.team_list, name="team_list"),
    path("partnership/teams/add/", registry.team_create, name="team_create"),
    path("partnership/teams/<slug:slug>/", registry.team_detail, name="team_detail"),
    path("partnership/teams/<slug:slug>/change/", registry.team_update, name="team_update"),
    path("services/", registry.service_list, name="service_list"),
    path("services/add/", registry.service_create, name="service_create"),
    path("services/<slug:slug>/", registry.service_detail, name="service_detail"),
    path("services/<slug:slug>/change/", registry.service_update, name="service_update"),
    path("people/", staff.staff_list, name="staff_list"),
    path("people/add/", staff.staff_create, name="staff_create"),
    path("people/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("people/<int:pk>/change/", staff.staff_update, name="staff_update"),
    path("search/", search.search, name="search"),
    path("search/synonyms/", search.synonym_list, name="synonym_list"),
    path("search/synonyms/add/", search.synonym_create, name="synonym_create"),
    path("search/synonyms/<int:pk>/change/", search.synonym_update, name="synonym_update"),
    path("search/synonyms/<int:pk>/remove/", search.synonym_delete, name="synonym_delete"),
]

framework_urls = [
    path("vision/", framework.vision, name="vision"),
    path("vision/adopt/", framework.vision_adopt, name="vision_adopt"),
    path("vision/framework/", framework.framework, name="framework"),
    path(
        "vision/framework/outcomes/add/",
        framework.framework_outcome_create,
        name="framework_outcome_create",
    ),
    path(
        "vision/framework/outcomes/<slug:slug>/change/",
        framework.framework_outcome_update,
        name="framework_outcome_update",
    ),
    path(
        "vision/framework/priorities/add/",
        framework.framework_priority_create,
        name="framework_priority_create",
    ),
    path(
        "vision/framework/priorities/<int:pk>/change/",
        framework.framework_priority_update,
        name="framework_priority_update",
    ),
    path(
        "vision/framework/indicators/add/",
        framework.framework_indicator_create,
        name="framework_indicator_create",
    ),
    path(
        "vision/framework/indicators/<int:pk>/change/",
        framework.framework_indicator_update,
        name="framework_indicator_update",
    ),
    path(
        "vision/commitments/", framework.framework_commitment_list, name="framework_commitment_list"
    ),
    path(
        "vision/commitments/<slug:slug>/",
        framework.framework_agency_commitments,
        name="framework_agency_commitments",
    ),
    path(
        "vision/commitments/<slug:slug>/change/",
        framework.framework_agency_commitments_update,
        name="framework_agency_commitments_update",
    ),
    path("vision/alignment/", framework.alignment, name="alignment"),
    path("vision/alignment/download/", framework.alignment_csv, name="alignment_csv"),
]

# The starts of addresses that have no page of their own lead to the page that lists them.
prefix_urls = [
    index_redirect("partnership/agencies/", "partnership:agency_list"),
    index_redirect("partnership/wards/", "partnership:locality_list"),
    index_redirect("vision/framework/outcomes/", "partnership:framework"),
    index_redirect("vision/framework/priorities/", "partnership:framework"),
    index_redirect("vision/framework/indicators/", "partnership:framework"),
]

urlpatterns = registry_urls + framework_urls + prefix_urls
