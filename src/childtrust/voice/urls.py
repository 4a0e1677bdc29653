from django.urls import URLPattern, path

from childtrust.core.prefix_pages import index_redirect
from childtrust.voice.views import cascade, feedback, leaders, messages, surveys, team_briefings

app_name = "voice"

# Each part of staff voice lists its own routes; their views live in views/, one module a part.
cascade_urls: list[URLPattern] = [
    path("messages/", cascade.cascade_my_messages, name="cascade_my_messages"),
    path("messages/<int:pk>/", cascade.cascade_my_message, name="cascade_my_message"),
    path(
        "messages/<int:pk>/confirm/",
        cascade.cascade_message_confirm,
        name="cascade_message_confirm",
    ),
    path("messages/<int:pk>/ask/", cascade.cascade_message_ask, name="cascade_message_ask"),
    path("messages/briefings/", cascade.cascade_my_briefings, name="cascade_my_briefings"),
    path("messages/briefings/<int:pk>/", cascade.cascade_briefing, name="cascade_briefing"),
    path("messages/team-briefings/", team_briefings.team_briefings, name="team_briefings"),
    path(
        "messages/team-briefings/<int:message_id>/teams/<int:team_id>/",
        team_briefings.team_briefing,
        name="team_briefing",
    ),
    path("messages/sent/", messages.cascade_message_list, name="cascade_message_list"),
    path("messages/sent/new/", messages.cascade_message_create, name="cascade_message_create"),
    path("messages/sent/<int:pk>/", messages.cascade_message_detail, name="cascade_message_detail"),
    path(
        "messages/sent/<int:pk>/edit/",
        messages.cascade_message_update,
        name="cascade_message_update",
    ),
    path(
        "messages/sent/<int:pk>/correct/",
        messages.cascade_message_correct,
        name="cascade_message_correct",
    ),
    path(
        "messages/sent/<int:pk>/publish/",
        messages.cascade_message_publish,
        name="cascade_message_publish",
    ),
    path(
        "messages/sent/<int:pk>/reach/",
        messages.cascade_message_reach,
        name="cascade_message_reach",
    ),
    path(
        "messages/sent/<int:pk>/questions/<int:question_pk>/answer/",
        messages.cascade_question_answer,
        name="cascade_question_answer",
    ),
]

survey_urls: list[URLPattern] = [
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path(
        "surveys/<int:pk>/questions/add/", surveys.survey_question_add, name="survey_question_add"
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/",
        surveys.survey_question_edit,
        name="survey_question_edit",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/remove/",
        surveys.survey_question_remove,
        name="survey_question_remove",
    ),
    path("surveys/<int:pk>/open-round/", surveys.survey_round_open, name="survey_round_open"),
    path("surveys/<int:pk>/trends/", surveys.survey_trends, name="survey_trends"),
    path(
        "surveys/<int:pk>/rounds/<int:number>/",
        surveys.survey_round_results,
        name="survey_round_results",
    ),
    path(
        "surveys/<int:pk>/rounds/<int:number>/answer/",
        surveys.survey_answer,
        name="survey_answer",
    ),
]

feedback_urls: list[URLPattern] = [
    path("feedback/", feedback.feedback_home, name="feedback_home"),
    path("feedback/new/", feedback.feedback_raise, name="feedback_raise"),
    path("feedback/to-answer/", feedback.feedback_to_answer, name="feedback_to_answer"),
    path("feedback/<int:pk>/respond/", feedback.feedback_respond, name="feedback_respond"),
    path(
        "feedback/response-times/",
        feedback.feedback_response_times,
        name="feedback_response_times",
    ),
    path(
        "feedback/you-said-we-did/",
        feedback.feedback_published_list,
        name="feedback_published_list",
    ),
    path(
        "feedback/you-said-we-did/<int:pk>/",
        feedback.feedback_published_detail,
        name="feedback_published_detail",
    ),
    path("leaders/", leaders.leaders_page, name="leaders_page"),
]

# /voice/ itself lists nothing of its own: it opens the section's first page.
urlpatterns = [
    index_redirect("", "voice:cascade_my_messages"),
    *cascade_urls,
    *survey_urls,
    *feedback_urls,
]
