from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "childtrust.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
