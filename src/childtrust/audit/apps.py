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
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.audit.home import audit_needs
        from childtrust.core.home import home_register

        home_register("audit", audit_needs, position=61)
