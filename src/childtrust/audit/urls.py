from django.urls import path

from childtrust.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("download/", views.event_download, name="event_download"),
    path("checks/", views.verification_list, name="verification_list"),
]
