from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class StrategyConfig(AppConfig):
    name = "childtrust.strategy"
    verbose_name = "Strategy: the five-year plan, its objectives and milestones"

    def ready(self) -> None:
        # The plan's entry in the service navigation, shown to those its access allows.
        from childtrust.strategy.access import can_view_strategy

        navigation_register(NavItem("Plan", "strategy:plan", "plan", 45, can_view_strategy))
