from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "childtrust.children"
    verbose_name = "Children: the child index, agency records, linkage, involvement and sharing"

    def ready(self) -> None:
        from childtrust.children import access
        from childtrust.core.navigation import navigation_register, section_pages

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
