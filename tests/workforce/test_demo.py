"""The demo partnership's workforce as `childtrust load_demo` leaves it: the establishment and
its social worker rates at the latest census, starters and leavers, absence and caseloads, the
published figures beside them, the two restructures and the workforce managers' accounts.

The demo is loaded once for this module, inside an outer transaction rolled back after its last
test (as tests/demo/loaded/ does for its package); each test runs in a savepoint within it."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.outcomes.indicator_page import partnership_area
from childtrust.partnership import models as p
from childtrust.voice.selectors.survey_results import (
    survey_minimum_group_size,
    survey_round_results,
)
from childtrust.workforce import models as w
from childtrust.workforce.access import workforce_remit_of
from childtrust.workforce.definitions import WorkforceMeasure, census_date
from childtrust.workforce.selectors.measures import (
    GroupFigures,
    census_years_held,
    social_work_figures,
)
from tests.demo.loaded.loading import LoadedDemo, load_through_the_command


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LoadedDemo]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            demo = load_through_the_command()
        yield demo
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _each_test_inside_the_loaded_demo(loaded: LoadedDemo, db: None) -> None:
    """Every test reads the loaded demo, in its own savepoint (pytest-django's `db`)."""


def _latest_census_year() -> int:
    today = timezone.localdate()
    return today.year if today >= census_date(today.year) else today.year - 1


def _council() -> p.Agency:
    return p.Agency.objects.get(slug="childrens-services")


def _between(value: float | None, low: float, high: float) -> bool:
    return value is not None and low <= value <= high


def _council_social_workers(year: int) -> GroupFigures:
    [figures] = [g for g in social_work_figures(year)["agency"] if g.key == _council().pk]
    return figures


# --- The social worker rates ----------------------------------------------------------------


def test_the_councils_social_worker_rates_are_near_the_national_ones_at_the_latest_census() -> None:
    figures = _council_social_workers(_latest_census_year())
    turnover = figures.value(WorkforceMeasure.TURNOVER_RATE)
    vacancy = figures.value(WorkforceMeasure.VACANCY_RATE)
    agency = figures.value(WorkforceMeasure.AGENCY_RATE)
    assert _between(turnover, 14, 18), turnover
    assert _between(vacancy, 17, 21), vacancy
    assert _between(agency, 16, 20), agency


def test_the_rates_worked_out_from_the_records_by_hand_agree() -> None:
    """The same three rates counted straight from the records, without the measures engine."""
    census = census_date(_latest_census_year())
    start = datetime.date(census.year - 1, 10, 1)
    posts = w.Post.objects.filter(agency=_council(), social_worker=True)
    live = posts.filter(starts_on__lte=census).exclude(ends_on__lt=census)
    holdings = w.Holding.objects.filter(post__in=posts)
    in_post = holdings.filter(starts_on__lte=census).exclude(ends_on__lt=census)
    held = Counter[int]()
    for holding in in_post:
        held[holding.post_id] += int(holding.fte * 100)
    inpost = sum(held.values()) / 100
    vacant = sum(max(int(post.fte * 100) - held[post.pk], 0) for post in live) / 100
    leavers = sum(
        h.fte
        for h in holdings.exclude(leaving_reason="").filter(ends_on__gte=start, ends_on__lte=census)
    )
    covers = w.AgencyCover.objects.filter(post__in=posts, starts_on__lte=census).exclude(
        ends_on__lt=census
    )
    agency = float(sum(cover.fte for cover in covers))
    figures = _council_social_workers(census.year)
    assert figures.counts.inpost_fte == pytest.approx(inpost)
    assert figures.counts.vacancy_fte == pytest.approx(vacant)
    assert figures.counts.leavers_fte == pytest.approx(float(leavers))
    assert figures.counts.agency_fte == pytest.approx(agency)
    assert 14 <= float(leavers) / inpost * 100 <= 18
    assert 17 <= vacant / (vacant + inpost) * 100 <= 21
    assert 16 <= agency / (agency + inpost) * 100 <= 20


def test_the_two_census_years_before_are_near_them_too() -> None:
    for year in (_latest_census_year() - 2, _latest_census_year() - 1):
        figures = _council_social_workers(year)
        for measure, (low, high) in {
            WorkforceMeasure.TURNOVER_RATE: (12, 20),
            WorkforceMeasure.VACANCY_RATE: (14, 23),
            WorkforceMeasure.AGENCY_RATE: (13, 22),
        }.items():
            value = figures.value(measure)
            assert _between(value, low, high), (year, measure, value)


def test_the_census_years_held_are_the_demos_three() -> None:
    """Nothing is recorded before them, so no year shows only those who stayed."""
    latest = _latest_census_year()
    assert census_years_held() == [latest - 2, latest - 1, latest]


def test_caseloads_and_absence_are_those_of_an_english_authority() -> None:
    for year in range(_latest_census_year() - 2, _latest_census_year() + 1):
        figures = _council_social_workers(year)
        caseload = figures.value(WorkforceMeasure.CASELOAD)
        absence = figures.value(WorkforceMeasure.ABSENCE_RATE)
        assert _between(caseload, 15, 19), (year, caseload)
        assert _between(absence, 1, 6), (year, absence)


# --- The establishment ------------------------------------------------------------------------


def test_everyone_in_post_holds_one_post_today_with_its_job_description() -> None:
    today = timezone.localdate()
    live = w.Holding.objects.filter(starts_on__lte=today).exclude(ends_on__lt=today)
    holders = Counter(live.values_list("staff_id", flat=True))
    in_post = set(p.StaffMember.objects.filter(is_active=True).values_list("pk", flat=True))
    assert set(holders) == in_post
    assert set(holders.values()) == {1}
    assert not w.Post.objects.filter(job_descriptions__isnull=True).exists()
    assert not w.JobDescription.objects.filter(version=1, text="").exists()


def test_posts_are_mostly_full_time_with_some_part_timers() -> None:
    ftes = Counter(w.Post.objects.values_list("fte", flat=True))
    part_time = sum(count for fte, count in ftes.items() if fte < 1)
    assert ftes[Decimal("1.00")] > 0.8 * sum(ftes.values())
    assert part_time >= 10
    assert {fte for fte in ftes if fte < 1} <= {
        Decimal("0.50"), Decimal("0.60"), Decimal("0.70"), Decimal("0.80")
    }  # fmt: skip


def test_posts_take_their_teams_locality_and_a_profession_from_their_title() -> None:
    for post in w.Post.objects.filter(team__kind=p.TeamKind.LOCALITY).select_related("team"):
        assert post.locality_id == post.team.locality_id
    professions = set(w.Post.objects.values_list("profession", flat=True))
    assert {
        w.Profession.SOCIAL_WORKER,
        w.Profession.HEALTH_VISITOR,
        w.Profession.FAMILY_SUPPORT,
        w.Profession.YOUTH_WORKER,
        w.Profession.POLICE,
        w.Profession.CAMHS,
    } <= professions
    social_workers = w.Post.objects.filter(social_worker=True)
    assert set(social_workers.values_list("agency__slug", flat=True)) == {"childrens-services"}
    assert set(social_workers.values_list("profession", flat=True)) == {
        w.Profession.SOCIAL_WORKER,
        w.Profession.SOCIAL_WORK_MANAGER,
    }


def test_three_census_years_of_starters_and_leavers_with_the_national_reasons() -> None:
    latest = _latest_census_year()
    leavers = w.Holding.objects.exclude(leaving_reason="")
    former = p.StaffMember.objects.filter(is_active=False)
    assert former.count() == leavers.count() >= 40
    assert set(leavers.values_list("staff_id", flat=True)) == set(
        former.values_list("pk", flat=True)
    )
    reasons = Counter(leavers.values_list("leaving_reason", flat=True))
    assert reasons.most_common(1)[0][0] == w.LeavingReason.RESIGNATION
    assert len(reasons) >= 4
    for year in (latest - 2, latest - 1, latest):
        start, census = datetime.date(year - 1, 10, 1), census_date(year)
        assert leavers.filter(ends_on__gte=start, ends_on__lte=census).exists(), year
        starters = w.Holding.objects.filter(
            joined_agency=True, starts_on__gte=start, starts_on__lte=census
        )
        assert starters.exists(), year


# --- Published figures ------------------------------------------------------------------------


def test_published_figures_for_england_the_region_the_city_and_three_comparators() -> None:
    latest = _latest_census_year()
    years = {latest - 2, latest - 1, latest}
    figures = w.WorkforceStatistic.objects.all()
    assert set(figures.values_list("year", flat=True)) == years
    area = partnership_area()
    assert area is not None
    codes = set(figures.values_list("area_code", flat=True))
    comparators = set(w.WorkforceComparator.objects.values_list("area_code", flat=True))
    assert len(comparators) == 3
    assert codes == {"E92000001", "E12000008", area.code} | comparators
    levels = dict(figures.values_list("area_code", "geographic_level").distinct())
    assert levels["E92000001"] == w.GeographicLevel.NATIONAL
    assert levels["E12000008"] == w.GeographicLevel.REGIONAL
    assert levels[area.code] == w.GeographicLevel.LOCAL_AUTHORITY
    symbols = set(figures.values_list("symbol", flat=True))
    assert {w.StatisticSymbol.SUPPRESSED, w.StatisticSymbol.UNAVAILABLE} <= symbols
    assert w.StatisticSymbol.ROUNDS_TO_ZERO in symbols
    assert not figures.filter(symbol="", value__isnull=True).exists()


def test_one_published_rate_disagrees_with_its_counts_and_is_flagged() -> None:
    [flagged] = w.WorkforceStatistic.objects.filter(differs=True)
    assert flagged.recomputed is not None
    assert flagged.value is not None
    assert abs(flagged.value - flagged.recomputed) > 0.1
    agreeing = w.WorkforceStatistic.objects.filter(recomputed__isnull=False, differs=False)
    assert agreeing.count() > 50
    assert all(abs((f.value or 0) - (f.recomputed or 0)) <= 0.1 for f in agreeing)


def test_the_citys_published_figures_are_the_councils_own() -> None:
    area = partnership_area()
    assert area is not None
    latest = _latest_census_year()
    published = dict(
        w.WorkforceStatistic.objects.filter(area_code=area.code, year=latest).values_list(
            "measure", "value"
        )
    )
    figures = _council_social_workers(latest)
    assert published["inpost_fte"] == round(figures.counts.inpost_fte, 1)
    vacancy = figures.value(WorkforceMeasure.VACANCY_RATE)
    assert vacancy is not None
    assert published["vacancy_rate_fte"] == pytest.approx(vacancy, abs=0.1)


# --- Restructures -----------------------------------------------------------------------------


def _in_consultation() -> w.Restructure:
    return w.Restructure.objects.get(status=w.RestructureStatus.CONSULTATION)


def test_the_restructure_in_consultation_proposes_enough_redundancies_for_the_collective_duty() -> (
    None
):
    restructure = _in_consultation()
    assert restructure.agency == _council()
    assert restructure.proposed_redundancies >= 20
    at_risk = restructure.affected_people.filter(at_risk=True)
    new_posts = restructure.post_changes.filter(kind=w.PostChangeKind.CREATE).count()
    assert at_risk.count() - new_posts == restructure.proposed_redundancies
    assert restructure.hr1_notified_on is not None
    assert restructure.consultation_starts_on is not None
    assert restructure.first_dismissal_on is not None
    assert restructure.hr1_notified_on <= restructure.consultation_starts_on
    assert (restructure.first_dismissal_on - restructure.consultation_starts_on).days >= 30
    assert restructure.pools.count() == 3
    assert not at_risk.filter(pool__isnull=True).exists()
    assert restructure.support_offered
    assert restructure.how_to_respond


def test_the_first_meetings_and_responses_one_of_them_answered() -> None:
    restructure = _in_consultation()
    meetings = w.ConsultationMeeting.objects.filter(affected__restructure=restructure)
    responses = w.ConsultationResponse.objects.filter(affected__restructure=restructure)
    assert meetings.count() >= 3
    assert responses.count() >= 3
    [answered] = responses.exclude(answer="")
    assert answered.answered_by is not None
    assert answered.answered_by.username == "workforce"
    assert meetings.filter(affected__staff__user__username="teammanager").exists()


def test_the_finished_restructure_moved_posts_from_several_agencies_into_locality_teams() -> None:
    restructure = w.Restructure.objects.get(status=w.RestructureStatus.FINISHED)
    assert restructure.title == "Three multi-agency locality teams"
    assert restructure.implemented_on == datetime.date(2008, 4, 1)
    changes = restructure.post_changes.select_related("post", "team")
    kinds = Counter(changes.values_list("kind", flat=True))
    assert kinds[w.PostChangeKind.DELETE]
    assert kinds[w.PostChangeKind.CREATE]
    assert kinds[w.PostChangeKind.CHANGE]
    moved = changes.filter(kind=w.PostChangeKind.CHANGE)
    assert len({change.post.agency_id for change in moved if change.post}) >= 3
    assert all(c.team and c.team.kind == p.TeamKind.LOCALITY for c in moved)
    outcomes = Counter(restructure.affected_people.values_list("outcome", flat=True))
    assert set(outcomes) == {w.AffectedOutcome.SLOTTED_IN}
    assert outcomes[w.AffectedOutcome.SLOTTED_IN] >= 20
    # No one's holding ended with it: the people stayed in their (moved) posts.
    assert not w.Holding.objects.filter(ends_on=datetime.date(2008, 3, 31)).exists()
    deleted = [c.post for c in changes.filter(kind=w.PostChangeKind.DELETE) if c.post]
    assert all(post.ends_on == datetime.date(2008, 3, 31) for post in deleted)
    moved_post = moved.first()
    assert moved_post is not None
    assert moved_post.post is not None
    assert moved_post.post.job_descriptions.count() == 2


def test_the_restructure_in_consultation_was_launched_with_its_message_and_survey_round() -> None:
    restructure = _in_consultation()
    assert restructure.launched_at is not None
    assert restructure.message is not None
    assert restructure.message.published_at is not None
    survey_round = restructure.survey_round
    assert survey_round is not None
    at_risk = set(restructure.affected_people.values_list("staff_id", flat=True))
    assert set(survey_round.invited_staff.values_list("pk", flat=True)) == at_risk
    assert survey_round.invited == len(at_risk)


def test_one_answer_to_the_launch_round_fewer_than_the_minimum_so_never_shown() -> None:
    survey_round = _in_consultation().survey_round
    assert survey_round is not None
    after_it_closes = survey_round.closes_on + datetime.timedelta(days=1)
    results = survey_round_results(survey_round, today=after_it_closes)
    assert results.responses == 1
    assert results.responses < survey_minimum_group_size()
    assert not results.overall_shown
    assert results.overall == ()


def test_one_audit_event_for_each_kind_of_workforce_record_the_demo_wrote() -> None:
    events = AuditEvent.objects.filter(object_type__startswith="workforce.", actor__isnull=True)
    kinds = Counter(events.values_list("object_type", flat=True))
    assert set(kinds.values()) == {1}
    posts = events.get(object_type="workforce.post")
    assert posts.details == {"count": w.Post.objects.count(), "source": "demo data"}


# --- Accounts ---------------------------------------------------------------------------------


def test_the_workforce_managers_accounts_and_the_hr_leads_remit() -> None:
    manager = User.objects.select_related("staff_member__agency").get(username="workforce")
    hr_lead = User.objects.select_related("staff_member__agency").get(username="hrlead")
    assert manager.role == hr_lead.role == Role.WORKFORCE_MANAGER
    assert workforce_remit_of(manager) is None
    remit = workforce_remit_of(hr_lead)
    assert remit is not None
    assert remit.slug == "community-health"
    assert manager.staff_member.job_title == "Strategic workforce manager"
    assert manager.staff_member.agency.slug == "childrens-services"
    assert hr_lead.staff_member.agency == remit
    assert "HR" in hr_lead.staff_member.job_title


def test_demo_accounts_lists_the_workforce_managers(settings: Settings) -> None:
    settings.DEMO = True
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    lines = out.getvalue().splitlines()
    for username in ("workforce", "hrlead"):
        line = next(line for line in lines if line.startswith(f"{username} "))
        assert "Workforce manager" in line
