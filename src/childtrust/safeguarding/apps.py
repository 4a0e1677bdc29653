from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "childtrust.safeguarding"
    verbose_name = (
        "Safeguarding: concerns, the chronology, alerts, the front door and its clocks, and the "
        "Team Around the Child"
    )

    def ready(self) -> None:
        from childtrust.safeguarding.registration import safeguarding_register

        safeguarding_register()
