from django.urls import URLPattern, path

from childtrust.voice import views

app_name = "voice"

# Each part of staff voice lists its own routes; their views live in views.py.
cascade_urls: list[URLPattern] = [
    path("messages/", views.cascade_my_messages, name="cascade_my_messages"),
    path("messages/<int:pk>/", views.cascade_my_message, name="cascade_my_message"),
    path(
        "messages/<int:pk>/confirm/",
        views.cascade_message_confirm,
        name="cascade_message_confirm",
    ),
    path("messages/<int:pk>/ask/", views.cascade_message_ask, name="cascade_message_ask"),
    path("messages/briefings/", views.cascade_my_briefings, name="cascade_my_briefings"),
    path("messages/briefings/<int:pk>/", views.cascade_briefing, name="cascade_briefing"),
    path("messages/sent/", views.cascade_message_list, name="cascade_message_list"),
    path("messages/sent/new/", views.cascade_message_create, name="cascade_message_create"),
    path("messages/sent/<int:pk>/", views.cascade_message_detail, name="cascade_message_detail"),
    path(
        "messages/sent/<int:pk>/edit/",
        views.cascade_message_update,
        name="cascade_message_update",
    ),
    path(
        "messages/sent/<int:pk>/publish/",
        views.cascade_message_publish,
        name="cascade_message_publish",
    ),
    path(
        "messages/sent/<int:pk>/reach/",
        views.cascade_message_reach,
        name="cascade_message_reach",
    ),
    path(
        "messages/sent/<int:pk>/questions/<int:question_pk>/answer/",
        views.cascade_question_answer,
        name="cascade_question_answer",
    ),
]

survey_urls: list[URLPattern] = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/questions/add/", views.survey_question_add, name="survey_question_add"),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/",
        views.survey_question_edit,
        name="survey_question_edit",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/remove/",
        views.survey_question_remove,
        name="survey_question_remove",
    ),
    path("surveys/<int:pk>/open-round/", views.survey_round_open, name="survey_round_open"),
    path("surveys/<int:pk>/trends/", views.survey_trends, name="survey_trends"),
    path(
        "surveys/<int:pk>/rounds/<int:number>/",
        views.survey_round_results,
        name="survey_round_results",
    ),
    path(
        "surveys/<int:pk>/rounds/<int:number>/answer/",
        views.survey_answer,
        name="survey_answer",
    ),
]

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
    path(
        "feedback/you-said-we-did/",
        views.feedback_published_list,
        name="feedback_published_list",
    ),
    path(
        "feedback/you-said-we-did/<int:pk>/",
        views.feedback_published_detail,
        name="feedback_published_detail",
    ),
    path("leaders/", views.leaders_page, name="leaders_page"),
]

urlpatterns = cascade_urls + survey_urls + feedback_urls
