from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class PartnershipConfig(AppConfig):
    name = "childtrust.partnership"
    label = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        # The app's pages in the Partnership and People sections, for those its access allows.
        from childtrust.partnership.access import can_view_partnership as readers
        from childtrust.partnership.access import can_view_staff_directory

        partnership: list[PageRow] = [
            ("Partner agencies", "agency_list", "partnership", readers),
            ("Localities and wards", "locality_list",
             ("partnership/localities", "partnership/wards"), readers),
            ("Teams", "team_list", "partnership/teams", readers),
            ("Services directory", "service_list", "services", readers),
            ("Shared vision", "vision", "vision", readers),
            ("Outcomes framework", "framework", "vision/framework", readers),
            ("What each agency commits to", "framework_commitment_list", "vision/commitments",
             readers),
            ("Alignment matrix", "alignment", "vision/alignment", readers),
        ]  # fmt: skip
        people: list[PageRow] = [
            ("Staff directory", "staff_list", "people", can_view_staff_directory),
        ]
        navigation_register(
            *section_pages("partnership", "partnership", partnership),
            *section_pages("people", "partnership", people),
        )
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.partnership.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
