from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "childtrust.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # The Home section's one page: what needs the person signed in.
        from childtrust.core.navigation import navigation_register, section_pages, signed_in

        navigation_register(*section_pages("home", "core", [("Home", "home", "", signed_in)]))
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import core_needs, home_register

        home_register("core", core_needs, position=62)
