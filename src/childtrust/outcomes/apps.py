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
