from django.urls import path

from childtrust.accounts import checks, views
from childtrust.core.prefix_pages import index_redirect

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views.two_factor_verify, name="two_factor_verify"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account-checks/", checks.account_checks, name="account_checks"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/reset/", views.two_factor_reset, name="two_factor_reset"),
    path("account/password/", views.password_change, name="password_change"),
    index_redirect("account/api-tokens/", "accounts:account"),  # the account page lists them
    path("account/api-tokens/new/", views.api_token_create, name="api_token_create"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
]
