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
    path("vision/", views.placeholder, name="vision"),
]

urlpatterns = registry_urls + framework_urls
