"""The partnership profile and the locality pages over HTTP on the demo partnership: every
signed-in role may see them, each judgement is written in words beside its colour, the charts
carry a title, the CSV downloads hold the figures and are audited as exports, and the number of
queries stays bounded. (Moved from tests/outcomes/test_profile_views.py, which keeps the pages
without data, so that the demo is loaded once for them all.)"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.demo import INDICATORS
from childtrust.outcomes.models import Area, AreaType, Indicator
from childtrust.partnership.models import Locality

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)


PROFILE = reverse("outcomes:profile")


LOCALITIES = reverse("outcomes:localities")


WORDS = r"(Better|Worse|Higher|Lower) than England|Similar to England|Not compared: .+"


@pytest.fixture
def demo() -> Locality:
    """The demo's first locality by name (the demo itself is loaded for the package)."""
    return Locality.objects.order_by("name").first()  # type: ignore[return-value]


def locality_url(locality: Locality) -> str:
    return reverse("outcomes:locality", args=[locality.slug])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_see_the_profile_and_the_localities(
    role: Role, client_for: Callable[[str], Client], demo: Locality
) -> None:
    client = client_for(role)
    for url in (PROFILE, LOCALITIES, locality_url(demo)):
        assert client.get(url).status_code == 200, url


def test_someone_not_signed_in_is_sent_to_sign_in(client: Client, demo: Locality) -> None:
    for url in (PROFILE, LOCALITIES, locality_url(demo), f"{PROFILE}?format=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "sign" in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_profile_shows_every_indicator_against_england_with_words_and_tags(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    page = client_for(Role.PRACTITIONER).get(PROFILE).content.decode()
    assert "Southampton against England" in page
    for indicator in Indicator.objects.all():
        assert f'href="/outcomes/indicators/{indicator.pk}/"' in page
        assert str(indicator.name).replace("'", "&#x27;") in page
    assert page.count('class="govuk-tag govuk-tag--') == len(INDICATORS)
    # Every coloured tag carries the judgement in words.
    tags = re.findall(r'<strong class="govuk-tag govuk-tag--\w[\w-]*">([^<]*)</strong>', page)
    assert len(tags) == len(INDICATORS)
    assert all(re.fullmatch(WORDS, tag) for tag in tags), tags
    # Southampton's mental health admissions are well above England's: worse, in red.
    assert '<strong class="govuk-tag govuk-tag--red">Worse than England' in page


def test_the_profile_has_a_spine_chart_with_a_title_per_indicator_and_a_sentence(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    page = client_for(Role.AUDITOR).get(PROFILE).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == len(INDICATORS)
    assert 'role="img"' in page
    assert page.count(": spine chart</title>") == len(INDICATORS)
    assert "The table holds the same figures." in page


def test_the_profile_shows_the_recent_trend_in_words(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    page = client_for(Role.AUDITOR).get(PROFILE).content.decode()
    # The demo's child poverty in the city is rising significantly.
    assert "Increasing and getting worse" in page


def test_an_unknown_local_authority_code_is_not_found(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    assert client_for(Role.AUDITOR).get(f"{PROFILE}?area=E00000000").status_code == 404


def test_with_several_local_authorities_one_is_chosen_by_its_code(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    Area.objects.create(code="E06000046", name="Isle of Wight", area_type=AreaType.LOCAL_AUTHORITY)
    client = client_for(Role.AUDITOR)
    page = client.get(PROFILE).content.decode()
    assert '<select class="govuk-select" id="area" name="area">' in page
    assert "Isle of Wight against England" not in page
    chosen = client.get(f"{PROFILE}?area=E06000046").content.decode()
    assert "No indicator data is held for Isle of Wight yet." in chosen
    comparator = client.get(f"{PROFILE}?area=E06000044").content.decode()
    assert "Portsmouth against England" in comparator


def test_the_partnerships_own_authority_is_shown_first_though_comparators_sort_before_it(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    # Bristol, Brighton and Hove and others hold data and come before Southampton by name.
    assert Area.objects.filter(
        area_type=AreaType.LOCAL_AUTHORITY, name__lt="Southampton", data_points__isnull=False
    ).exists()
    page = client_for(Role.AUDITOR).get(PROFILE).content.decode()
    assert "Southampton against England" in page


def test_the_profile_csv_holds_every_indicator_and_is_audited(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    response = client_for(Role.TEAM_MANAGER).get(f"{PROFILE}?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["indicator"] for r in rows} == {i.name for i in Indicator.objects.all()}
    assert all(r["area"] == "Southampton" for r in rows)
    assert all(r["england_value"] and r["value"] for r in rows)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_repr == "Southampton"
    assert event.details == {"format": "csv", "view": "profile", "rows": len(INDICATORS)}


def test_the_locality_page_compares_the_locality_and_its_wards_with_the_city(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    page = client_for(Role.FRONT_DOOR).get(locality_url(demo)).content.decode()
    wards = list(demo.wards.values_list("name", flat=True))
    assert wards
    for ward in wards:
        assert ward.replace("&", "&amp;") in page
    assert f"{demo.name} locality" in page
    assert "Southampton (local authority)" in page
    assert "than Southampton" in page or "Similar to Southampton" in page
    assert page.count('<h2 class="govuk-heading-m">') == len(INDICATORS)
    # One bar chart of the wards per indicator, titled, with a sentence and the same figures.
    assert page.count("the wards&#x27; values against Southampton</title>") == len(INDICATORS)
    assert "The table below holds the same figures." in page
    # Wards of other localities are not shown.
    other = Locality.objects.exclude(pk=demo.pk).first()
    assert other is not None
    stranger = other.wards.first()
    assert stranger is not None
    assert f">{stranger.name} <span" not in page


def test_an_unknown_locality_is_not_found(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    client = client_for(Role.AUDITOR)
    assert client.get(reverse("outcomes:locality", args=["nowhere"])).status_code == 404
    assert (
        client.get(reverse("outcomes:locality", args=["nowhere"]) + "?format=csv").status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_locality_without_outcome_data_is_not_found(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    Area.objects.filter(area_type=AreaType.LOCALITY, name=f"{demo.name} locality").update(
        name="Renamed"
    )
    assert client_for(Role.AUDITOR).get(locality_url(demo)).status_code == 404


def test_the_locality_csv_holds_the_locality_and_ward_lines_and_is_audited(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    response = client_for(Role.PARTNERSHIP_ADMIN).get(f"{locality_url(demo)}?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    wards = demo.wards.count()
    assert len(rows) == len(INDICATORS) * (1 + wards)
    assert {r["area"] for r in rows} == {
        f"{demo.name} locality",
        *demo.wards.values_list("name", flat=True),
    }
    assert all(r["local_authority_value"] for r in rows)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.details == {"format": "csv", "view": "locality", "rows": len(rows)}
    assert event.object_repr == f"{demo.name} locality"


def test_the_downloads_quote_a_formula_like_name_so_a_spreadsheet_will_not_run_it(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    formula = '=HYPERLINK("http://example.com","Click")'
    hidden_formula = " \n=1+1"  # a spreadsheet skips the space and line break and runs it
    first, second = Indicator.objects.order_by("name")[:2]
    Indicator.objects.filter(pk=first.pk).update(name=formula)
    Indicator.objects.filter(pk=second.pk).update(name=hidden_formula)
    Area.objects.filter(code="E06000045").update(name="+Southampton")
    client = client_for(Role.PRACTITIONER)

    profile = client.get(f"{PROFILE}?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(profile)))
    assert {f"'{formula}", f"'{hidden_formula}"} <= {r["indicator"] for r in rows}
    assert {r["area"] for r in rows} == {"'+Southampton"}

    locality = client.get(f"{locality_url(demo)}?format=csv")
    assert locality.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(locality.content.decode("utf-8-sig"))))
    assert {f"'{formula}", f"'{hidden_formula}"} <= {r["indicator"] for r in rows}
    # Figures are left as numbers, signed or not.
    assert all(not r["value"].startswith("'") for r in rows)


def test_the_localities_list_links_every_locality(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    page = client_for(Role.PRACTITIONER).get(LOCALITIES).content.decode()
    for locality in Locality.objects.all():
        assert f'href="{locality_url(locality)}"' in page


def test_the_number_of_queries_does_not_grow_with_the_wards(
    client_for: Callable[[str], Client], demo: Locality
) -> None:
    client = client_for(Role.AUDITOR)
    with CaptureQueriesContext(connection) as profile_queries:
        client.get(PROFILE)
    with CaptureQueriesContext(connection) as locality_queries:
        client.get(locality_url(demo))
    # A fixed number for the page, and a few per indicator: none per ward or area.
    assert len(profile_queries) <= 15 + len(INDICATORS)
    assert len(locality_queries) <= 15 + 3 * len(INDICATORS)
