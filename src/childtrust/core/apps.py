from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "childtrust.core"
    label = "core"
    verbose_name = "Core"
