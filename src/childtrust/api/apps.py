from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "childtrust.api"
    label = "api"
    verbose_name = "API"
