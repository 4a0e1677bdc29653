"""Loading the national statistics (workforce_statistics_load): one figure per year, area and
column; symbols kept as symbols; a published rate its counts do not give kept and flagged; all
or nothing with every bad line reported; the same file twice changes nothing; a newer file
updates; one audit event per load; only a workforce manager with no remit may load."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.workforce.models import GeographicLevel, StatisticSymbol, WorkforceStatistic
from tests.factories import AgencyFactory, UserFactory
from tests.workforce.factories import WorkforceRemitFactory
from tests.workforce.statistics_rows import authority, load, national, regional

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> User:
    user: User = UserFactory(role=Role.WORKFORCE_MANAGER)
    return user


def _figure(code: str, measure: str, year: int = 2024) -> WorkforceStatistic:
    return WorkforceStatistic.objects.get(area_code=code, measure=measure, year=year)


def _load_events() -> int:
    return AuditEvent.objects.filter(object_type="workforce.workforcestatistic").count()


def test_each_year_area_and_column_is_kept_once(manager: User) -> None:
    report = load(manager, [national(), regional(), authority(), authority(year=2023)])

    assert report.ok, report.problems
    assert WorkforceStatistic.objects.count() == 4 * 16
    assert (report.created, report.changed, report.unchanged) == (64, 0, 0)
    leavers = _figure("E06000045", "leavers_fte")
    assert (leavers.value, leavers.symbol, leavers.geographic_level) == (
        16.0,
        "",
        GeographicLevel.LOCAL_AUTHORITY,
    )
    assert (leavers.area_name, leavers.old_la_code, leavers.created_by) == (
        "Southampton",
        "852",
        manager,
    )
    assert _figure("E92000001", "cases").area_name == "England"
    assert report.summary().startswith(
        "Loaded 4 rows of national workforce statistics for 2023 to 2024 (3 areas) from "
        "csww.csv: figures 64 new, 0 changed, 0 unchanged."
    )


@pytest.mark.parametrize(
    "symbol", ["c", "u", "x", "z", "low"], ids=["suppressed", "u", "x", "z", "low"]
)
def test_a_symbol_is_kept_as_that_symbol_never_as_zero(manager: User, symbol: str) -> None:
    # A symbol among a rate's counts: the rate is not worked out, so nothing is flagged.
    report = load(manager, [authority(agency_cover_fte=symbol, vacancy_agency_cover_rate_fte="z")])

    assert report.ok
    cover = _figure("E06000045", "agency_cover_fte")
    assert (cover.value, cover.symbol, cover.differs) == (None, StatisticSymbol(symbol), False)
    assert _figure("E06000045", "vacancy_agency_cover_rate_fte").symbol == "z"
    assert not report.differences


def test_a_published_rate_its_counts_do_not_give_is_kept_flagged_and_reported(
    manager: User,
) -> None:
    # leavers 16.0 / in post 100.0 x 100 = 16.0, published 15.8: 0.2 apart, past the 0.1.
    report = load(manager, [national(), authority(turnover_rate_fte="15.8")])

    assert report.ok
    turnover = _figure("E06000045", "turnover_rate_fte")
    assert (turnover.value, turnover.differs) == (15.8, True)
    assert turnover.recomputed == pytest.approx(16.0)
    assert [str(d) for d in report.differences] == [
        "Line 3 (Southampton, 2024): turnover_rate_fte is 15.8 in the file, but "
        "leavers_fte / inpost_fte x 100 gives 16.0; the published figure is kept and flagged"
    ]
    assert "1 published rate differs from its counts by more than the file's rounding (0.1)" in (
        report.summary()
    )
    england = _figure("E92000001", "turnover_rate_fte")
    assert (england.differs, england.recomputed) == (False, None)


def test_a_rate_exactly_0_1_from_its_counts_is_not_flagged(manager: User) -> None:
    report = load(manager, [authority(turnover_rate_fte="15.9", caseload_fte="16.1")])

    assert report.ok
    assert not report.differences
    assert not WorkforceStatistic.objects.filter(differs=True).exists()


def test_bad_lines_are_all_reported_and_nothing_is_written(manager: User) -> None:
    rows = [
        national(),
        authority(inpost_fte="12,5"),
        {**authority(code="E06000044", name="Portsmouth"), "geographic_level": "County"},
        {**authority(code="E06000043", name="Brighton and Hove"), "new_la_code": ""},
        regional(),
    ]

    report = load(manager, rows)

    assert not report.ok
    assert [(p.line, p.reason.split(":")[0]) for p in report.problems] == [
        (
            3,
            'inpost_fte is "12,5", which is neither a number nor one of the symbols c, u, x, z '
            "and low",
        ),
        (4, 'geographic_level is "County"'),
        (5, "new_la_code is empty"),
    ]
    assert not WorkforceStatistic.objects.exists()
    assert _load_events() == 0
    assert report.problems_sentence().startswith("The file csww.csv has 3 problems. Nothing was")


def test_loading_the_same_file_twice_changes_nothing(manager: User) -> None:
    rows = [national(), regional(), authority(turnover_rate_fte="15.8", cases="c")]
    load(manager, rows)
    before = list(WorkforceStatistic.objects.order_by("pk").values_list("pk", "modified_at"))

    again = load(manager, rows)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 48)
    after = list(WorkforceStatistic.objects.order_by("pk").values_list("pk", "modified_at"))
    assert after == before
    assert _load_events() == 2, "one audit event for each load"


def test_a_newer_file_updates_the_figures_it_revises_and_keeps_the_others(manager: User) -> None:
    load(manager, [authority(year=2023), authority(leavers_fte="16.0")])
    other = UserFactory(role=Role.WORKFORCE_MANAGER)

    report = load(other, [authority(leavers_fte="c", turnover_rate_fte="c", name="City of X")])

    assert (report.created, report.changed, report.unchanged) == (0, 16, 0)
    leavers = _figure("E06000045", "leavers_fte")
    assert (leavers.value, leavers.symbol, leavers.modified_by) == (None, "c", other)
    assert _figure("E06000045", "leavers_fte", 2023).value == 16.0, "2023 is left as it was"
    assert _figure("E06000045", "inpost_fte").area_name == "City of X"


def test_one_audit_event_per_load_with_its_counts_and_flagged_lines(manager: User) -> None:
    load(manager, [national(), authority(turnover_rate_fte="15.8")])

    (event,) = AuditEvent.objects.filter(object_type="workforce.workforcestatistic")
    assert event.actor_id == manager.pk
    assert event.details["created"] == 32
    assert event.details["years"] == [2024]
    assert event.details["flagged"] == 1
    assert event.details["flagged_lines"][0]["column"] == "turnover_rate_fte"


def test_progress_is_told_while_checking_and_writing(manager: User) -> None:
    stages: list[tuple[str, int]] = []

    load(
        manager,
        [national(), authority()],
        progress=lambda stage, rows: stages.append((stage, rows)),
    )

    assert stages == [("checking", 2), ("writing", 2), ("written", 2)]


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.AUDITOR, Role.PARTNERSHIP_ADMIN])
def test_workforce_statistics_load_refuses_those_who_do_not_manage_the_whole_workforce(
    role: str,
) -> None:
    with pytest.raises(PermissionDenied, match="load the national workforce statistics"):
        load(UserFactory(role=role), [authority()])
    assert not WorkforceStatistic.objects.exists()


def test_workforce_statistics_load_refuses_a_workforce_manager_limited_to_one_agency(
    manager: User,
) -> None:
    WorkforceRemitFactory(user=manager, agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        load(manager, [authority()])
    assert not WorkforceStatistic.objects.exists()
