"""Finding a child: names with typos, nicknames and other spellings, date of birth and
postcode; shielding; one audit event a search; the page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Child, ChildSearchKey, Sensitivity
from childtrust.children.search_keys import (
    child_search_keys_refresh,
    name_words,
    postcode_parts,
    search_keys_rebuild,
)
from childtrust.children.selectors.search import SearchTerms, children_search
from tests.children.factories import (
    AgencyRecordFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

DOB = datetime.date(2016, 3, 7)


def _child(given: str, family: str, **fields: object) -> Child:
    child: Child = ChildFactory(given_name=given, family_name=family, **fields)
    child_search_keys_refresh([child])
    return child


def _found(user: User, **terms: object) -> list[str]:
    results, _ = children_search(user, SearchTerms(**terms))  # type: ignore[arg-type]
    return [match.child.reference for match in results.matches]


@pytest.fixture
def practitioner() -> User:
    return staff_user(Role.PRACTITIONER)


def test_words_and_postcodes_are_read_leniently() -> None:
    assert name_words("Mary-Jane O'Brien") == ["mary", "jane", "obrien"]
    assert name_words("Zoë") == ["zoe"]
    assert postcode_parts("so14 7ly") == ("SO14 7LY", "SO14")
    assert postcode_parts(" so14 ") == ("", "SO14")
    assert postcode_parts("not one") == ("", "")


@pytest.mark.parametrize(
    "typed",
    ["Olivia Smith", "olivia smyth", "Olvia Smith", "Smith Olivia", "Livvy Smith", "OLIVIA"],
)
def test_a_name_is_found_through_typos_variants_and_order(practitioner: User, typed: str) -> None:
    wanted = _child("Olivia", "Smith")
    _child("Noah", "Jones")
    assert _found(practitioner, name=typed)[:1] == [wanted.reference]


@pytest.mark.parametrize(
    ("shown", "typed"),
    [
        ("Robert", "Bob"),
        ("Susan", "Sue"),
        ("Anthony", "Tony"),
        ("Tony", "Anthony"),
        ("Richard", "Rick"),
        ("Peter", "Pete"),
        ("Christina", "Tina"),
        ("Charles", "Charlie"),
    ],
)
def test_a_nickname_finds_the_usual_name_and_back(
    practitioner: User, shown: str, typed: str
) -> None:
    wanted = _child(shown, "Khan")
    assert wanted.reference in _found(practitioner, name=f"{typed} Khan")


def test_a_name_only_sounding_alike_is_left_out(practitioner: User) -> None:
    _child("Ann", "Lee")
    assert _found(practitioner, name="Anwen Leigh-Morgan") == []


def test_the_closest_comes_first(practitioner: User) -> None:
    near = _child("Jayden", "Smyth")
    exact = _child("Jaden", "Smith")
    assert _found(practitioner, name="Jaden Smith") == [exact.reference, near.reference]


def test_a_record_under_another_surname_finds_the_child(practitioner: User) -> None:
    child = ChildFactory(given_name="Amira", family_name="Hassan")
    AgencyRecordFactory(child=child, given_name="Amira", family_name="Okoro")
    child_search_keys_refresh([child])
    assert _found(practitioner, name="Amira Okoro") == [child.reference]


def test_date_of_birth_narrows_and_allows_day_and_month_swapped(practitioner: User) -> None:
    wanted = _child("Leo", "Brown", date_of_birth=DOB)
    swapped = _child("Leo", "Browne", date_of_birth=datetime.date(2016, 7, 3))
    _child("Leo", "Brown", date_of_birth=datetime.date(2015, 3, 7))
    assert _found(practitioner, name="Leo Brown", date_of_birth=DOB) == [
        wanted.reference,
        swapped.reference,
    ]
    assert set(_found(practitioner, date_of_birth=DOB)) == {wanted.reference, swapped.reference}


def test_postcode_in_full_or_by_district(practitioner: User) -> None:
    here = _child("Ava", "Patel", postcode="SO14 7LY")
    street = _child("Ava", "Patel", postcode="SO14 0AB")
    _child("Ava", "Patel", postcode="SO16 3QA")
    assert _found(practitioner, name="Ava Patel", postcode="so147ly") == [here.reference]
    assert set(_found(practitioner, postcode="SO14")) == {here.reference, street.reference}


def test_an_anonymised_or_merged_child_is_not_found(practitioner: User) -> None:
    survivor = _child("Isla", "Reid")
    merged = _child("Isla", "Reid", merged_into=survivor)
    gone = _child("Isla", "Reid", anonymised_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    found = _found(practitioner, name="Isla Reid")
    assert found == [survivor.reference]
    assert merged.reference not in found
    assert gone.reference not in found


def test_each_search_writes_one_audit_event_with_its_terms(practitioner: User) -> None:
    _child("Olivia", "Smith")
    children_search(practitioner, SearchTerms(name="Olivia", postcode="SO14"))
    event = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="children.child")
    assert event.actor == practitioner
    assert event.details == {
        "name": "Olivia",
        "postcode": "SO14",
        "results": 1,
        "shielded_matches": 0,
    }


def test_a_role_that_does_not_find_children_is_refused() -> None:
    with pytest.raises(PermissionDenied):
        children_search(UserFactory(role=Role.FINANCE_OFFICER), SearchTerms(name="Olivia"))


def test_a_shielded_child_is_hidden_from_an_ordinary_practitioner(practitioner: User) -> None:
    hidden = ShieldedChildFactory(given_name="Maya", family_name="Clarke")
    child_search_keys_refresh([hidden])
    results, total = children_search(practitioner, SearchTerms(name="Maya Clarke"))
    assert (results.matches, results.shielded, total) == ([], [], 0)


def test_one_who_may_break_glass_is_told_a_shielded_record_matches() -> None:
    hidden = ShieldedChildFactory(given_name="Maya", family_name="Clarke")
    child_search_keys_refresh([hidden])
    manager = staff_user(Role.TEAM_MANAGER)
    results, _ = children_search(manager, SearchTerms(name="Maya Clarke"))
    assert results.matches == []
    assert results.shielded == [hidden.reference]


def test_a_shielded_child_is_found_by_its_own_practitioner(practitioner: User) -> None:
    hidden = ShieldedChildFactory(given_name="Maya", family_name="Clarke")
    InvolvementFactory(child=hidden, practitioner=practitioner.staff_member)
    child_search_keys_refresh([hidden])
    assert _found(practitioner, name="Maya Clarke") == [hidden.reference]


def test_the_shortlist_keeps_room_for_shielded_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Findable and shielded children are shortlisted apart: children the reader may see,
    matching more keys, do not crowd a shielded match out of what the front door is told."""
    monkeypatch.setattr("childtrust.children.selectors.search.SHORTLIST", 2)
    seen = [_child("Olivia", "Smith") for _ in range(3)]
    hidden = ShieldedChildFactory(given_name="Olivia", family_name="Smyth")
    child_search_keys_refresh([hidden])
    results, total = children_search(staff_user(Role.FRONT_DOOR), SearchTerms(name="Olivia Smith"))
    assert [match.child.reference for match in results.matches] == [c.reference for c in seen[:2]]
    assert (results.shielded, total) == ([hidden.reference], 2)


def test_known_to_never_counts_an_agency_known_only_by_a_sensitive_involvement(
    practitioner: User,
) -> None:
    """The attacker counts: a sexual health clinic holding a record of the child, and working
    with it only through a sensitive involvement, made the count one higher than the agencies
    the child's page shows (the page leaves that record out)."""
    child = _child("Ruby", "Evans")
    AgencyRecordFactory(child=child)
    clinic = AgencyFactory(name="Riverside sexual health clinic")
    AgencyRecordFactory(child=child, agency=clinic)
    InvolvementFactory(
        child=child,
        practitioner=StaffMemberFactory(agency=clinic),
        sensitivity=Sensitivity.SEXUAL_HEALTH,
    )
    results, _ = children_search(practitioner, SearchTerms(name="Ruby Evans"))
    assert results.matches[0].agencies == 1
    # Working with the child openly as well, the clinic is counted as the page shows it.
    InvolvementFactory(child=child, practitioner=StaffMemberFactory(agency=clinic))
    results, _ = children_search(practitioner, SearchTerms(name="Ruby Evans"))
    assert results.matches[0].agencies == 2


def test_known_to_counts_agencies_of_records_and_involvements(practitioner: User) -> None:
    child = _child("Ruby", "Evans")
    AgencyRecordFactory(child=child)
    AgencyRecordFactory(child=child)
    InvolvementFactory(child=child)
    results, _ = children_search(practitioner, SearchTerms(name="Ruby Evans"))
    assert results.matches[0].agencies == 3


def test_the_rebuild_keys_every_child() -> None:
    ChildFactory(given_name="Ruby", family_name="Evans", postcode="SO14 7LY")
    assert ChildSearchKey.objects.count() == 0
    children, keys = search_keys_rebuild()
    assert children == 1
    assert keys == ChildSearchKey.objects.count() > 0
    assert ChildSearchKey.objects.filter(kind="district", key="SO14").exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FRONT_DOOR])
@pytest.mark.parametrize(
    "terms",
    [
        {"name": "Olivia Smith"},
        {"name": "Olivia", "postcode": "SO14"},
        {"date_of_birth": DOB},
        {"postcode": "SO14"},
    ],
)
def test_a_search_reads_the_children_in_two_statements_however_many_match(
    role: Role, terms: dict[str, object]
) -> None:
    """One statement matches the keys, narrows, shields, ranks by keys matched and fetches the
    children with their records' names; one counts the agencies that know those shown. (The
    audit event's statements are the audit's own.) A round trip a child would show here."""
    for n in range(6):
        child = _child("Olivia", "Smith", date_of_birth=DOB, postcode=f"SO14 {n}AB")
        AgencyRecordFactory(child=child, given_name="Olivia", family_name="Smyth")
        InvolvementFactory(child=child)
    hidden = ShieldedChildFactory(
        given_name="Olivia", family_name="Smith", date_of_birth=DOB, postcode="SO14 9ZZ"
    )
    child_search_keys_refresh([hidden])
    user = staff_user(role)
    with CaptureQueriesContext(connection) as run:
        results, total = children_search(user, SearchTerms(**terms))  # type: ignore[arg-type]
    reads = [query["sql"] for query in run.captured_queries if '"children_' in query["sql"]]
    assert len(reads) == 2, reads
    assert (len(results.matches), total) == (6, 6)
    assert all(match.agencies == 2 for match in results.matches)
    may_be_told = role == Role.FRONT_DOOR
    assert results.shielded == ([hidden.reference] if may_be_told else [])


# --- The page ---------------------------------------------------------------------------------


def test_the_page_shows_matches_without_the_full_postcode(practitioner: User) -> None:
    child = _child("Olivia", "Smith", date_of_birth=DOB, postcode="SO14 2QD")
    response = signed_in(practitioner).post(
        "/children/",
        {
            "name": "Olivia Smyth",
            "date_of_birth_day": "7",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2016",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/children/{child.reference}/" in page
    assert "7 March 2016" in page
    assert "SO14" in page
    assert "2QD" not in page
    assert "1 child matches" in page


def test_the_page_asks_for_something_to_search_for(practitioner: User) -> None:
    response = signed_in(practitioner).post("/children/", {"name": " ", "postcode": ""})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter a name, a date of birth or a postcode" in page
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_the_page_refuses_a_bad_postcode_and_a_date_that_is_not_real(practitioner: User) -> None:
    response = signed_in(practitioner).post(
        "/children/",
        {
            "postcode": "nowhere",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2016",
        },
    )
    page = response.content.decode()
    assert "Enter a full postcode" in page
    assert "The date of birth must be a real date" in page


def test_the_page_offers_break_glass_without_the_name() -> None:
    hidden = ShieldedChildFactory(given_name="Maya", family_name="Clarke")
    child_search_keys_refresh([hidden])
    response = signed_in(staff_user(Role.FRONT_DOOR)).post("/children/", {"name": "Maya Clarke"})
    page = response.content.decode()
    assert "A shielded record matches: break glass to see it." in page
    assert f"/children/{hidden.reference}/break-glass/" in page
    assert "Clarke" not in page.split("</form>")[1]


def test_the_page_is_refused_to_a_role_that_does_not_find_children() -> None:
    response = signed_in(UserFactory(role=Role.FINANCE_OFFICER)).get("/children/")
    assert response.status_code == 403
