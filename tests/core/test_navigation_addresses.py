"""Every address prefix is a page: for every URL pattern, each start of its path up to a slash
(before its first converter) answers a page, or a redirect to one, never a 404, for a partnership
administrator and for every role (each sees every section today)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from childtrust.accounts.models import Role
from tests.factories import StaffMemberFactory, UserFactory
from tests.strategy.factories_change import PlanFactory

pytestmark = pytest.mark.django_db

# The API answers in JSON and Django's admin has its own index; below their roots neither is a
# page of the service.
_NOT_PAGES_BELOW = ("api/v1/", "django-admin/")


def _routes(resolver: URLResolver, start: str = "") -> list[str]:
    """Every pattern's whole route, as written (converters and all)."""
    routes: list[str] = []
    for entry in resolver.url_patterns:
        # A regular expression's anchors are not part of the address ("^front-door/...$").
        route = start + str(entry.pattern).removeprefix("^").removesuffix("$")
        if isinstance(entry, URLResolver):
            routes.extend(_routes(entry, route))
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def _literal_prefixes(route: str) -> set[str]:
    """'/plan/board/meetings/', '/plan/board/', '/plan/' for 'plan/board/meetings/<int:pk>/'."""
    literal = route.split("<", 1)[0].lstrip("^")
    for root in _NOT_PAGES_BELOW:
        if literal.startswith(root):
            literal = root
    segments = literal.split("/")[:-1]  # what follows the last slash is not a whole segment
    return {"/"} | {"/" + "/".join(segments[: end + 1]) + "/" for end in range(len(segments))}


def address_prefixes() -> list[str]:
    found: set[str] = set()
    for route in _routes(get_resolver()):
        found |= _literal_prefixes(route)
    return sorted(found)


def test_the_walk_finds_the_prefixes_that_once_were_404s() -> None:
    prefixes = address_prefixes()
    for prefix in ["/voice/", "/resources/budget/", "/plan/change/", "/workforce/restructures/"]:
        assert prefix in prefixes
    assert not [prefix for prefix in prefixes if "<" in prefix or "(" in prefix]


def _only_prefixes() -> list[str]:
    """The prefixes that are not themselves a pattern's whole route: the ones that need an
    index of their own."""
    whole = {"/" + route for route in _routes(get_resolver()) if "<" not in route}
    return [prefix for prefix in address_prefixes() if prefix not in whole]


def _not_found(role: Role, prefixes: list[str]) -> list[str]:
    client = Client()
    client.force_login(UserFactory(role=role))
    return [prefix for prefix in prefixes if client.get(prefix, follow=True).status_code == 404]


@pytest.fixture
def _a_plan() -> None:
    # The plan's own pages (its new version, say) are about the plan: they need one to exist.
    PlanFactory()


@pytest.mark.usefixtures("_a_plan")
def test_every_address_prefix_answers_a_page_for_an_administrator() -> None:
    assert _not_found(Role.PARTNERSHIP_ADMIN, address_prefixes()) == []


@pytest.mark.parametrize("role", [role for role in Role if role != Role.PARTNERSHIP_ADMIN])
def test_every_prefix_without_a_page_of_its_own_leads_every_role_to_one(role: Role) -> None:
    # Every role sees every section today; each section's own pages are tested by its app.
    assert _not_found(role, _only_prefixes()) == []


def test_a_prefix_without_a_page_of_its_own_leads_to_the_page_listing_what_is_under_it() -> None:
    administrator = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    StaffMemberFactory(user=administrator)  # the messages Voice opens on are a staff member's
    client = Client()
    client.force_login(administrator)
    expected = {
        "/voice/": "/voice/messages/",
        "/resources/budget/": "/resources/",
        "/plan/objectives/": "/plan/",
        "/plan/board/meetings/": "/plan/board/",
        "/workforce/establishment/": "/workforce/",
        "/partnership/agencies/": "/partnership/",
        "/vision/framework/priorities/": "/vision/framework/",
        "/outcomes/indicators/": "/outcomes/",
    }
    for prefix, page in expected.items():
        response = client.get(prefix, follow=True)
        assert response.redirect_chain[-1][0] == page, prefix
        assert response.status_code == 200, prefix
