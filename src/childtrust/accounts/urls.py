from django.urls import path

from childtrust.accounts import checks, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views.two_factor_verify, name="two_factor_verify"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account-checks/", checks.account_checks, name="account_checks"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
]
