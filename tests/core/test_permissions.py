"""The shared ways to ask and refuse: has_capability through the role table, `require`'s one
sentence, and the page decorator that turns away whoever an access function refuses."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from childtrust.accounts.models import Role, User
from childtrust.core.errors import permission_denied
from childtrust.core.permissions import Capability, access_required, has_capability, require
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_and_no_one_have_no_capability() -> None:
    assert has_capability(AnonymousUser(), Capability.VIEW_PARTNERSHIP) is False
    assert has_capability(None, Capability.VIEW_PARTNERSHIP) is False


def test_the_superuser_flag_grants_no_capability_the_role_does_not() -> None:
    # Need to know: Django's superuser flag (for its admin site) must not open every page.
    user = UserFactory(role=Role.PRACTITIONER, is_superuser=True)
    assert has_capability(user, Capability.VIEW_AUDIT_LOG) is False
    assert has_capability(user, Capability.VIEW_PARTNERSHIP) is True


def test_djangos_own_permissions_are_still_checked_as_django_checks_them() -> None:
    assert UserFactory(is_superuser=True).has_perm("accounts.change_user") is True
    assert UserFactory(is_superuser=False).has_perm("accounts.change_user") is False


def test_require_lets_an_allowed_call_through() -> None:
    require(True, to="change the budget")


def test_require_refuses_with_one_sentence_saying_what_was_refused() -> None:
    with pytest.raises(PermissionDenied) as refusal:
        require(False, to="change the budget")
    assert str(refusal.value) == "Your role does not allow you to change the budget."


def _auditors_only(user: User) -> bool:
    return has_capability(user, Capability.VIEW_AUDIT_LOG)


@access_required(_auditors_only)
def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the page")


def _request(user: object) -> HttpRequest:
    request = RequestFactory().get("/somewhere/")
    request.user = user  # type: ignore[assignment]
    return request


def test_access_required_sends_an_anonymous_visitor_to_sign_in() -> None:
    response = _page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_access_required_refuses_whoever_the_access_function_refuses() -> None:
    with pytest.raises(PermissionDenied):
        _page(_request(UserFactory(role=Role.PRACTITIONER)))


def test_access_required_opens_the_page_to_whoever_it_allows() -> None:
    assert _page(_request(UserFactory(role=Role.AUDITOR))).content == b"the page"


def test_the_403_page_gives_the_refusals_own_reason_when_it_has_one() -> None:
    request = _request(UserFactory())
    page = permission_denied(
        request, PermissionDenied("Your staff record is marked as no longer working here.")
    ).content.decode()
    assert "Your staff record is marked as no longer working here." in page
    assert "Your role does not give access to this page" not in page


def test_the_403_page_without_a_reason_says_the_role_does_not_give_access() -> None:
    page = permission_denied(_request(UserFactory()), PermissionDenied()).content.decode()
    assert "Your role does not give access to this page" in page
