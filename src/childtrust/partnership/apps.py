from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class PartnershipConfig(AppConfig):
    name = "childtrust.partnership"
    label = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        # The app's sections of the service navigation, each shown to those its access allows.
        from childtrust.partnership.access import can_view_partnership, can_view_staff_directory

        navigation_register(
            NavItem(
                "Partnership", "partnership:agency_list", "partnership", 10, can_view_partnership
            ),
            NavItem("Services", "partnership:service_list", "services", 20, can_view_partnership),
            NavItem("People", "partnership:staff_list", "people", 30, can_view_staff_directory),
            NavItem("Vision", "partnership:vision", "vision", 40, can_view_partnership),
        )
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.partnership.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
