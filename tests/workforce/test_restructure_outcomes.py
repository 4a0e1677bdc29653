"""Putting a restructure in place (new posts with job description version 1, changed posts with a
new version, deleted posts ended), what became of each person and what it does to their holding
(made redundant, slotted in, redeployed, left, unaffected), finishing, and the establishment
before and after worked out by hand (restructure_setup's table)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.workforce import models as w
from childtrust.workforce.selectors.consultation_law import day_words
from childtrust.workforce.selectors.restructure_establishment import (
    establishment_before_after,
    establishment_worked_out,
)
from childtrust.workforce.services import restructures as services
from tests.workforce.factories import AgencyCoverFactory, HoldingFactory, JobDescriptionFactory
from tests.workforce.restructure_setup import STARTED, World, actor, build_world, refreshed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _changes(world: World) -> None:
    """Beside the created senior social worker post: SW1 (Ann's) and FS1 (vacant) deleted, and
    HV1 (Cat's, 0.50) changed to 1.00 in the North locality team with a new job description."""
    user = actor(world, "workforce_manager")
    for post in ("SW1", "FS1"):
        services.restructure_post_change_add(
            actor=user,
            restructure=world.restructure,
            kind=w.PostChangeKind.DELETE,
            post=world.posts[post],
        )
    JobDescriptionFactory(post=world.posts["HV1"], version=1, text="Visits families.")
    services.restructure_post_change_add(
        actor=user,
        restructure=world.restructure,
        kind=w.PostChangeKind.CHANGE,
        post=world.posts["HV1"],
        job_title="Locality health visitor",
        grade="Band 7",
        fte=Decimal("1.00"),
        team=world.locality_team,
        profession=w.Profession.HEALTH_VISITOR,
        job_description="Visits families with the locality team.",
    )


def _implement(world: World, on: datetime.date | None = None) -> w.Restructure:
    return services.restructure_implement(
        actor=actor(world, "workforce_manager"),
        restructure=world.restructure,
        implemented_on=on or world.today,
    )


def _rows(change: object) -> list[tuple[str, int, str, int, str]]:
    return [
        (t.team, t.posts_before, str(t.fte_before), t.posts_after, str(t.fte_after))
        for t in change.teams  # type: ignore[attr-defined]
    ]


# --- The establishment before and after, by hand ---------------------------------------------


def test_the_establishment_before_and_after_by_team_worked_out_by_hand() -> None:
    # Before: Team A SW1 + SW2 = 2 posts 2.00; Team B HV1 0.50 + FS1 1.00 = 2 posts 1.50.
    # After: Team A SW2 = 1 post 1.00; Team B nothing (HV1 moves, FS1 deleted); North
    # locality team the new senior social worker 1.00 + HV1 at 1.00 = 2 posts 2.00.
    world = build_world()
    _changes(world)
    change = establishment_before_after(world.restructure, world.today)
    assert _rows(change) == [
        ("North locality team", 0, "0", 2, "2.00"),
        ("Team A", 2, "2.00", 1, "1.00"),
        ("Team B", 2, "1.50", 0, "0"),
    ]
    total = change.total
    assert (total.posts_before, total.fte_before, total.posts_after, total.fte_after) == (
        4,
        Decimal("3.50"),
        3,
        Decimal("3.00"),
    )
    assert (total.posts_change, total.fte_change) == (-1, Decimal("-0.50"))
    assert change.recorded is False


def test_once_put_in_place_the_figures_recorded_then_are_shown() -> None:
    world = build_world()
    _changes(world)
    _implement(world)
    change = establishment_before_after(refreshed(world.restructure), world.today)
    assert change.recorded is True
    assert change.on == world.today - DAY
    assert _rows(change) == [
        ("North locality team", 0, "0", 2, "2.00"),
        ("Team A", 2, "2.00", 1, "1.00"),
        ("Team B", 2, "1.50", 0, "0"),
    ]
    # The posts themselves no longer show the before: HV1 is now in the locality team.
    worked_out_now = establishment_worked_out(world.restructure, world.today - DAY)
    assert _rows(worked_out_now)[0][1:3] == (1, "1.00")


# --- Putting it in place ---------------------------------------------------------------------


def test_putting_it_in_place_creates_changes_and_ends_posts() -> None:
    world = build_world()
    _changes(world)
    restructure = _implement(world)
    restructure = refreshed(restructure)
    assert restructure.status == w.RestructureStatus.IMPLEMENTING
    assert (restructure.implemented_on, restructure.decision_on) == (world.today, world.today)
    # The created post, with job description version 1.
    created = refreshed(world.created).post
    assert created is not None
    assert (created.agency, created.job_title, created.fte, created.team) == (
        world.agency,
        "Senior social worker",
        Decimal("1.00"),
        world.locality_team,
    )
    assert created.starts_on == world.today
    assert created.reference == f"RS{restructure.pk}-{world.created.pk}"
    (version,) = created.job_descriptions.all()
    assert (version.version, version.text, version.reason) == (
        1,
        "Leads the locality team's social work.",
        "Restructure: Locality working",
    )
    # The changed post: what it will be, and job description version 2.
    hv1 = refreshed(world.posts["HV1"])
    assert (hv1.job_title, hv1.grade, hv1.fte, hv1.team) == (
        "Locality health visitor",
        "Band 7",
        Decimal("1.00"),
        world.locality_team,
    )
    latest = hv1.job_descriptions.order_by("-version").first()
    assert (latest.version, latest.reason) == (2, "Restructure: Locality working")
    # FS1 was vacant: it ends the day before. SW1 is Ann's until her outcome.
    assert refreshed(world.posts["FS1"]).ends_on == world.today - DAY
    assert refreshed(world.posts["SW1"]).ends_on is None


def test_an_unchanged_job_description_gets_no_new_version() -> None:
    world = build_world()
    JobDescriptionFactory(post=world.posts["SW2"], version=1, text="Same words.")
    services.restructure_post_change_add(
        actor=actor(world, "workforce_manager"),
        restructure=world.restructure,
        kind=w.PostChangeKind.CHANGE,
        post=world.posts["SW2"],
        job_title="Social worker",
        fte=Decimal("1.00"),
        team=world.team_a,
        profession=w.Profession.SOCIAL_WORKER,
        social_worker=True,
        job_description="Same words.",
    )
    _implement(world)
    assert world.posts["SW2"].job_descriptions.count() == 1


def test_what_cannot_be_put_in_place_is_refused_all_at_once_and_nothing_written() -> None:
    world = build_world(consultation_ends_on=datetime.date(2099, 1, 31))
    user = actor(world, "workforce_manager")
    for post in ("SW2", "FS1"):  # Bob holds SW2 and is not among the people affected
        services.restructure_post_change_add(
            actor=user,
            restructure=world.restructure,
            kind=w.PostChangeKind.DELETE,
            post=world.posts[post],
        )
    cover = AgencyCoverFactory(post=world.posts["FS1"], worker_name="Lee Locum")
    services.restructure_post_change_add(
        actor=user,
        restructure=world.restructure,
        kind=w.PostChangeKind.CHANGE,
        post=world.posts["HV1"],
        job_title="Health visitor",
        fte=Decimal("0.40"),
        profession=w.Profession.HEALTH_VISITOR,
    )
    with pytest.raises(ValidationError) as error:
        _implement(world)
    yesterday = world.today - DAY
    assert error.value.messages == [
        f"The restructure cannot be put in place ({day_words(world.today)}) before consultation "
        "ends (31 January 2099)",
        "Health visitor (HV1) cannot change as proposed: the post is funded for 0.40 FTE, but "
        f"its holders would hold 0.50 FTE from {day_words(world.today)}",
        "Social worker (SW2) is held by Bob Baker, who is not among the people affected: add "
        "them, or end their holding first",
        f"Lee Locum covers Family support worker (FS1), which is deleted: end the cover by "
        f"{day_words(yesterday)} first",
    ]
    assert refreshed(world.restructure).status == w.RestructureStatus.PROPOSED
    assert refreshed(world.posts["FS1"]).ends_on is None
    assert refreshed(world.posts["HV1"]).fte == Decimal("0.50")
    assert not w.Post.objects.filter(job_title="Senior social worker").exists()
    assert refreshed(cover).ends_on is None


def test_it_is_put_in_place_once() -> None:
    world = build_world()
    _implement(world)
    with pytest.raises(ValidationError, match="cannot be put in place again"):
        _implement(world)
    assert w.Post.objects.filter(job_title="Senior social worker").count() == 1


# --- Outcomes ---------------------------------------------------------------------------------


def _ann_holding() -> w.Holding:
    return w.Holding.objects.get(staff__given_name="Ann", starts_on=STARTED)


def _record(world: World, **values: object) -> w.AffectedPerson:
    return services.affected_outcome_record(
        actor=actor(world, "workforce_manager"),
        affected=world.affected,
        **values,  # type: ignore[arg-type]
    )


def test_made_redundant_ends_the_holding_with_redundancy_and_then_the_deleted_post() -> None:
    world = build_world()
    _changes(world)
    world.restructure.first_dismissal_on = world.today + 30 * DAY
    world.restructure.save()
    _implement(world)
    _record(world, outcome=w.AffectedOutcome.REDUNDANT, outcome_on=world.today + 30 * DAY)
    holding = _ann_holding()
    assert (holding.ends_on, holding.leaving_reason) == (
        world.today + 30 * DAY,
        w.LeavingReason.REDUNDANCY,
    )
    line = refreshed(world.affected)
    assert (line.outcome, line.outcome_on, line.new_post) == (
        w.AffectedOutcome.REDUNDANT,
        world.today + 30 * DAY,
        None,
    )
    # SW1 was deleted and Ann was its last holder: funded to her last day.
    assert refreshed(world.posts["SW1"]).ends_on == world.today + 30 * DAY


def test_no_redundancy_before_the_planned_first_dismissal_or_without_one() -> None:
    world = build_world()
    _implement(world)
    with pytest.raises(ValidationError) as error:
        _record(world, outcome=w.AffectedOutcome.REDUNDANT, outcome_on=world.today)
    assert error.value.message_dict == {
        "outcome": ["Set the restructure's planned first dismissal date first"]
    }
    world.restructure.first_dismissal_on = world.today + DAY
    world.restructure.save()
    with pytest.raises(ValidationError, match=r"cannot take effect \(.*\) before the planned"):
        _record(world, outcome=w.AffectedOutcome.REDUNDANT, outcome_on=world.today)
    assert _ann_holding().ends_on is None
    assert refreshed(world.affected).outcome == w.AffectedOutcome.PENDING


def test_slotted_in_moves_the_holding_to_the_new_post_as_neither_leaver_nor_starter() -> None:
    world = build_world()
    _changes(world)
    _implement(world)
    new_post = refreshed(world.created).post
    moved_on = world.today + 7 * DAY
    _record(world, outcome=w.AffectedOutcome.SLOTTED_IN, outcome_on=moved_on, new_post=new_post)
    old = _ann_holding()
    assert (old.ends_on, old.leaving_reason) == (moved_on - DAY, "")
    new = w.Holding.objects.get(post=new_post)
    assert (new.staff, new.fte, new.starts_on, new.ends_on, new.joined_agency) == (
        world.staff["ann"],
        Decimal("1.00"),
        moved_on,
        None,
        False,
    )
    assert refreshed(world.affected).new_post == new_post
    assert refreshed(world.posts["SW1"]).ends_on == moved_on - DAY


def test_redeployed_carries_a_planned_end_and_never_holds_a_post_above_its_fte() -> None:
    world = build_world()
    holding = _ann_holding()
    holding.ends_on = datetime.date(2099, 3, 31)
    holding.leaving_reason = w.LeavingReason.END_OF_CONTRACT
    holding.save()
    _implement(world)
    with pytest.raises(ValidationError) as error:
        _record(
            world,
            outcome=w.AffectedOutcome.REDEPLOYED,
            outcome_on=world.today,
            new_post=world.posts["HV1"],  # 0.50, held by Cat at 0.50
        )
    assert error.value.message_dict["new_post"][0].startswith(
        "The post is funded for 0.50 FTE, but its holders would hold 1.50 FTE from"
    )
    assert _ann_holding().ends_on == datetime.date(2099, 3, 31)
    _record(
        world,
        outcome=w.AffectedOutcome.REDEPLOYED,
        outcome_on=world.today,
        new_post=world.posts["FS1"],
        fte=Decimal("0.80"),
    )
    new = w.Holding.objects.get(post=world.posts["FS1"])
    assert (new.fte, new.ends_on, new.leaving_reason) == (
        Decimal("0.80"),
        datetime.date(2099, 3, 31),
        w.LeavingReason.END_OF_CONTRACT,
    )
    assert (_ann_holding().ends_on, _ann_holding().leaving_reason) == (world.today - DAY, "")


def test_a_move_needs_a_new_post_of_the_agency_funded_that_day() -> None:
    world = build_world()
    _implement(world)

    def refused(**values: object) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as error:
            _record(world, outcome=w.AffectedOutcome.SLOTTED_IN, outcome_on=world.today, **values)
        return error.value.message_dict

    assert refused() == {"new_post": ["Choose the post Ann Archer moves to"]}
    assert refused(new_post=world.posts["SW1"]) == {
        "new_post": ["Ann Archer already holds Social worker (SW1): choose another post"]
    }
    later = w.Post.objects.get(job_title="Senior social worker")
    later.starts_on = world.today + DAY
    later.save()
    assert refused(new_post=later)["new_post"][0].endswith(
        f"is not funded on {day_words(world.today)}"
    )


def test_slotting_in_and_redundancy_wait_for_the_restructure_to_be_put_in_place() -> None:
    world = build_world(status=w.RestructureStatus.CONSULTATION)
    with pytest.raises(ValidationError, match="Put the restructure in place first"):
        _record(
            world,
            outcome=w.AffectedOutcome.SLOTTED_IN,
            outcome_on=world.today,
            new_post=world.posts["FS1"],
        )
    assert w.Holding.objects.filter(post=world.posts["FS1"]).count() == 0


def test_left_ends_a_running_holding_with_the_reason_given_but_never_redundancy() -> None:
    world = build_world(status=w.RestructureStatus.CONSULTATION)
    with pytest.raises(ValidationError) as error:
        _record(
            world,
            outcome=w.AffectedOutcome.LEFT,
            outcome_on=world.today,
            leaving_reason=w.LeavingReason.REDUNDANCY,
        )
    assert error.value.message_dict == {
        "leaving_reason": ["Record Ann Archer as made redundant instead"]
    }
    _record(
        world,
        outcome=w.AffectedOutcome.LEFT,
        outcome_on=world.today,
        leaving_reason=w.LeavingReason.RESIGNATION,
    )
    holding = _ann_holding()
    assert (holding.ends_on, holding.leaving_reason) == (world.today, w.LeavingReason.RESIGNATION)


def test_unaffected_leaves_the_holding_and_an_outcome_is_recorded_once() -> None:
    world = build_world()
    _record(world, outcome=w.AffectedOutcome.UNAFFECTED, outcome_on=world.today)
    assert _ann_holding().ends_on is None
    with pytest.raises(ValidationError, match="already recorded \\(post unchanged\\)"):
        _record(world, outcome=w.AffectedOutcome.LEFT, outcome_on=world.today)


# --- Finishing --------------------------------------------------------------------------------


def test_finishing_waits_for_every_outcome_and_every_deleted_post() -> None:
    world = build_world()
    _changes(world)
    HoldingFactory(post=world.posts["FS1"], staff=world.staff["dan"], starts_on=STARTED)
    services.restructure_person_add(
        actor=actor(world, "workforce_manager"),
        restructure=world.restructure,
        staff=world.staff["dan"],
        post=world.posts["FS1"],
        proposal="Your post is deleted.",
    )
    _implement(world)
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        services.restructure_finish(actor=user, restructure=world.restructure)
    assert error.value.messages == [
        "Record what became of Ann Archer, Dan Dale first",
        "Social worker (SW1), Family support worker (FS1) are deleted but still held: record the "
        "outcome of the people in them first",
    ]
    new_post = refreshed(world.created).post
    _record(world, outcome=w.AffectedOutcome.SLOTTED_IN, outcome_on=world.today, new_post=new_post)
    dan = w.AffectedPerson.objects.get(staff=world.staff["dan"])
    services.affected_outcome_record(
        actor=user,
        affected=dan,
        outcome=w.AffectedOutcome.LEFT,
        outcome_on=world.today + 3 * DAY,
        leaving_reason=w.LeavingReason.RETIREMENT,
    )
    assert refreshed(world.posts["FS1"]).ends_on == world.today + 3 * DAY
    services.restructure_finish(actor=user, restructure=world.restructure)
    assert refreshed(world.restructure).status == w.RestructureStatus.FINISHED
    with pytest.raises(ValidationError, match="is finished, so its outcomes are fixed"):
        services.affected_outcome_record(
            actor=user, affected=dan, outcome=w.AffectedOutcome.UNAFFECTED, outcome_on=world.today
        )
