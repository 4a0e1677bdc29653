from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class AuditConfig(AppConfig):
    name = "childtrust.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # The app's sections of the service navigation, each shown to those its access allows.
        from childtrust.audit.access import can_view_audit_checks, can_view_audit_log

        navigation_register(
            NavItem("Audit log", "audit:event_list", "audit", 110, can_view_audit_log),
            NavItem("Audit checks", "audit:verification_list", "audit", 111, can_view_audit_checks),
        )
