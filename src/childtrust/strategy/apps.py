from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class StrategyConfig(AppConfig):
    name = "childtrust.strategy"
    verbose_name = "Strategy: the five-year plan, its objectives and milestones"

    def ready(self) -> None:
        # The plan's entry in the service navigation, shown to those its access allows.
        from childtrust.strategy.access import can_view_strategy

        navigation_register(NavItem("Plan", "strategy:plan", "plan", 45, can_view_strategy))
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.strategy.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.strategy.home import strategy_needs

        home_register("strategy", strategy_needs, position=20)
