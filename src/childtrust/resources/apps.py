from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register


class ResourcesConfig(AppConfig):
    name = "childtrust.resources"
    verbose_name = "Resources: pooled budget, allocation, duplication and option appraisal"

    def ready(self) -> None:
        # The app's sections of the service navigation, each shown to those its access allows.
        from childtrust.resources.access import can_view_resources

        navigation_register(
            NavItem("Resources", "resources:index", "resources", 100, can_view_resources),
        )
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.resources.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.access import import_readers_register
        from childtrust.core.home import home_register
        from childtrust.resources.access import can_view_every_partner
        from childtrust.resources.home import resources_needs
        from childtrust.resources.tasks import SPEND_JOB_KIND

        home_register("resources", resources_needs, position=40)
        import_readers_register(SPEND_JOB_KIND, can_view_every_partner)
