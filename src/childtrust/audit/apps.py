from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "childtrust.audit"
    label = "audit"
    verbose_name = "Audit"
