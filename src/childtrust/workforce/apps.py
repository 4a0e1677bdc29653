from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages


class WorkforceConfig(AppConfig):
    name = "childtrust.workforce"
    verbose_name = "Workforce: the establishment, its measures and restructures"

    def ready(self) -> None:
        # The workforce's pages in the People section, after the staff directory: everyone has
        # their own post and restructures there; the rest only for those whose role lets them.
        from childtrust.workforce import access

        everyone = access.can_view_workforce_section
        measures = access.can_view_workforce_measures
        pages: list[PageRow] = [
            ("Workforce", "home", "workforce", everyone),
            ("My post", "my_post", "workforce/my-post", everyone),
            ("My restructures", "my_restructures", "workforce/my-restructures", everyone),
            ("Establishment", "posts", ("workforce/posts", "workforce/establishment"),
             access.can_view_establishment),
            ("Starters and leavers", "starters_leavers", "workforce/starters-and-leavers",
             access.can_view_starters_leavers),
            ("Locality teams", "locality_teams", "workforce/locality-teams",
             access.can_view_locality_teams),
            ("Restructures", "restructures", "workforce/restructures", everyone),
            ("Workforce measures", "measures", "workforce/measures", measures),
            ("National comparison", "statistics", "workforce/national", measures),
            ("Remits", "remits", "workforce/remits", access.can_set_workforce_remits),
        ]  # fmt: skip
        navigation_register(*section_pages("people", "workforce", pages, first_position=20))
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.workforce.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.workforce.home import workforce_needs

        home_register("workforce", workforce_needs, position=50)
