"""The search across the partnership (partnership.search.selectors.search), on the database in
use (FTS5 on SQLite, full-text search on PostgreSQL): the field's acronyms and synonyms, word
forms, partial words, typos, grouping by kind, who finds whom, the index kept by the services,
and questions that are not words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from childtrust.accounts.models import Role, User
from childtrust.accounts.roles import ROLE_CAPABILITIES
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability
from childtrust.partnership.access import search_scope_for
from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    SearchEntry,
    SearchKind,
    Synonym,
    TeamKind,
)
from childtrust.partnership.search.index import search_index_rebuild
from childtrust.partnership.search.pages import pages_visible_to
from childtrust.partnership.search.selectors import SearchResults, search
from childtrust.partnership.search.state import index_changed
from childtrust.partnership.services import registry as services
from childtrust.partnership.services import staff as staff_services
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

# The issue's acronyms, and those of design.md's words of the field.
FIELD_ACRONYMS = [
    "MASH", "CAMHS", "HV", "SENCO", "CLA", "LAC", "EHM", "IRO", "YOT",
    "TAC", "TAF", "s17", "s47", "ICPC", "CP plan", "UPN", "JSNA", "FTE", "NHS",
]  # fmt: skip


def titles(results: SearchResults, kind: str) -> list[str]:
    group = next((group for group in results.groups if group.kind == kind), None)
    return [entry.title for entry in group.entries] if group else []


def finds(user: User, question: str, kind: str, title: str) -> bool:
    return title in titles(search(user, question, kind=kind, limit=200), kind)


@dataclass
class City:
    council: Agency
    health: Agency


@pytest.fixture
def practitioner() -> User:
    return UserFactory(username="search-practitioner", role=Role.PRACTITIONER)


@pytest.fixture
def admin() -> User:
    return UserFactory(username="search-admin", role=Role.PARTNERSHIP_ADMIN)


@pytest.fixture
def city() -> City:
    council = AgencyFactory(
        name="City Council Children's Services", short_name="CCS", kind=AgencyKind.LOCAL_AUTHORITY
    )
    health = AgencyFactory(name="City Community Health", kind=AgencyKind.HEALTH)
    north = LocalityFactory(name="North")
    WardFactory(name="Bassett", locality=north)
    ServiceFactory(agency=health, name="Health Visiting", description="Home visits to families.")
    ServiceFactory(agency=health, name="School Nursing", description="Nurses in every school.")
    ServiceFactory(
        agency=council,
        name="Multi-Agency Safeguarding Hub",
        description="Contacts and referrals screened at the front door.",
    )
    ServiceFactory(agency=health, name="CAMHS Single Point of Access", description="Referrals.")
    ServiceFactory(agency=council, name="Children in Care", description="Support in care.")
    team = TeamFactory(name="Safeguarding in Education", agency=council)
    TeamFactory(name="North Locality Team", kind=TeamKind.LOCALITY, agency=None, locality=north)
    StaffMemberFactory(
        given_name="Priya", family_name="Shah", job_title="Health visitor", agency=health
    )
    StaffMemberFactory(
        given_name="Tom", family_name="Leaver", job_title="Social worker", agency=council,
        team=team, is_active=False,
    )  # fmt: skip
    search_index_rebuild()
    return City(council=council, health=health)


# The field's words


def test_every_acronym_of_the_issue_and_the_glossary_is_seeded() -> None:
    seeded = {term.lower() for term in Synonym.objects.values_list("term", flat=True)}
    assert {acronym.lower() for acronym in FIELD_ACRONYMS} <= seeded


def test_each_glossary_term_finds_a_service_named_by_its_meaning(practitioner: User) -> None:
    agency = AgencyFactory(name="Glossary Agency")
    meanings = {
        meaning.lower(): meaning for meaning in Synonym.objects.values_list("meaning", flat=True)
    }
    for meaning in meanings.values():
        ServiceFactory(agency=agency, name=f"{meaning[0].upper()}{meaning[1:]}", description="-")
    search_index_rebuild()
    missed = [
        f"{synonym.term} (for {synonym.meaning})"
        for synonym in Synonym.objects.all()
        if not finds(
            practitioner,
            synonym.term,
            SearchKind.SERVICE,
            f"{synonym.meaning[0].upper()}{synonym.meaning[1:]}",
        )
    ]
    assert not missed


def test_a_meaning_finds_what_is_named_by_its_acronym(practitioner: User) -> None:
    ServiceFactory(name="HV drop-in", description="Weighing and advice.")
    TeamFactory(name="LAC Nurses")
    search_index_rebuild()
    assert finds(practitioner, "health visitor", SearchKind.SERVICE, "HV drop-in")
    assert finds(practitioner, "child looked after", SearchKind.TEAM, "LAC Nurses")


def test_terms_sharing_a_meaning_find_each_other(practitioner: User) -> None:
    TeamFactory(name="LAC Nurses")
    search_index_rebuild()
    assert finds(practitioner, "CLA", SearchKind.TEAM, "LAC Nurses")


def test_the_issues_acronyms_find_the_citys_services(city: City, practitioner: User) -> None:
    assert finds(practitioner, "MASH", SearchKind.SERVICE, "Multi-Agency Safeguarding Hub")
    assert finds(practitioner, "front door", SearchKind.SERVICE, "Multi-Agency Safeguarding Hub")
    assert finds(practitioner, "HV", SearchKind.SERVICE, "Health Visiting")
    assert finds(practitioner, "HV", SearchKind.STAFF, "Priya Shah")
    assert finds(practitioner, "CLA", SearchKind.SERVICE, "Children in Care")
    assert finds(practitioner, "child and adolescent mental health", SearchKind.SERVICE,
                 "CAMHS Single Point of Access")  # fmt: skip


def test_an_acronym_matches_only_itself_not_words_starting_with_it(practitioner: User) -> None:
    ServiceFactory(name="Classroom support", description="-")
    search_index_rebuild()
    assert not finds(practitioner, "CLA", SearchKind.SERVICE, "Classroom support")


# Word forms, partial words and typos


def test_health_visitor_finds_health_visiting_by_word_forms_alone(
    city: City, practitioner: User
) -> None:
    Synonym.objects.all().delete()
    index_changed()
    assert finds(practitioner, "health visitor", SearchKind.SERVICE, "Health Visiting")
    assert finds(practitioner, "school nurses", SearchKind.SERVICE, "School Nursing")
    assert finds(practitioner, "communities", SearchKind.AGENCY, "City Community Health")


def test_the_start_of_a_word_finds_the_word(city: City, practitioner: User) -> None:
    assert finds(practitioner, "safegu", SearchKind.TEAM, "Safeguarding in Education")
    assert finds(practitioner, "camh", SearchKind.SERVICE, "CAMHS Single Point of Access")
    assert finds(practitioner, "pri sha", SearchKind.STAFF, "Priya Shah")


@pytest.mark.parametrize(
    ("typed", "understood", "kind", "title"),
    [
        ("helth visting", "health visiting", SearchKind.SERVICE, "Health Visiting"),
        ("CAHMS", "camhs", SearchKind.SERVICE, "CAMHS Single Point of Access"),
        ("safegaurding", "safeguarding", SearchKind.TEAM, "Safeguarding in Education"),
        ("Pirya", "priya", SearchKind.STAFF, "Priya Shah"),
    ],
)
def test_a_small_typo_is_corrected_and_said_so(
    city: City, practitioner: User, typed: str, understood: str, kind: str, title: str
) -> None:
    results = search(practitioner, typed, kind=kind, limit=50)
    assert results.corrected
    assert results.understood == understood
    assert title in titles(results, kind)


def test_a_word_far_from_any_finds_nothing(city: City, practitioner: User) -> None:
    results = search(practitioner, "xylophonics")
    assert results.groups == []
    assert not results.corrected


# Grouping


def test_results_are_grouped_by_kind_in_order_with_their_counts(city: City, admin: User) -> None:
    ServiceFactory(agency=city.health, name="North Health Clinic", description="-")
    search_index_rebuild()
    results = search(admin, "north")
    kinds = [group.kind for group in results.groups]
    assert kinds == sorted(kinds, key=[k for k, _ in SearchKind.choices].index)
    assert {SearchKind.SERVICE, SearchKind.TEAM, SearchKind.LOCALITY} <= set(kinds)
    locality = next(group for group in results.groups if group.kind == SearchKind.LOCALITY)
    assert (locality.label, locality.count, locality.entries[0].title) == ("Localities", 1, "North")
    assert locality.entries[0].url == "/partnership/localities/north/"


def test_a_kind_is_paged_with_its_whole_count(practitioner: User) -> None:
    agency = AgencyFactory(name="Youth Agency")
    for number in range(12):
        ServiceFactory(agency=agency, name=f"Youth club {number:02}", description="-")
    search_index_rebuild()
    first = search(practitioner, "youth club", kind=SearchKind.SERVICE, limit=5)
    third = search(practitioner, "youth club", kind=SearchKind.SERVICE, limit=5, offset=10)
    past = search(practitioner, "youth club", kind=SearchKind.SERVICE, limit=5, offset=40)
    assert [group.kind for group in first.groups] == [SearchKind.SERVICE]
    assert (first.groups[0].count, len(first.groups[0].entries)) == (12, 5)
    assert (third.groups[0].count, len(third.groups[0].entries)) == (12, 2)
    assert (past.groups[0].count, past.groups[0].entries) == (12, [])


def test_a_title_match_ranks_above_a_match_in_the_description(practitioner: User) -> None:
    agency = AgencyFactory(name="Ranking Agency")
    ServiceFactory(agency=agency, name="Parenting classes", description="Run with Portage.")
    ServiceFactory(agency=agency, name="Portage", description="Home learning for under-fives.")
    search_index_rebuild()
    assert titles(search(practitioner, "portage"), SearchKind.SERVICE)[0] == "Portage"


def test_pages_are_found_by_name_only_by_those_who_may_open_them(practitioner: User) -> None:
    auditor = UserFactory(username="search-auditor", role=Role.AUDITOR)
    theirs = {page.url for page in pages_visible_to(practitioner)}
    hidden = next(page for page in pages_visible_to(auditor) if page.url not in theirs)
    assert hidden.url in [
        e.url for e in search(auditor, hidden.label, kind="page").groups[0].entries
    ]
    assert hidden.url not in [
        entry.url for group in search(practitioner, hidden.label).groups for entry in group.entries
    ]


# Who finds whom


def test_someone_no_longer_in_post_is_found_only_by_those_who_keep_staff_records(
    city: City, practitioner: User, admin: User
) -> None:
    assert not finds(practitioner, "Tom Leaver", SearchKind.STAFF, "Tom Leaver")
    assert finds(admin, "Tom Leaver", SearchKind.STAFF, "Tom Leaver")


def test_a_role_without_the_staff_directory_finds_no_one_but_finds_services(
    city: City, practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert finds(practitioner, "Priya", SearchKind.STAFF, "Priya Shah")
    monkeypatch.setitem(
        ROLE_CAPABILITIES, Role.PRACTITIONER, frozenset({Capability.VIEW_PARTNERSHIP})
    )
    results = search(practitioner, "health visitor")
    assert "Health Visiting" in titles(results, SearchKind.SERVICE)
    assert titles(results, SearchKind.STAFF) == []
    assert search_scope_for(AnonymousUser()).kinds == frozenset()


def test_a_deactivated_account_finds_nothing(city: City) -> None:
    gone = UserFactory(username="search-gone", role=Role.PARTNERSHIP_ADMIN, is_active=False)
    assert search(gone, "health").groups == []


def test_a_search_showing_people_is_audited_and_one_showing_none_is_not(
    city: City, practitioner: User
) -> None:
    search(practitioner, "Priya")
    search(practitioner, "Bassett")
    audited = list(AuditEvent.objects.filter(action=AuditAction.SEARCH))
    assert len(audited) == 1
    assert audited[0].details == {"text": "Priya", "people_shown": 1, "page": "search"}


# The index kept by the services


def test_the_services_keep_the_index_current(city: City, admin: User, practitioner: User) -> None:
    agency = services.agency_create(actor=admin, name="Harbour Police", kind=AgencyKind.POLICE)
    service = services.service_create(
        actor=admin, agency=agency, name="Youth Diversion", description="-", audience="Teenagers"
    )
    assert finds(practitioner, "harbour", SearchKind.AGENCY, "Harbour Police")
    assert finds(practitioner, "diversion", SearchKind.SERVICE, "Youth Diversion")
    services.service_update(actor=admin, service=service, name="Early Intervention")
    assert not finds(practitioner, "diversion", SearchKind.SERVICE, "Youth Diversion")
    services.agency_update(actor=admin, agency=agency, name="Seaport Police")
    assert finds(practitioner, "seaport", SearchKind.SERVICE, "Early Intervention")


def test_people_teams_and_localities_are_kept_current(
    city: City, admin: User, practitioner: User
) -> None:
    person = staff_services.staff_member_create(
        actor=admin, given_name="Ada", family_name="Quill", email="ada@example.org",
        job_title="Youth worker", agency=city.council,
    )  # fmt: skip
    assert finds(practitioner, "quill", SearchKind.STAFF, "Ada Quill")
    team = services.team_create(
        actor=admin, name="Outreach", kind="single_agency", agency=city.council
    )
    staff_services.staff_member_update(actor=admin, person=person, team=team)
    services.team_update(actor=admin, team=team, name="Detached Youth Work")
    assert finds(practitioner, "detached", SearchKind.STAFF, "Ada Quill")
    staff_services.staff_member_update(actor=admin, person=person, is_active=False)
    assert not finds(practitioner, "quill", SearchKind.STAFF, "Ada Quill")
    locality = services.locality_create(actor=admin, name="Docklands")
    services.ward_create(actor=admin, name="Ocean Village", locality=locality)
    assert finds(practitioner, "ocean village", SearchKind.LOCALITY, "Docklands")


def test_a_refused_write_leaves_the_index_as_it_was(city: City, admin: User) -> None:
    before = list(SearchEntry.objects.order_by("pk").values_list("title", flat=True))
    with pytest.raises(Exception):  # noqa: B017, PT011 (a refusal of any kind)
        services.agency_create(actor=admin, name="", kind="nonsense")
    assert list(SearchEntry.objects.order_by("pk").values_list("title", flat=True)) == before


def test_the_rebuild_command_makes_every_entry(
    city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    SearchEntry.objects.all().delete()
    call_command("search_index_rebuild")
    assert "5 services, 2 agencies, 2 teams, 1 localities, 2 people" in capsys.readouterr().out
    assert SearchEntry.objects.count() == 12


# Questions that are not words


@pytest.mark.parametrize(
    "question",
    ["", "   ", "***", '"', "' OR 1=1 --", "\x00", "NEAR(", "a:*|b", "&|!():*", "😀", "x" * 5000,
     "health " * 300, "AND OR NOT", "-health", "title:health", "ž"],
)  # fmt: skip
def test_any_question_is_answered_without_error(
    city: City, practitioner: User, question: str
) -> None:
    results = search(practitioner, question)
    assert isinstance(results.count, int)


def test_an_entry_without_a_kinds_band_is_left_out_until_rebuilt(
    city: City, practitioner: User
) -> None:
    entry = SearchEntry.objects.get(title="Health Visiting")
    SearchEntry.objects.filter(pk=entry.pk).update(id=12345)  # as written before ids had bands
    assert not finds(practitioner, "health visiting", SearchKind.SERVICE, "Health Visiting")
    call_command("search_index_rebuild")
    assert finds(practitioner, "health visiting", SearchKind.SERVICE, "Health Visiting")
