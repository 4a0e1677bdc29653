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
