from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class AuditConfig(AppConfig):
    name = "childtrust.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # The log and its checks sit in the Partnership section, for those its access allows.
        from childtrust.audit.access import can_view_audit_checks, can_view_audit_log

        pages: list[PageRow] = [
            ("Audit log", "event_list", "audit", can_view_audit_log),
            ("Audit log checks", "verification_list", "audit/checks", can_view_audit_checks),
        ]
        navigation_register(*section_pages("partnership", "audit", pages, first_position=80))
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.audit.home import audit_needs
        from childtrust.core.home import home_register

        home_register("audit", audit_needs, position=61)
