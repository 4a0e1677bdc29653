from django.urls import path

from childtrust.partnership import views

app_name = "partnership"

urlpatterns = [
    path("partnership/", views.placeholder, name="agency_list"),
    path("services/", views.placeholder, name="service_list"),
    path("people/", views.placeholder, name="staff_list"),
    path("vision/", views.placeholder, name="vision"),
    path("partnership/localities/", views.placeholder, name="locality_list"),
]
