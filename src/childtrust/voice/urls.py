from django.urls import URLPattern

app_name = "voice"

# Each part of staff voice lists its own routes; their views live in views.py.
cascade_urls: list[URLPattern] = []

survey_urls: list[URLPattern] = []

feedback_urls: list[URLPattern] = []

urlpatterns = cascade_urls + survey_urls + feedback_urls
