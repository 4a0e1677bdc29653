from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "childtrust.children"
    verbose_name = "Children: the child index, agency records, linkage, involvement and sharing"

    def ready(self) -> None:
        from childtrust.children import access
        from childtrust.core.navigation import navigation_register, section_pages

        # Finding a child and locality working (helper S): the child's own pages fall under
        # Find a child, the page they are reached from.
        navigation_register(
            *section_pages(
                "children",
                "children",
                [
                    ("Find a child", "search", "children", access.can_find_children),
                    ("Locality caseload", "locality_caseload", "children/locality",
                     access.can_view_locality_caseload),
                ],
                first_position=0,
            )
        )  # fmt: skip
        # Clerical review: the front door and administrators (helper R).
        navigation_register(
            *section_pages(
                "children",
                "children",
                [
                    (
                        "Records to review",
                        "link_review_list",
                        "children/link-reviews",
                        access.can_review_child_links,
                    )
                ],
                first_position=40,
            )
        )
        from childtrust.children.home_review import link_review_needs
        from childtrust.core.home import home_register

        home_register("children.link_review", link_review_needs, position=44)
        # Loading agencies' records: those who may import (helper I).
        navigation_register(
            *section_pages(
                "children",
                "children",
                [
                    (
                        "Load records",
                        "records_load",
                        "children/records",
                        access.can_import_child_records,
                    )
                ],
                first_position=60,
            )
        )
        # The data protection lead's reviews (helper C): in the navigation and on the home page.
        navigation_register(
            *section_pages(
                "children",
                "children",
                [
                    ("Break-glass events", "break_glass_list", "children/access/break-glass",
                     access.can_review_child_access),
                    ("Consent overrides", "consent_override_list",
                     "children/access/consent-overrides", access.can_review_child_access),
                    ("Retention", "retention", "children/retention", access.can_run_retention),
                ],
                first_position=80,
            )
        )  # fmt: skip
        from childtrust.children.home_access import access_review_needs
        from childtrust.core.home import home_register

        home_register("children.access_review", access_review_needs, position=45)
        # Its records as the audit log names and links them (audit.objects).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.children.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
