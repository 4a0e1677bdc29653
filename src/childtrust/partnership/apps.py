from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "childtrust.partnership"
    label = "partnership"
    verbose_name = "Partnership"
