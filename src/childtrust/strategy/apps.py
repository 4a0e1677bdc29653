from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class StrategyConfig(AppConfig):
    name = "childtrust.strategy"
    verbose_name = "Strategy: the five-year plan, its objectives and milestones"

    def ready(self) -> None:
        # The Plan section's pages: everyone who may read the plan may open each of them.
        from childtrust.strategy.access import can_view_strategy as readers

        pages: list[PageRow] = [
            ("The plan on one page", "plan", "plan", readers),
            ("By outcome", "plan_by_outcome", "plan/by-outcome", readers),
            ("By agency", "plan_by_agency", "plan/by-agency", readers),
            ("My objectives", "my_objectives", "plan/mine", readers),
            ("Measures", "measures", "plan/measures", readers),
            ("Change programme", "change_programme", "plan/change", readers),
            ("Change agents", "change_agents", "plan/change/agents", readers),
            ("Risks", "risks", "plan/risks", readers),
            ("Decisions", "decisions", "plan/decisions", readers),
            ("Board meetings", "board", "plan/board", readers),
            ("Board actions", "action_tracker", "plan/board/actions", readers),
        ]
        navigation_register(*section_pages("plan", "strategy", pages))
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.strategy.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.strategy.home import strategy_needs

        home_register("strategy", strategy_needs, position=20)
