from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class OutcomesConfig(AppConfig):
    name = "childtrust.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        # The app's pages in the Outcomes section, each shown to those its access allows.
        from childtrust.outcomes.access import can_upload_indicator_data, can_view_outcomes

        pages: list[PageRow] = [
            ("Indicators", "index", "outcomes", can_view_outcomes),
            ("Partnership profile", "profile", "outcomes/profile", can_view_outcomes),
            ("Localities", "localities", "outcomes/localities", can_view_outcomes),
            ("Upload indicator data", "upload", "outcomes/upload", can_upload_indicator_data),
        ]
        navigation_register(*section_pages("outcomes", "outcomes", pages))
        # The framework's figures under each priority (partnership sits below: issue 14).
        from childtrust.outcomes.framework_figures import priority_attach_url, priority_figures
        from childtrust.partnership.framework_figures import framework_figures_register

        framework_figures_register("outcomes", priority_figures, priority_attach_url)
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.outcomes.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.outcomes.home import outcomes_needs

        home_register("outcomes", outcomes_needs, position=30)
