from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "childtrust.accounts"
    label = "accounts"
    verbose_name = "Accounts"
