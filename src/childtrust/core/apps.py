from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "childtrust.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # What of core needs the person signed in (imports that did not load), for the home page.
        from childtrust.core.home import core_needs, home_register

        home_register("core", core_needs, position=62)
