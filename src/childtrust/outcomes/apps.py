from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class OutcomesConfig(AppConfig):
    name = "childtrust.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        # The app's sections of the service navigation, each shown to those its access allows.
        from childtrust.outcomes.access import can_view_outcomes

        navigation_register(
            NavItem("Outcomes", "outcomes:index", "outcomes", 90, can_view_outcomes),
        )
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.outcomes.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.outcomes.home import outcomes_needs

        home_register("outcomes", outcomes_needs, position=30)
