from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class WorkforceConfig(AppConfig):
    name = "childtrust.workforce"
    verbose_name = "Workforce: the establishment, its measures and restructures"

    def ready(self) -> None:
        # The workforce's entry in the service navigation: everyone has their own post there.
        from childtrust.workforce.access import can_view_workforce_section

        navigation_register(
            NavItem("Workforce", "workforce:home", "workforce", 47, can_view_workforce_section)
        )
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.workforce.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.workforce.home import workforce_needs

        home_register("workforce", workforce_needs, position=50)
