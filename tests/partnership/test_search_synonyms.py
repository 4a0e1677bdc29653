"""The search's synonyms: partnership administrators add, change and remove them (service and
pages), every other role is refused at both, each write is audited and takes effect in the next
search; and the search page over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import SearchKind, Synonym
from childtrust.partnership.search.index import search_index_rebuild
from childtrust.partnership.search.selectors import search
from childtrust.partnership.services.synonyms import (
    synonym_create,
    synonym_delete,
    synonym_update,
)
from tests.factories import ServiceFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
KEEPERS = {Role.PARTNERSHIP_ADMIN}


@pytest.fixture
def admin() -> User:
    return UserFactory(username="synonym-admin", role=Role.PARTNERSHIP_ADMIN)


@pytest.fixture
def synonym(admin: User) -> Synonym:
    return synonym_create(actor=admin, term="TOAST", meaning="team of advanced support teachers")


def service_titles(user: User, question: str) -> list[str]:
    results = search(user, question, kind=SearchKind.SERVICE, limit=50)
    return [entry.title for group in results.groups for entry in group.entries]


def refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


# The service


def test_a_new_synonym_is_audited_and_found_by_the_next_search(admin: User) -> None:
    ServiceFactory(name="Team of Advanced Support Teachers", description="-")
    search_index_rebuild()
    assert service_titles(admin, "TOAST") == []
    synonym_create(actor=admin, term=" TOAST ", meaning="team of  advanced support teachers")
    assert service_titles(admin, "TOAST") == ["Team of Advanced Support Teachers"]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="partnership.synonym")
    assert event.details == {"term": "TOAST", "meaning": "team of advanced support teachers"}


def test_a_changed_synonym_means_its_new_meaning(admin: User, synonym: Synonym) -> None:
    ServiceFactory(name="Breakfast club", description="-")
    search_index_rebuild()
    synonym_update(actor=admin, synonym=synonym, term="TOAST", meaning="breakfast club")
    assert service_titles(admin, "toast") == ["Breakfast club"]
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="partnership.synonym"
    ).exists()


def test_a_removed_synonym_no_longer_joins_its_words(admin: User, synonym: Synonym) -> None:
    ServiceFactory(name="Team of Advanced Support Teachers", description="-")
    search_index_rebuild()
    synonym_delete(actor=admin, synonym=synonym)
    assert service_titles(admin, "TOAST") == []
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="partnership.synonym")
    assert event.details["term"] == "TOAST"


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - KEEPERS))
def test_every_other_role_is_refused_each_write(role: str, synonym: Synonym) -> None:
    user = UserFactory(username=f"synonym-{role}", role=role)
    with pytest.raises(PermissionDenied):
        synonym_create(actor=user, term="XYZ", meaning="something")
    with pytest.raises(PermissionDenied):
        synonym_update(actor=user, synonym=synonym, term="XYZ", meaning="something")
    with pytest.raises(PermissionDenied):
        synonym_delete(actor=user, synonym=synonym)
    assert Synonym.objects.filter(pk=synonym.pk, term="TOAST").exists()


@pytest.mark.parametrize(
    ("term", "meaning", "field", "message"),
    [
        ("", "health visitor", "term", "Enter the word or acronym"),
        ("HV", "  ", "meaning", "Enter its meaning"),
        ("***", "health visitor", "term", "The word or acronym must include a letter or a number"),
        ("Health visitors", "health visitors", "meaning", "Enter a meaning that is different"),
        ("hv", "Health Visitor", "meaning", "hv already means Health Visitor"),
        ("X" * 101, "something", "term", "The word or acronym must be 100 characters or fewer"),
    ],
)
def test_bad_synonyms_are_refused_with_a_message(
    admin: User, term: str, meaning: str, field: str, message: str
) -> None:
    before = Synonym.objects.count()
    assert refused(synonym_create, actor=admin, term=term, meaning=meaning)[field][0].startswith(
        message
    )
    assert Synonym.objects.count() == before


# The pages


PAGES = ["synonym_list", "synonym_create", "synonym_update", "synonym_delete"]


def _url(name: str, synonym: Synonym) -> str:
    kwargs = {"pk": synonym.pk} if name in ("synonym_update", "synonym_delete") else {}
    return reverse(f"partnership:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_only_administrators_open_the_synonyms_pages(
    client_for: Any, role: str, name: str, synonym: Synonym
) -> None:
    response = client_for(role).get(_url(name, synonym))
    assert response.status_code == (200 if role in KEEPERS else 403)


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - KEEPERS))
def test_other_roles_posting_to_the_synonyms_pages_get_403_and_change_nothing(
    client_for: Any, role: str, synonym: Synonym
) -> None:
    client = client_for(role)
    data = {"term": "XYZ", "meaning": "something else"}
    assert client.post(_url("synonym_create", synonym), data).status_code == 403
    assert client.post(_url("synonym_update", synonym), data).status_code == 403
    assert client.post(_url("synonym_delete", synonym)).status_code == 403
    assert Synonym.objects.filter(pk=synonym.pk, term="TOAST").exists()
    assert not Synonym.objects.filter(term="XYZ").exists()


def test_an_administrator_adds_changes_and_removes_a_synonym(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    listing = reverse("partnership:synonym_list")
    response = client.post(
        reverse("partnership:synonym_create"), {"term": "BUDS", "meaning": "baby under two"}
    )
    assert response.status_code == 302
    assert response["Location"] == listing
    added = Synonym.objects.get(term="BUDS")
    assert "BUDS" in client.get(listing).content.decode()
    client.post(
        reverse("partnership:synonym_update", kwargs={"pk": added.pk}),
        {"term": "BUDS", "meaning": "babies under two"},
    )
    added.refresh_from_db()
    assert added.meaning == "babies under two"
    confirm = client.get(reverse("partnership:synonym_delete", kwargs={"pk": added.pk}))
    assert "Are you sure you want to remove BUDS" in confirm.content.decode()
    client.post(reverse("partnership:synonym_delete", kwargs={"pk": added.pk}))
    assert not Synonym.objects.filter(pk=added.pk).exists()


def test_the_add_page_shows_every_error_at_once(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("partnership:synonym_create"), {"term": "", "meaning": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the word or acronym" in page
    assert "Enter what it means" in page


def test_a_synonym_that_is_not_there_is_404(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    assert (
        client.get(reverse("partnership:synonym_update", kwargs={"pk": 999999})).status_code == 404
    )


# The search page


def test_the_search_page_needs_sign_in() -> None:
    response = Client().get(reverse("partnership:search"), {"q": "MASH"})
    assert response.status_code == 302


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_searches_and_sees_results_grouped_and_linked(
    client_for: Any, role: str
) -> None:
    service = ServiceFactory(name="Multi-Agency Safeguarding Hub", description="The front door.")
    StaffMemberFactory(given_name="Mash", family_name="Person", job_title="Screening officer")
    search_index_rebuild()
    page = client_for(role).get(reverse("partnership:search"), {"q": "MASH"}).content.decode()
    assert '<h2 class="govuk-heading-m" id="results-service">Services' in page
    assert f'href="/services/{service.slug}/"' in page
    assert "Mash Person" in page


def test_a_corrected_search_says_what_it_searched_for(admin: User) -> None:
    ServiceFactory(name="Health Visiting", description="-")
    search_index_rebuild()
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("partnership:search"), {"q": "helth visiting"}).content.decode()
    assert "Showing results for <strong>health visiting</strong>" in page
    assert "Health Visiting" in page


def test_one_kind_is_paged_and_links_back_to_every_result(admin: User) -> None:
    for number in range(25):
        ServiceFactory(name=f"Play group {number:02}", description="-")
    search_index_rebuild()
    client = Client()
    client.force_login(admin)
    overview = client.get(reverse("partnership:search"), {"q": "play group"}).content.decode()
    assert "All 25 services" in overview
    page = client.get(
        reverse("partnership:search"), {"q": "play group", "kind": "service", "page": "2"}
    ).content.decode()
    assert "25 services match play group" in page
    assert "Page 2 of 2" in page


@pytest.mark.parametrize(
    "query",
    [{}, {"q": ""}, {"q": "   "}, {"q": "x", "kind": "nonsense"}, {"q": "care", "page": "-1"},
     {"q": "care", "kind": "service", "page": "99999999999999999999"}, {"q": "'\"<script>"}],
)  # fmt: skip
def test_odd_questions_show_the_page_not_an_error(admin: User, query: dict[str, str]) -> None:
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("partnership:search"), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_only_administrators_are_offered_the_synonyms_page(admin: User, client_for: Any) -> None:
    link = reverse("partnership:synonym_list")
    client = Client()
    client.force_login(admin)
    assert link in client.get(reverse("partnership:search"), {"q": "x"}).content.decode()
    practitioner = client_for(Role.PRACTITIONER)
    assert link not in practitioner.get(reverse("partnership:search"), {"q": "x"}).content.decode()
