"""The board pack's section 6, the workforce: the whole partnership's social workers' measures at
the latest census beside England's latest published figures (or alone, saying England's are not
loaded), and the restructures in consultation with what the law asks of each, naming no one
they affect. Read from the section's data and the printable page; the PDF's one check is in
test_board_pack_pdf.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.strategy import access
from childtrust.strategy.board_pack.context import PackContext
from childtrust.strategy.board_pack.workforce import (
    NOT_CALCULATED,
    WorkforceSection,
    workforce_section,
)
from childtrust.workforce.definitions import census_date
from childtrust.workforce.models import (
    GeographicLevel,
    LeavingReason,
    RestructureStatus,
    StatisticSymbol,
)
from tests.strategy.factories_board import BoardMeetingFactory
from tests.workforce.factories import (
    AffectedPersonFactory,
    AgencyCoverFactory,
    HoldingFactory,
    PostFactory,
    RestructureFactory,
    WorkforceStatisticFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def section(today: datetime.date = TODAY) -> WorkforceSection:
    context = PackContext(
        meeting=BoardMeetingFactory(),
        plan=None,
        today=today,
        reader=access.board_pack_reader(),
    )
    return workforce_section(context)


def latest_census_year() -> int:
    today = timezone.localdate()
    return today.year if today >= census_date(today.year) else today.year - 1


def establishment() -> None:
    """Four social worker posts on the latest census day: 3.0 FTE in post (one half time
    leaver replaced in the year), 1.0 vacant and covered by an agency worker, 0.5 FTE left in
    the year. Turnover 0.5 / 3.0 = 16.7%; vacancy 1.0 / 4.0 = 25.0%; agency 1.0 / 4.0 = 25.0%;
    agency cover of vacancies 100.0%; no caseloads counted, so no caseload."""
    year = latest_census_year()
    first = PostFactory()
    posts = [first, *(PostFactory(agency=first.agency, team=first.team) for _ in range(3))]
    HoldingFactory(post=posts[0])
    HoldingFactory(post=posts[1])
    HoldingFactory(post=posts[2], starts_on=datetime.date(year, 7, 1))
    HoldingFactory(
        post=posts[2],
        fte=Decimal("0.50"),
        ends_on=datetime.date(year, 3, 31),
        leaving_reason=LeavingReason.RESIGNATION,
    )
    AgencyCoverFactory(post=posts[3])


def england(year: int = 2025) -> None:
    for measure, value in (("turnover_rate_fte", 17.1), ("vacancy_rate_fte", 20.4)):
        WorkforceStatisticFactory(year=year, measure=measure, value=value)
    WorkforceStatisticFactory(
        year=year, measure="caseload_fte", value=None, symbol=StatisticSymbol.SUPPRESSED
    )
    # An older year and a local authority's figure are not England's latest.
    WorkforceStatisticFactory(year=year - 1, measure="turnover_rate_fte", value=15.0)
    WorkforceStatisticFactory(
        year=year + 1,
        measure="turnover_rate_fte",
        value=40.0,
        geographic_level=GeographicLevel.LOCAL_AUTHORITY,
        area_code="E06000045",
        area_name="Southampton",
    )


def by_measure(found: WorkforceSection) -> dict[str, tuple[str, str]]:
    return {line.measure: (line.partnership, line.england) for line in found.lines}


def test_the_partnerships_measures_beside_englands_latest_published_figures() -> None:
    establishment()
    england()

    found = section()

    assert found.census_day == census_date(latest_census_year())
    assert found.england_year == 2025
    figures = by_measure(found)
    assert figures["Turnover rate"] == ("16.7%", "17.1%")
    assert figures["Vacancy rate"] == ("25.0%", "20.4%")
    assert figures["Agency worker rate"] == ("25.0%", "no figure")
    assert figures["Agency cover of vacancies"] == ("100.0%", "no figure")
    assert figures["Average caseload"] == (NOT_CALCULATED, "suppressed")
    assert [line.better for line in found.lines][:2] == ["Lower is better", "Lower is better"]


def test_without_englands_figures_the_partnerships_are_shown_alone() -> None:
    establishment()

    found = section()

    assert found.england_loaded is False
    assert by_measure(found)["Turnover rate"] == ("16.7%", "")


def test_with_nothing_held_the_section_says_so() -> None:
    found = section()

    assert (found.census_day, found.england_year, found.in_consultation) == (None, None, [])
    assert {line.partnership for line in found.lines} == {""}


def test_the_restructures_in_consultation_with_their_legal_dates() -> None:
    """25 redundancies at one establishment: the collective duty applies (30 days).
    Consultation began on 2 November 2026 and HR1 was sent the same day: the first dismissal
    may take effect on 2 December 2026 at the earliest; planned for 20 November, 12 days too
    early. A proposed restructure is not yet in consultation, and is left out."""
    consulting = RestructureFactory(
        title="Family hubs restructure",
        status=RestructureStatus.CONSULTATION,
        proposed_redundancies=25,
        consultation_starts_on=datetime.date(2026, 11, 2),
        consultation_ends_on=datetime.date(2027, 1, 15),
        hr1_notified_on=datetime.date(2026, 11, 2),
        first_dismissal_on=datetime.date(2026, 11, 20),
    )
    AffectedPersonFactory.create_batch(2, restructure=consulting)
    RestructureFactory(title="Still a proposal", status=RestructureStatus.PROPOSED)

    (line,) = section().in_consultation

    assert (line.title, line.agency) == ("Family hubs restructure", consulting.agency.name)
    assert (line.people, line.redundancies) == (2, 25)
    assert line.consultation == "From 2 November 2026 to 15 January 2027"
    assert line.planned_first_dismissal == "20 November 2026"
    assert line.duty.startswith("The collective duty applies")
    assert "2 December 2026 at the earliest" in line.earliest
    assert "by 21 October 2026" in line.hr1
    assert "12 days earlier than the law allows" in line.warning


def test_the_printable_page_shows_the_section_naming_no_one_affected(
    client_for: Callable[[str], Client],
) -> None:
    establishment()
    restructure = RestructureFactory(
        title="Family hubs restructure",
        status=RestructureStatus.CONSULTATION,
        proposed_redundancies=3,
    )
    affected = AffectedPersonFactory(restructure=restructure)
    meeting = BoardMeetingFactory()

    html = (
        client_for(Role.STRATEGIC_LEAD)
        .get(reverse("strategy:board_pack", args=[meeting.pk]))
        .content.decode()
    )

    section_html = html[html.index('id="section-workforce"') : html.index('id="section-change"')]
    assert "16.7%" in section_html
    assert "England&#x27;s published figures are not loaded" in section_html or (
        "England's published figures are not loaded" in section_html
    )
    assert "Family hubs restructure" in section_html
    assert "The collective duty does not apply" in section_html
    assert "Not yet begun" in section_html
    assert str(affected.staff) not in html
    assert affected.proposal not in html
