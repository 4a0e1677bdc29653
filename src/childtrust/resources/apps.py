from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class ResourcesConfig(AppConfig):
    name = "childtrust.resources"
    verbose_name = "Resources: pooled budget, allocation, duplication and option appraisal"

    def ready(self) -> None:
        # The app's pages in the Money section, each shown to those its access allows.
        from childtrust.resources import access

        partners = access.can_view_resources
        pages: list[PageRow] = [
            ("Pooled budget", "index", "resources", partners),
            ("Service costings", "costings_services", "resources/services", partners),
            ("Duplicated provision", "duplication", "resources/duplication",
             access.can_view_duplication),
            ("Allocations", "allocation_index", ("resources/allocation", "resources/alternatives"),
             partners),
            ("Option appraisals", "appraisal_list", "resources/appraisals", partners),
        ]  # fmt: skip
        navigation_register(*section_pages("money", "resources", pages))
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.resources.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.resources.home import resources_needs

        home_register("resources", resources_needs, position=40)
        from childtrust.core.access import import_readers_register
        from childtrust.resources.tasks import SPEND_JOB_KIND

        import_readers_register(SPEND_JOB_KIND, access.can_view_every_partner)
        # Where the alignment matrix compares agencies' overlapping work (issue 14).
        from childtrust.partnership.overlaps import overlap_page_register
        from childtrust.resources.overlaps import duplication_page_for

        overlap_page_register("resources", duplication_page_for)
