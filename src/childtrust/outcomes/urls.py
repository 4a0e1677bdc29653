from django.urls import path

from childtrust.core.prefix_pages import index_redirect
from childtrust.outcomes import attachment_views, views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("upload/done/", views.upload_done, name="upload_done"),
    path("upload/<int:pk>/", views.upload_job, name="upload_job"),
    path("profile/", views.profile, name="profile"),
    path("localities/", views.localities, name="localities"),
    path("localities/<slug:slug>/", views.locality, name="locality"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/data.csv", views.indicator_csv, name="indicator_csv"),
    path(
        "indicators/<int:pk>/priority/",
        attachment_views.indicator_priority,
        name="indicator_priority",
    ),
    path("priorities/<int:pk>/attach/", attachment_views.priority_attach, name="priority_attach"),
    # The starts of addresses that have no page of their own lead to the page that lists them.
    index_redirect("indicators/", "outcomes:index"),
    index_redirect("priorities/", "partnership:framework"),
]
