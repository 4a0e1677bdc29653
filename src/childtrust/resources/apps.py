from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "childtrust.resources"
    verbose_name = "Resources: pooled budget, allocation, duplication and option appraisal"
