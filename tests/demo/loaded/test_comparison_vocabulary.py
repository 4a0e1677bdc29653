"""Comparisons read the same way on every page (issue 15): walking every page, download and API
answer that shows an outcome comparison on the demo partnership, as every role that may see it,
each comparison is in the one vocabulary ("Better than England", "Similar to England", "Worse
than England", "Higher than" or "Lower than" for no judgement, "Not compared: <reason>"; a ward
or locality against its local authority, "Worse than Southampton"), never "Best", "Worst" or
"(99.8% confidence)"; each page states its confidence level once; and every indicator's unit
appears where its values are shown."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.accounts.services import api_token_create
from childtrust.outcomes.models import Indicator
from childtrust.outcomes.units import value_unit
from childtrust.partnership.models import Locality
from childtrust.strategy.models import Measure, MeasureSource
from childtrust.strategy.selectors.board import meeting_latest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BENCHMARKS = r"(England|Southampton)"
ALLOWED = re.compile(
    rf"(Better|Worse|Higher|Lower) than {BENCHMARKS}|Similar to {BENCHMARKS}"
    r"|Not compared: \S[^<]*"
)
#: A text that starts as a comparison does: the words, alone or naming a benchmark.
CANDIDATE = re.compile(
    r">\s*((?:Best|Worst|Better|Worse|Higher|Lower|Similar|Not compared)\b[^<]*?)\s*<"
)
OLD_WORDS = re.compile(r">\s*(Best|Worst)\s*<|\(99\.8% confidence\)|\(99\.8%\)")
STATED = re.compile(r"\bat (?:95|99\.8)% confidence\b")


def comparisons_in(page: str) -> list[str]:
    """Every text on the page that reads as a comparison with a benchmark."""
    found = []
    for match in CANDIDATE.finditer(page):
        text = html.unescape(" ".join(match.group(1).split()))
        single = re.fullmatch(r"\w+", text) is not None
        if single or re.search(BENCHMARKS, text) or text.startswith("Not compared"):
            found.append(text)
    return found


def check_page(page: str, where: str, units: list[str]) -> list[str]:
    """The page's comparisons, after checking the vocabulary, the one statement of confidence,
    and that each unit appears."""
    comparisons = comparisons_in(page)
    wrong = [c for c in comparisons if not ALLOWED.fullmatch(c)]
    assert not wrong, f"{where}: comparisons outside the vocabulary: {wrong}"
    assert not OLD_WORDS.search(page), f"{where}: {OLD_WORDS.search(page)}"
    if comparisons:
        stated = STATED.findall(html.unescape(page))
        assert len(stated) == 1, f"{where}: the confidence is stated {len(stated)} times"
    text = html.unescape(page)
    missing = [unit for unit in units if unit not in text]
    assert not missing, f"{where}: units not shown: {missing}"
    return comparisons


def _units() -> dict[int, str]:
    return {indicator.pk: value_unit(indicator) for indicator in Indicator.objects.all()}


ROLES = list(Role)


def _pages() -> Iterator[tuple[str, list[str]]]:
    """Every page that shows an outcome comparison, with the units it must show."""
    units = _units()
    every = sorted(u for u in set(units.values()) if u)
    for indicator in Indicator.objects.order_by("pk"):
        url = reverse("outcomes:indicator", args=[indicator.pk])
        shown = [units[indicator.pk]] if units[indicator.pk] else []
        yield url, shown
        yield f"{url}?funnel=localities", shown
    yield reverse("outcomes:profile"), every
    for locality in Locality.objects.order_by("name"):
        yield reverse("outcomes:locality", args=[locality.slug]), []
    yield reverse("partnership:framework"), []
    yield "/", []
    for measure in Measure.objects.filter(source=MeasureSource.INDICATOR).order_by("pk"):
        yield reverse("strategy:measure", args=[measure.pk]), []
    meeting = meeting_latest()
    if meeting is not None:
        yield reverse("strategy:board_pack", args=[meeting.pk]), []


@pytest.mark.parametrize("role", ROLES)
def test_every_page_with_a_comparison_speaks_the_one_vocabulary(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    seen = 0
    for url, units in _pages():
        response = client.get(url)
        if response.status_code in (302, 403):
            continue  # a page this role may not see
        assert response.status_code == 200, url
        seen += len(check_page(response.content.decode(), f"{role} {url}", units))
    assert seen, f"{role} saw no comparison at all"


def test_the_locality_pages_compare_with_the_local_authority_and_show_each_unit(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.PRACTITIONER)
    units = _units()
    for locality in Locality.objects.order_by("name"):
        page = client.get(reverse("outcomes:locality", args=[locality.slug])).content.decode()
        comparisons = check_page(page, locality.name, [])
        assert comparisons
        assert all("England" not in c for c in comparisons), comparisons
        assert "Compared with Southampton at 95% confidence." in page
        for indicator in Indicator.objects.all():
            if indicator.name.replace("'", "&#x27;") in page and units[indicator.pk]:
                assert units[indicator.pk] in html.unescape(page), indicator.name


def test_the_home_count_of_indicators_worse_than_england_is_the_profiles(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    profile = client.get(reverse("outcomes:profile")).content.decode()
    worse = profile.count(">Worse than England</strong>")
    home = html.unescape(client.get("/").content.decode())
    words = "indicator worse than England" if worse == 1 else "indicators worse than England"
    assert re.search(rf"\b{worse}\s+{words}", home), (worse, words)


def _csv(response: object) -> list[list[str]]:
    content = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(content)))


def test_every_download_speaks_the_one_vocabulary_and_names_units(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.AUDITOR)
    units = _units()
    for indicator in Indicator.objects.all():
        rows = _csv(client.get(reverse("outcomes:indicator_csv", args=[indicator.pk])))
        header = rows[0]
        assert f"Value ({units[indicator.pk]})" in header, header
        assert "Comparison at 95% confidence" in header
        column = header.index("Comparison at 95% confidence")
        words = {row[column] for row in rows[1:]}
        assert all(ALLOWED.fullmatch(w) for w in words), words
    rows = _csv(client.get(reverse("outcomes:profile") + "?format=csv"))
    header = rows[0]
    assert {row[header.index("unit")] for row in rows[1:]} == set(units.values())
    assert all(ALLOWED.fullmatch(row[header.index("compared_with_england")]) for row in rows[1:])
    assert {row[header.index("confidence")] for row in rows[1:]} == {"95%"}
    locality = Locality.objects.order_by("name").first()
    assert locality is not None
    rows = _csv(client.get(reverse("outcomes:locality", args=[locality.slug]) + "?format=csv"))
    header = rows[0]
    column = header.index("compared_with_local_authority")
    assert all(ALLOWED.fullmatch(row[column]) for row in rows[1:])
    assert all(row[header.index("unit")] for row in rows[1:])


def test_the_api_speaks_the_one_vocabulary_and_gives_each_unit() -> None:
    _, token = api_token_create(user=UserFactory(role=Role.PRACTITIONER), name="vocabulary")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    units = _units()
    indicators = client.get("/api/v1/indicators").json()["items"]
    assert {i["id"]: i["unit"] for i in indicators} == units
    for indicator in indicators:
        rows = client.get(f"/api/v1/indicators/{indicator['id']}/comparisons?page_size=100")
        for row in rows.json()["items"]:
            assert ALLOWED.fullmatch(row["comparison"]), row["comparison"]
            assert row["judgement"] not in ("best", "worst")
            assert row["confidence"] == "95%"
    profile = client.get("/api/v1/areas/E06000045/profile").json()["items"]
    assert profile
    assert all(ALLOWED.fullmatch(row["comparison"]["comparison"]) for row in profile)
