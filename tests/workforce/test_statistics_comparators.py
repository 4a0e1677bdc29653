"""Choosing the comparator authorities (workforce_comparators_set and workforce:comparators): from
the local authorities in the statistics loaded, never the partnership's own, at most twenty;
each added and removed with its audit event; only a workforce manager with no remit may."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.workforce.models import WorkforceComparator
from childtrust.workforce.services.statistics_comparators import workforce_comparators_set
from tests.factories import AgencyFactory, UserFactory
from tests.workforce.factories import WorkforceRemitFactory
from tests.workforce.statistics_rows import authority, load, national, partnership_areas

pytestmark = pytest.mark.django_db

COMPARATORS = reverse("workforce:comparators")
AUTHORITIES = [
    ("E06000045", "Southampton", "852"),
    ("E06000044", "Portsmouth", "851"),
    ("E06000038", "Reading", "872"),
    ("E06000043", "Brighton and Hove", "846"),
]


@pytest.fixture
def manager() -> User:
    user: User = UserFactory(role=Role.WORKFORCE_MANAGER)
    rows = [national()] + [authority(code=c, name=n, old_code=o) for c, n, o in AUTHORITIES]
    assert load(user, rows).ok
    return user


def _chosen() -> list[str]:
    return list(
        WorkforceComparator.objects.order_by("area_name").values_list("area_name", flat=True)
    )


def _events(action: str) -> int:
    return AuditEvent.objects.filter(
        object_type="workforce.workforcecomparator", action=action
    ).count()


def test_choosing_adds_and_removes_with_an_audit_event_for_each(manager: User) -> None:
    workforce_comparators_set(actor=manager, area_codes=["E06000044", "E06000038"])
    assert _chosen() == ["Portsmouth", "Reading"]

    workforce_comparators_set(actor=manager, area_codes=["E06000043", "e06000044 "])

    assert _chosen() == ["Brighton and Hove", "Portsmouth"]
    assert (_events("create"), _events("delete")) == (3, 1)


def test_an_authority_not_in_the_statistics_is_refused_and_nothing_changes(
    manager: User,
) -> None:
    workforce_comparators_set(actor=manager, area_codes=["E06000044"])

    with pytest.raises(ValidationError) as refused:
        workforce_comparators_set(actor=manager, area_codes=["E06000038", "E09000001"])

    assert refused.value.message_dict["area_codes"] == [
        "E09000001 is not a local authority in the national statistics loaded: load a file with "
        "its figures first"
    ]
    assert _chosen() == ["Portsmouth"]


def test_the_partnerships_own_authority_is_not_a_comparator(manager: User) -> None:
    partnership_areas()
    with pytest.raises(ValidationError, match="Southampton is the partnership's own authority"):
        workforce_comparators_set(actor=manager, area_codes=["E06000045"])
    assert not WorkforceComparator.objects.exists()


def test_at_most_twenty_comparators(manager: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("childtrust.workforce.services.statistics_comparators.MAX_COMPARATORS", 2)
    with pytest.raises(
        ValidationError, match="Choose at most 2 comparator authorities: you chose 3"
    ):
        workforce_comparators_set(actor=manager, area_codes=["E06000044", "E06000038", "E06000043"])
    assert not WorkforceComparator.objects.exists()


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.AUDITOR, Role.PARTNERSHIP_ADMIN])
def test_workforce_comparators_set_refuses_those_who_do_not_manage_the_whole_workforce(
    manager: User, role: str
) -> None:
    with pytest.raises(PermissionDenied, match="choose the comparator authorities"):
        workforce_comparators_set(actor=UserFactory(role=role), area_codes=["E06000044"])
    assert not WorkforceComparator.objects.exists()


def test_workforce_comparators_set_refuses_a_manager_limited_to_one_agency(manager: User) -> None:
    WorkforceRemitFactory(user=manager, agency=AgencyFactory())
    limited = User.objects.get(pk=manager.pk)  # the remit is read once for each user object
    with pytest.raises(PermissionDenied):
        workforce_comparators_set(actor=limited, area_codes=["E06000044"])


# --- The page -----------------------------------------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_offers_the_authorities_loaded_and_saves_the_choice(manager: User) -> None:
    client = _client(manager)
    page = client.get(COMPARATORS).content.decode()
    for _code, name, _old in AUTHORITIES:
        assert name in page

    response = client.post(COMPARATORS, {"area_codes": ["E06000044", "E06000038"]}, follow=True)

    assert response.redirect_chain == [(reverse("workforce:statistics"), 302)]
    assert "The comparator authorities are now Portsmouth, Reading." in response.content.decode()
    assert _chosen() == ["Portsmouth", "Reading"]


def test_a_refused_choice_is_shown_in_the_error_summary(manager: User) -> None:
    partnership_areas()

    response = _client(manager).post(COMPARATORS, {"area_codes": ["E06000045"]})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<title>Error: ") == 1
    assert "govuk-error-summary" in page
    assert "Southampton is the partnership" in page
    assert not WorkforceComparator.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.STRATEGIC_LEAD, Role.AUDITOR, Role.PARTNERSHIP_ADMIN, Role.TEAM_MANAGER]
)
def test_the_page_is_refused_to_those_who_do_not_manage_the_whole_workforce(
    client_for: Callable[[str], Client], role: str
) -> None:
    client = client_for(role)
    assert client.get(COMPARATORS).status_code == 403
    assert client.post(COMPARATORS, {"area_codes": ["E06000044"]}).status_code == 403
    assert not WorkforceComparator.objects.exists()
