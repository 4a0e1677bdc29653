from django.urls import path

from childtrust.partnership import views

app_name = "partnership"

registry_urls = [
    path("partnership/", views.placeholder, name="agency_list"),
    path("services/", views.placeholder, name="service_list"),
    path("people/", views.placeholder, name="staff_list"),
    path("partnership/localities/", views.placeholder, name="locality_list"),
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
