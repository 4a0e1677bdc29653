"""The workforce measures engine: each of the seven national measures against one small
establishment worked out by hand, the edges of the census year, grouping by agency, team and
locality, the whole workforce, and the years held.

The establishment (census year 2024: 1 October 2023 to 30 September 2024; census day
30 September 2024), all in agency A:

  post FTE team locality        holder                                  agency cover
  P1   1.0 T1   L1 (T1's)       s1 1.0 since 2018                        -
  P2   1.0 T1   L1 (T1's)       s2 0.6 since 2018                        0.4 covering vacancy
  P3   1.0 T1   L1 (T1's)       s3 1.0 left 31 March 2024 (resignation)  0.5 additional
  P4   0.5 T2   L2 (the post's) s4 0.5 joined 15 January 2024            -
  P5   1.0 T2   none            s5 1.0 left 30 September 2024 (retired)  -
  P8   1.0 T1   L1 (T1's)       s8 0.8 joined 1 February 2024            -
  (P8 is a health visitor's post, not a social worker's)

Social workers, by hand:
  in post    s1 1.0 + s2 0.6 + s4 0.5 + s5 1.0 (ends on the census day: still in post) = 3.1 FTE,
             4 people
  vacant     P2 1.0 - 0.6 = 0.4; P3 1.0 - 0 = 1.0; the others full           = 1.4 FTE
  agency     0.4 + 0.5 = 0.9 FTE; covering vacancies 0.4 FTE
  leavers    s3 1.0 + s5 1.0 = 2.0 FTE (2 people); starters s4 0.5 FTE (1 person)
  caseloads  (latest count 1 July to 30 September 2024: 92 days)
             s1: 25 on 1 August, 20 on 30 September -> 20
             s2: 30 on 30 June (outside the window), 9 on 1 July -> 9
             s4: 0 on 30 September -> not a case holder
             s5: 14 on 30 June only -> not counted
             cases 29, case holders' FTE 1.0 + 0.6 = 1.6
  absence    s1 10 days from 1 October 2023 (the year's first day): counted
             s2 5 days from 30 September 2023 (the year before): not counted
             s3 6 days from 1 February 2024 (held P3 then, though gone by the census): counted
             s4 3 days from 10 January 2024 (before joining): not counted
             s8 4 days (no social worker post): not counted
             = 16 days

  turnover                  2.0 / 3.1 x 100             = 64.516...%
  vacancy                   1.4 / (1.4 + 3.1) x 100     = 31.111...%
  agency worker rate        0.9 / (0.9 + 3.1) x 100     = 22.5%
  agency cover of vacancies 0.4 / 1.4 x 100             = 28.571...%
  agency covering vacancies 0.4 / 0.9 x 100             = 44.444...%
  caseload                  29 / 1.6                    = 18.125 cases per FTE
  absence                   16 / (3.1 x 253) x 100      = 16 / 784.3 x 100 = 2.04004...%
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from childtrust.workforce.definitions import WorkforceMeasure
from childtrust.workforce.models import CoverReason, LeavingReason
from childtrust.workforce.selectors import measures
from tests.factories import AgencyFactory, LocalityFactory, StaffMemberFactory, TeamFactory
from tests.workforce import factories as wf

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2024


@pytest.fixture
def place() -> dict[str, object]:
    """The establishment above."""
    agency = AgencyFactory(name="Agency A")
    l1 = LocalityFactory(name="North")
    l2 = LocalityFactory(name="South")
    t1 = TeamFactory(name="Team One", agency=agency, locality=l1)
    t2 = TeamFactory(name="Team Two", agency=agency)

    def post(fte: str, team: object, locality: object = None, **kw: object) -> object:
        return wf.PostFactory(agency=agency, team=team, locality=locality, fte=Decimal(fte), **kw)

    def person() -> object:
        return StaffMemberFactory(agency=agency)

    p1, p2, p3 = post("1.00", t1), post("1.00", t1), post("1.00", t1)
    p4, p5 = post("0.50", t2, l2), post("1.00", t2)
    p8 = wf.OtherPostFactory(agency=agency, team=t1, fte=Decimal("1.00"))
    s = {n: person() for n in (1, 2, 3, 4, 5, 8)}
    wf.HoldingFactory(post=p1, staff=s[1], starts_on=D(2018, 1, 8))
    wf.HoldingFactory(post=p2, staff=s[2], fte=Decimal("0.60"), starts_on=D(2018, 1, 8))
    wf.HoldingFactory(
        post=p3,
        staff=s[3],
        starts_on=D(2019, 5, 1),
        ends_on=D(2024, 3, 31),
        leaving_reason=LeavingReason.RESIGNATION,
    )
    wf.HoldingFactory(post=p4, staff=s[4], fte=Decimal("0.50"), starts_on=D(2024, 1, 15))
    wf.HoldingFactory(
        post=p5,
        staff=s[5],
        starts_on=D(2010, 9, 1),
        joined_agency=False,
        ends_on=D(2024, 9, 30),
        leaving_reason=LeavingReason.RETIREMENT,
    )
    wf.HoldingFactory(post=p8, staff=s[8], fte=Decimal("0.80"), starts_on=D(2024, 2, 1))
    wf.AgencyCoverFactory(post=p2, fte=Decimal("0.40"), starts_on=D(2024, 4, 1))
    wf.AgencyCoverFactory(
        post=p3, fte=Decimal("0.50"), reason=CoverReason.ADDITIONAL, starts_on=D(2024, 4, 1)
    )
    for who, day, cases in (
        (1, D(2024, 8, 1), 25), (1, D(2024, 9, 30), 20), (2, D(2024, 6, 30), 30),
        (2, D(2024, 7, 1), 9), (4, D(2024, 9, 30), 0), (5, D(2024, 6, 30), 14),
    ):  # fmt: skip
        wf.CaseloadFactory(staff=s[who], counted_on=day, cases=cases)
    for who, day, days in (
        (1, D(2023, 10, 1), "10"), (2, D(2023, 9, 30), "5"), (3, D(2024, 2, 1), "6"),
        (4, D(2024, 1, 10), "3"), (8, D(2024, 3, 1), "4"),
    ):  # fmt: skip
        wf.SicknessAbsenceFactory(
            staff=s[who], starts_on=day, ends_on=day, working_days_lost=Decimal(days)
        )
    return {"agency": agency, "t1": t1, "t2": t2, "l1": l1, "l2": l2}


def whole(year: int = YEAR) -> measures.Counts:
    return measures.social_work_figures(year)["partnership"][0].counts


def test_the_counts_behind_the_measures(place: dict[str, object]) -> None:
    counts = whole()
    assert counts.inpost_fte == pytest.approx(3.1)
    assert counts.inpost_headcount == 4
    assert counts.vacancy_fte == pytest.approx(1.4)
    assert counts.agency_fte == pytest.approx(0.9)
    assert counts.agency_cover_fte == pytest.approx(0.4)
    assert (counts.leavers_fte, counts.leavers_headcount) == (pytest.approx(2.0), 2)
    assert (counts.starters_fte, counts.starters_headcount) == (pytest.approx(0.5), 1)
    assert counts.cases == 29
    assert counts.case_holders_fte == pytest.approx(1.6)
    assert counts.working_days_lost == 16


def test_turnover_rate_is_leavers_fte_over_fte_in_post_on_30_september(place: object) -> None:
    assert whole().value(WorkforceMeasure.TURNOVER_RATE) == pytest.approx(2.0 / 3.1 * 100)


def test_vacancy_rate_is_vacant_over_vacant_and_in_post(place: object) -> None:
    assert whole().value(WorkforceMeasure.VACANCY_RATE) == pytest.approx(1.4 / 4.5 * 100)


def test_agency_rate_is_agency_over_agency_and_in_post(place: object) -> None:
    assert whole().value(WorkforceMeasure.AGENCY_RATE) == pytest.approx(22.5)


def test_agency_cover_of_vacancies_is_covering_agency_fte_over_vacant_fte(place: object) -> None:
    assert whole().value(WorkforceMeasure.VACANCY_AGENCY_COVER) == pytest.approx(0.4 / 1.4 * 100)


def test_share_of_agency_workers_covering_vacancies(place: object) -> None:
    assert whole().value(WorkforceMeasure.AGENCY_COVERING_VACANCIES) == pytest.approx(
        0.4 / 0.9 * 100
    )


def test_caseload_is_cases_over_fte_of_case_holders(place: object) -> None:
    assert whole().value(WorkforceMeasure.CASELOAD) == pytest.approx(18.125)


def test_absence_rate_is_days_lost_over_fte_in_post_times_253(place: object) -> None:
    assert whole().value(WorkforceMeasure.ABSENCE_RATE) == pytest.approx(16 / (3.1 * 253) * 100)
    assert whole().value("absence_rate") == pytest.approx(2.04004, abs=1e-5)


def test_by_team_and_locality_each_post_in_its_own_group(place: dict[str, object]) -> None:
    """Team One (P1-P3): in post 1.6, vacant 1.4, agency 0.9 (0.4 covering), 1 leaver (s3),
    cases 29 on 1.6 FTE, 16 days lost. Team Two (P4, P5): in post 1.5, 1 leaver (s5), 1 starter.
    Localities: North (Team One's) = Team One; South (P4's own) in post 0.5; P5 has none."""
    figures = measures.social_work_figures(YEAR)
    teams = {g.label: g.counts for g in figures["team"]}
    assert set(teams) == {"Team One", "Team Two"}
    one, two = teams["Team One"], teams["Team Two"]
    assert (one.inpost_fte, one.vacancy_fte, one.agency_fte) == pytest.approx((1.6, 1.4, 0.9))
    assert (one.leavers_fte, one.cases, one.working_days_lost) == pytest.approx((1.0, 29, 16))
    assert one.value(WorkforceMeasure.TURNOVER_RATE) == pytest.approx(62.5)  # 1.0 / 1.6
    assert (two.inpost_fte, two.leavers_fte, two.starters_fte) == pytest.approx((1.5, 1.0, 0.5))
    assert two.vacancy_fte == 0
    assert two.value(WorkforceMeasure.VACANCY_AGENCY_COVER) is None  # no vacancies
    assert two.value(WorkforceMeasure.CASELOAD) is None  # no case holders
    localities = [(g.key, g.label, g.counts.inpost_fte) for g in figures["locality"]]
    l1, l2 = place["l1"], place["l2"]
    assert localities == [
        (l1.pk, "North", pytest.approx(1.6)),  # type: ignore[attr-defined]
        (l2.pk, "South", 0.5),  # type: ignore[attr-defined]
        (None, "No locality", 1.0),
    ]
    agencies = figures["agency"]
    assert [(g.kind, g.label) for g in agencies] == [("agency", "Agency A")]
    assert agencies[0].counts == figures["partnership"][0].counts


def test_agencies_apart_and_the_partnership_together(place: object) -> None:
    """Agency B: one 1.0 post, never held: vacant 1.0, in post 0. Its turnover cannot be
    calculated (None, not 0); its vacancy rate is 1.0 / (1.0 + 0) = 100%. The partnership's
    vacancy becomes (1.4 + 1.0) / (2.4 + 3.1) = 43.6...%."""
    b = AgencyFactory(name="Agency B")
    wf.PostFactory(agency=b, team=TeamFactory(agency=b), fte=Decimal("1.00"))
    figures = measures.social_work_figures(YEAR)
    by_label = {g.label: g for g in figures["agency"]}
    assert by_label["Agency B"].value(WorkforceMeasure.TURNOVER_RATE) is None
    assert by_label["Agency B"].value(WorkforceMeasure.VACANCY_RATE) == 100
    assert by_label["Agency A"].value(WorkforceMeasure.VACANCY_RATE) == pytest.approx(
        1.4 / 4.5 * 100
    )
    assert figures["partnership"][0].value(WorkforceMeasure.VACANCY_RATE) == pytest.approx(
        2.4 / 5.5 * 100
    )


def test_whole_workforce_counts_every_post(place: object) -> None:
    """Adding the health visitor post P8 (s8 0.8, joined 1 February 2024): in post 3.9 FTE,
    5 people; starters s4 0.5 + s8 0.8 = 1.3 FTE, 2 people; leavers 2.0; vacant 1.4 + 0.2."""
    rows = measures.whole_workforce_figures(YEAR)
    assert [(r.kind, r.label) for r in rows] == [
        ("partnership", "Whole partnership"),
        ("agency", "Agency A"),
    ]
    counts = rows[1].counts
    assert (counts.inpost_fte, counts.inpost_headcount) == (pytest.approx(3.9), 5)
    assert (counts.starters_fte, counts.starters_headcount) == (pytest.approx(1.3), 2)
    assert (counts.leavers_fte, counts.leavers_headcount) == (pytest.approx(2.0), 2)
    assert counts.vacancy_fte == pytest.approx(1.6)
    assert rows[0].counts == counts


def test_the_year_before_reads_only_its_own_year(place: object) -> None:
    """Census 2023: s1, s2 (0.6), s3, s5 in post (4 people, 3.6 FTE); s4 not yet; the leaving
    of s3 and s5 and the cover from April 2024 fall later; s2's spell of 30 September 2023
    (5 days) is 2023's."""
    counts = whole(2023)
    assert (counts.inpost_fte, counts.inpost_headcount) == (pytest.approx(3.6), 4)
    assert counts.leavers_fte == 0
    assert counts.agency_fte == 0
    assert counts.vacancy_fte == pytest.approx(0.4 + 0.5)  # P2 partly vacant, P4 unheld
    assert counts.working_days_lost == 5


# --- The edges of the census year ---------------------------------------------------------------


def one_post(**holding: object) -> None:
    wf.HoldingFactory(post=wf.PostFactory(fte=Decimal("1.00")), **holding)


def test_a_holding_ending_on_30_september_is_in_post_and_a_leaver() -> None:
    one_post(starts_on=D(2020, 1, 1), ends_on=D(2024, 9, 30), leaving_reason="resignation")
    counts = whole()
    assert (counts.inpost_fte, counts.leavers_fte, counts.vacancy_fte) == (1.0, 1.0, 0)


def test_leaving_on_30_september_the_year_before_is_that_years_leaver() -> None:
    one_post(starts_on=D(2020, 1, 1), ends_on=D(2023, 9, 30), leaving_reason="resignation")
    assert whole(2024).leavers_fte == 0
    assert whole(2023).leavers_fte == 1.0


def test_leaving_on_1_october_is_a_leaver_in_the_year_it_begins_not_the_one_before() -> None:
    """1 October 2023 is the first day of census year 2024: a leaver in 2024, not in 2023 (in
    post on 30 September 2023), and not in 2025."""
    one_post(starts_on=D(2020, 1, 1), ends_on=D(2023, 10, 1), leaving_reason="resignation")
    assert whole(2024).leavers_fte == 1.0
    assert whole(2023).leavers_fte == 0
    assert whole(2023).inpost_fte == 1.0
    assert whole(2025).leavers_fte == 0


def test_a_move_within_the_agency_is_not_a_leaver_nor_a_starter() -> None:
    one_post(starts_on=D(2020, 1, 1), ends_on=D(2024, 3, 1), leaving_reason="")
    one_post(starts_on=D(2024, 3, 2), joined_agency=False)
    counts = whole()
    assert (counts.leavers_fte, counts.starters_fte, counts.inpost_fte) == (0, 0, 1.0)


def test_a_post_partly_vacant_and_one_over_held_is_never_below_zero() -> None:
    """P: 1.0 held 0.3 -> 0.7 vacant. Q: 0.5 held 0.5 + 0.5 (over held) -> 0, not -0.5."""
    one_post(fte=Decimal("0.30"))
    q = wf.PostFactory(fte=Decimal("0.50"))
    wf.HoldingFactory(post=q, fte=Decimal("0.50"))
    wf.HoldingFactory(post=q, fte=Decimal("0.50"))
    assert whole().vacancy_fte == pytest.approx(0.7)


def test_a_post_ended_before_the_census_is_not_vacant() -> None:
    wf.PostFactory(fte=Decimal("1.00"), ends_on=D(2024, 6, 30))
    assert whole().vacancy_fte == 0


def test_nobody_in_post_gives_no_rate_not_zero() -> None:
    wf.PostFactory()
    counts = whole()
    for measure in (
        WorkforceMeasure.TURNOVER_RATE,
        WorkforceMeasure.AGENCY_COVERING_VACANCIES,
        WorkforceMeasure.CASELOAD,
        WorkforceMeasure.ABSENCE_RATE,
    ):
        assert counts.value(measure) is None, measure
    assert counts.value(WorkforceMeasure.VACANCY_RATE) == 100
    assert measures.Counts().value(WorkforceMeasure.VACANCY_RATE) is None


def test_agency_cover_ending_the_day_before_the_census_is_not_counted() -> None:
    post = wf.PostFactory()
    wf.AgencyCoverFactory(post=post, starts_on=D(2024, 1, 1), ends_on=D(2024, 9, 29))
    wf.AgencyCoverFactory(
        post=post, fte=Decimal("0.50"), starts_on=D(2024, 1, 1), ends_on=D(2024, 9, 30)
    )
    assert whole().agency_fte == 0.5


def test_someone_in_two_posts_shares_cases_and_days_by_fte() -> None:
    """0.6 in team X's post and 0.4 in team Y's: 20 cases -> 12 and 8; 10 days -> 6 and 4.
    Counted once in the partnership's headcount."""
    staff = StaffMemberFactory()
    x = wf.PostFactory(agency=staff.agency, team=TeamFactory(name="X", agency=staff.agency))
    y = wf.PostFactory(agency=staff.agency, team=TeamFactory(name="Y", agency=staff.agency))
    wf.HoldingFactory(post=x, staff=staff, fte=Decimal("0.60"))
    wf.HoldingFactory(post=y, staff=staff, fte=Decimal("0.40"))
    wf.CaseloadFactory(staff=staff, counted_on=D(2024, 9, 30), cases=20)
    wf.SicknessAbsenceFactory(
        staff=staff, starts_on=D(2024, 5, 1), ends_on=D(2024, 5, 14), working_days_lost=10
    )
    figures = measures.social_work_figures(YEAR)
    teams = {g.label: g.counts for g in figures["team"]}
    assert (teams["X"].cases, teams["X"].working_days_lost) == pytest.approx((12, 6))
    assert (teams["Y"].cases, teams["Y"].working_days_lost) == pytest.approx((8, 4))
    assert teams["X"].value(WorkforceMeasure.CASELOAD) == pytest.approx(20)  # 12 / 0.6
    assert figures["partnership"][0].counts.inpost_headcount == 1


def test_a_post_without_a_team_is_grouped_as_not_in_a_team() -> None:
    wf.HoldingFactory(post=wf.PostFactory(team=None))
    teams = measures.social_work_figures(YEAR)["team"]
    assert [(g.key, g.label, g.counts.inpost_fte) for g in teams] == [(None, "Not in a team", 1.0)]


# --- Years --------------------------------------------------------------------------------------


def test_census_years_held_from_the_first_recorded_change_to_the_last_census_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nobody in post: no years. A holding since 2001 with no change recorded: the latest
    census year alone (today 29 September 2025, before its census: 2024). Agency cover from
    1 October 2021 (census year 2022): 2022 to 2024. On 30 September 2025: to 2025. A caseload
    counted in 1999, before anyone held a post: from the first holding's year, 2001."""
    assert measures.census_years_held() == []
    post = wf.PostFactory()
    wf.HoldingFactory(post=post, starts_on=D(2001, 3, 1))
    monkeypatch.setattr(measures.timezone, "localdate", lambda: D(2025, 9, 29))
    assert measures.census_years_held() == [2024]
    wf.AgencyCoverFactory(post=post, starts_on=D(2021, 10, 1))
    assert measures.census_years_held() == [2022, 2023, 2024]
    monkeypatch.setattr(measures.timezone, "localdate", lambda: D(2025, 9, 30))
    assert measures.census_years_held()[-1] == 2025
    wf.CaseloadFactory(counted_on=D(1999, 1, 1))
    assert measures.census_years_held()[0] == 2001


def test_partnership_measure_values_year_by_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1.0 post held from 1 October 2021 until 31 March 2024 (a leaver), with a caseload
    counted in December 2021 (so the years start in 2022): turnover 2022 and 2023
    0 / 1.0 = 0%; 2024 1.0 leaver / 0 in post: not calculated."""
    one_post(starts_on=D(2021, 10, 1), ends_on=D(2024, 3, 31), leaving_reason="resignation")
    wf.CaseloadFactory(counted_on=D(2021, 12, 1))
    monkeypatch.setattr(measures.timezone, "localdate", lambda: D(2024, 12, 1))
    assert measures.partnership_measure_values(WorkforceMeasure.TURNOVER_RATE) == [
        (2022, 0.0),
        (2023, 0.0),
        (2024, None),
    ]


def test_a_year_is_worked_out_in_a_few_queries(
    place: object, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        measures.social_work_figures(YEAR)
