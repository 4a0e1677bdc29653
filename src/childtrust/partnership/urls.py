from django.urls import path

from childtrust.partnership import views

app_name = "partnership"

registry_urls = [
    path("partnership/", views.agency_list, name="agency_list"),
    path("partnership/agencies/add/", views.agency_create, name="agency_create"),
    path("partnership/agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("partnership/agencies/<slug:slug>/change/", views.agency_update, name="agency_update"),
    path(
        "partnership/agencies/<slug:slug>/organisation-chart/",
        views.org_chart,
        name="org_chart",
    ),
    path("partnership/localities/", views.locality_list, name="locality_list"),
    path("partnership/localities/add/", views.locality_create, name="locality_create"),
    path("partnership/localities/<slug:slug>/", views.locality_detail, name="locality_detail"),
    path(
        "partnership/localities/<slug:slug>/change/",
        views.locality_update,
        name="locality_update",
    ),
    path("partnership/wards/add/", views.ward_create, name="ward_create"),
    path("partnership/wards/<int:pk>/change/", views.ward_update, name="ward_update"),
    path("partnership/teams/", views.team_list, name="team_list"),
    path("partnership/teams/add/", views.team_create, name="team_create"),
    path("partnership/teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("partnership/teams/<slug:slug>/change/", views.team_update, name="team_update"),
    path("services/", views.service_list, name="service_list"),
    path("services/add/", views.service_create, name="service_create"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<slug:slug>/change/", views.service_update, name="service_update"),
    path("people/", views.staff_list, name="staff_list"),
    path("people/add/", views.staff_create, name="staff_create"),
    path("people/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("people/<int:pk>/change/", views.staff_update, name="staff_update"),
]

framework_urls = [
    path("vision/", views.vision, name="vision"),
    path("vision/adopt/", views.vision_adopt, name="vision_adopt"),
    path("vision/framework/", views.framework, name="framework"),
    path(
        "vision/framework/outcomes/add/",
        views.framework_outcome_create,
        name="framework_outcome_create",
    ),
    path(
        "vision/framework/outcomes/<slug:slug>/change/",
        views.framework_outcome_update,
        name="framework_outcome_update",
    ),
    path(
        "vision/framework/priorities/add/",
        views.framework_priority_create,
        name="framework_priority_create",
    ),
    path(
        "vision/framework/priorities/<int:pk>/change/",
        views.framework_priority_update,
        name="framework_priority_update",
    ),
    path(
        "vision/framework/indicators/add/",
        views.framework_indicator_create,
        name="framework_indicator_create",
    ),
    path(
        "vision/framework/indicators/<int:pk>/change/",
        views.framework_indicator_update,
        name="framework_indicator_update",
    ),
    path("vision/commitments/", views.framework_commitment_list, name="framework_commitment_list"),
    path(
        "vision/commitments/<slug:slug>/",
        views.framework_agency_commitments,
        name="framework_agency_commitments",
    ),
    path(
        "vision/commitments/<slug:slug>/change/",
        views.framework_agency_commitments_update,
        name="framework_agency_commitments_update",
    ),
    path("vision/alignment/", views.alignment, name="alignment"),
    path("vision/alignment/download/", views.alignment_csv, name="alignment_csv"),
]

urlpatterns = registry_urls + framework_urls
