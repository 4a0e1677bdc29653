from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "childtrust.demo"
    label = "demo"
    verbose_name = "Demo partnership"
