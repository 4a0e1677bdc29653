from django.urls import path

from childtrust.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("imports/", views.imports, name="imports"),
]
