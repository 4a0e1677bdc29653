from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "childtrust.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # What of the accounts needs the person signed in, for the home page (core.home).
        from childtrust.accounts.home import accounts_needs
        from childtrust.core.home import home_register

        home_register("accounts", accounts_needs, position=60)
