from django.urls import URLPattern, path

from childtrust.voice import views

app_name = "voice"

# Each part of staff voice lists its own routes; their views live in views.py.
cascade_urls: list[URLPattern] = []

survey_urls: list[URLPattern] = []

feedback_urls: list[URLPattern] = [
    path("feedback/", views.feedback_home, name="feedback_home"),
    path("feedback/new/", views.feedback_raise, name="feedback_raise"),
    path("feedback/to-answer/", views.feedback_to_answer, name="feedback_to_answer"),
    path("feedback/<int:pk>/respond/", views.feedback_respond, name="feedback_respond"),
    path(
        "feedback/response-times/",
        views.feedback_response_times,
        name="feedback_response_times",
    ),
    path("you-said-we-did/", views.feedback_published_list, name="feedback_published_list"),
    path(
        "you-said-we-did/<int:pk>/",
        views.feedback_published_detail,
        name="feedback_published_detail",
    ),
]

urlpatterns = cascade_urls + survey_urls + feedback_urls
