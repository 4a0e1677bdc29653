from django.urls import path

from childtrust.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("objectives/<int:pk>/", views.objective, name="objective"),
]
