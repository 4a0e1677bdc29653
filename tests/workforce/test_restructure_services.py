"""A restructure's proposal and parts: bad input refused with every message at once and nothing
written; the planned first dismissal checked against the law (refused when too early unless
acknowledged with a reason, counting the other proposals at the same agency: 89 days apart
together, 90 and 91 not); the HR1 notification; withdrawing; pools, post changes and people."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.audit.models import AuditEvent
from childtrust.workforce import models as w
from childtrust.workforce.selectors.restructures import restructure_assessment
from childtrust.workforce.services import restructures as services
from tests.factories import StaffMemberFactory
from tests.workforce.factories import PostFactory, RestructureFactory
from tests.workforce.restructure_setup import World, actor, build_world, refreshed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def _update(world: World, user: object, **changes: object) -> w.Restructure:
    r = world.restructure
    values = {
        "title": r.title,
        "reason": r.reason,
        "agency": r.agency,
        "proposed_redundancies": r.proposed_redundancies,
        "consultation_starts_on": r.consultation_starts_on,
        "consultation_ends_on": r.consultation_ends_on,
        "decision_on": r.decision_on,
        "support_offered": r.support_offered,
        "how_to_respond": r.how_to_respond,
    } | changes
    return services.restructure_update(actor=user, restructure=r, **values)  # type: ignore[arg-type]


# --- Proposing and changing ----------------------------------------------------------------------


def test_a_proposal_is_made_with_its_timeline_and_one_audit_event() -> None:
    world = build_world()
    before = AuditEvent.objects.count()
    made = services.restructure_create(
        actor=actor(world, "remit_in"),
        title="  Front   door ",
        reason="One front door for every agency.",
        agency=world.agency,
        proposed_redundancies=25,
        consultation_starts_on=datetime.date(2026, 1, 5),
        consultation_ends_on=datetime.date(2026, 2, 20),
        support_offered="Redeployment; the employee assistance programme.",
    )
    made = refreshed(made)
    assert made.title == "Front door"
    assert made.status == w.RestructureStatus.PROPOSED
    assert made.created_by == world.users["remit_in"]
    assert AuditEvent.objects.count() == before + 1


def test_bad_proposals_are_refused_with_every_message_and_nothing_written() -> None:
    world = build_world()
    before = AuditEvent.objects.count(), w.Restructure.objects.count()
    with pytest.raises(ValidationError) as error:
        services.restructure_create(
            actor=actor(world, "workforce_manager"),
            title=" ",
            reason="",
            agency=world.agency,
            proposed_redundancies=-1,
            consultation_starts_on=datetime.date(2026, 3, 1),
            consultation_ends_on=datetime.date(2026, 2, 1),
            decision_on=datetime.date(2026, 2, 27),
        )
    assert _messages(error) == {
        "title": ["Enter the restructure's title"],
        "reason": ["Enter why the restructure is proposed"],
        "proposed_redundancies": ["The proposed redundancies must be 0 or a whole number"],
        "consultation_ends_on": [
            "The consultation's end (1 February 2026) must be on or after its start (1 March 2026)"
        ],
        "decision_on": [
            "The decision (27 February 2026) must be on or after consultation starts (1 March 2026)"
        ],
    }
    assert (AuditEvent.objects.count(), w.Restructure.objects.count()) == before


def test_the_agency_does_not_change_under_its_post_changes_and_people() -> None:
    world = build_world()
    with pytest.raises(ValidationError) as error:
        _update(world, actor(world, "workforce_manager"), agency=world.other_agency)
    assert "remove them before moving it to another agency" in _messages(error)["agency"][0]
    assert refreshed(world.restructure).agency == world.agency


def test_a_finished_restructure_no_longer_changes() -> None:
    world = build_world(status=w.RestructureStatus.FINISHED)
    with pytest.raises(ValidationError, match="This restructure is finished, so it can no longer"):
        _update(world, actor(world, "workforce_manager"), title="Renamed")
    assert refreshed(world.restructure).title == "Locality working"


# --- The planned first dismissal and the law -----------------------------------------------------


def _collective(world: World, *, started_days_ago: int = 10) -> None:
    """25 redundancies, consultation and HR1 both started `started_days_ago`: the earliest
    first dismissal is 30 days after that."""
    r = world.restructure
    r.proposed_redundancies = 25
    r.consultation_starts_on = world.today - started_days_ago * DAY
    r.hr1_notified_on = world.today - started_days_ago * DAY
    r.save()


def test_a_first_dismissal_too_early_is_refused_with_the_warning_and_nothing_written() -> None:
    world = build_world()
    _collective(world)  # earliest: today + 20 days
    user = actor(world, "workforce_manager")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.restructure_first_dismissal_set(
            actor=user, restructure=world.restructure, first_dismissal_on=world.today + 10 * DAY
        )
    messages = _messages(error)
    assert messages["first_dismissal_on"][0].startswith("The planned first dismissal on ")
    assert "is 10 days earlier than the law allows" in messages["first_dismissal_on"][0]
    assert "confirm that you know it is earlier" in messages["first_dismissal_on"][0]
    assert messages["early_dismissal_reason"] == [
        "Enter why the first dismissal must take effect earlier than the law allows"
    ]
    assert refreshed(world.restructure).first_dismissal_on is None
    assert AuditEvent.objects.count() == before


def test_acknowledging_without_a_reason_or_a_reason_without_acknowledging_is_not_enough() -> None:
    world = build_world()
    _collective(world)
    user = actor(world, "workforce_manager")
    early = world.today + 10 * DAY
    with pytest.raises(ValidationError) as error:
        services.restructure_first_dismissal_set(
            actor=user, restructure=world.restructure, first_dismissal_on=early, acknowledged=True
        )
    assert set(_messages(error)) == {"early_dismissal_reason"}
    with pytest.raises(ValidationError) as error:
        services.restructure_first_dismissal_set(
            actor=user,
            restructure=world.restructure,
            first_dismissal_on=early,
            early_dismissal_reason="The service closes then.",
        )
    assert set(_messages(error)) == {"first_dismissal_on"}
    assert refreshed(world.restructure).first_dismissal_on is None


def test_an_early_first_dismissal_acknowledged_with_a_reason_is_kept_with_who_and_why() -> None:
    world = build_world()
    _collective(world)
    user = actor(world, "workforce_manager")
    services.restructure_first_dismissal_set(
        actor=user,
        restructure=world.restructure,
        first_dismissal_on=world.today + 10 * DAY,
        early_dismissal_reason="  The funding ends then.  ",
        acknowledged=True,
    )
    r = refreshed(world.restructure)
    assert r.first_dismissal_on == world.today + 10 * DAY
    assert r.early_dismissal_reason == "The funding ends then."
    assert r.early_dismissal_acknowledged_by == user
    # Setting a lawful day afterwards clears the acknowledgement.
    services.restructure_first_dismissal_set(
        actor=user, restructure=r, first_dismissal_on=world.today + 20 * DAY
    )
    r = refreshed(r)
    assert (r.early_dismissal_reason, r.early_dismissal_acknowledged_by) == ("", None)


def test_the_earliest_day_itself_needs_no_acknowledgement() -> None:
    world = build_world()
    _collective(world)
    services.restructure_first_dismissal_set(
        actor=actor(world, "workforce_manager"),
        restructure=world.restructure,
        first_dismissal_on=world.today + 20 * DAY,
    )
    assert refreshed(world.restructure).first_dismissal_on == world.today + 20 * DAY


def test_below_twenty_any_day_after_consultation_starts_is_accepted() -> None:
    world = build_world()
    _collective(world)
    world.restructure.proposed_redundancies = 19
    world.restructure.save()
    services.restructure_first_dismissal_set(
        actor=actor(world, "workforce_manager"),
        restructure=world.restructure,
        first_dismissal_on=world.today,
    )
    assert refreshed(world.restructure).early_dismissal_acknowledged_by is None


def test_a_first_dismissal_before_consultation_starts_is_refused_outright() -> None:
    world = build_world()
    _collective(world)
    world.restructure.proposed_redundancies = 5
    world.restructure.save()
    with pytest.raises(ValidationError) as error:
        services.restructure_first_dismissal_set(
            actor=actor(world, "workforce_manager"),
            restructure=world.restructure,
            first_dismissal_on=world.today - 11 * DAY,
            early_dismissal_reason="Because.",
            acknowledged=True,
        )
    assert (
        "cannot take effect before consultation starts" in _messages(error)["first_dismissal_on"][0]
    )


@pytest.mark.parametrize(("apart", "refused"), [(89, True), (90, False), (91, False)])
def test_another_proposal_at_the_agency_counts_when_its_date_is_within_89_days(
    apart: int, refused: bool
) -> None:
    # Ours: 10 redundancies, consultation and HR1 ten days ago, planned today + 15 (5 days
    # before the 30 days would end). Theirs: 10 at the same agency, `apart` days earlier.
    world = build_world()
    _collective(world)
    world.restructure.proposed_redundancies = 10
    world.restructure.save()
    planned = world.today + 15 * DAY
    RestructureFactory(
        agency=world.agency,
        title="Youth service",
        proposed_redundancies=10,
        first_dismissal_on=planned - apart * DAY,
    )
    # A withdrawn one and one at another agency never count.
    RestructureFactory(
        agency=world.agency,
        proposed_redundancies=50,
        first_dismissal_on=planned,
        status=w.RestructureStatus.WITHDRAWN,
    )
    RestructureFactory(
        agency=world.other_agency, proposed_redundancies=50, first_dismissal_on=planned
    )

    def plan() -> w.Restructure:
        return services.restructure_first_dismissal_set(
            actor=actor(world, "workforce_manager"),
            restructure=world.restructure,
            first_dismissal_on=planned,
        )

    if refused:
        with pytest.raises(ValidationError, match="5 days earlier than the law allows"):
            plan()
    else:
        assert plan().first_dismissal_on == planned


def test_a_change_that_makes_the_planned_date_too_early_is_refused_until_the_date_moves() -> None:
    world = build_world()
    _collective(world)
    world.restructure.proposed_redundancies = 5
    world.restructure.first_dismissal_on = world.today + 5 * DAY
    world.restructure.save()
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        _update(world, user, proposed_redundancies=25)
    (message,) = _messages(error)["__all__"]
    assert "is 15 days earlier than the law allows" in message
    assert message.endswith(
        "Change the planned first dismissal date first; a date earlier than the law allows "
        "needs a reason."
    )
    assert refreshed(world.restructure).proposed_redundancies == 5


# --- HR1 and withdrawing -------------------------------------------------------------------------


def test_hr1_is_recorded_once_sent_never_for_a_day_to_come() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        services.restructure_hr1_record(
            actor=user,
            restructure=world.restructure,
            hr1_notified_on=world.today + DAY,
            hr1_reference="x" * 61,
        )
    assert set(_messages(error)) == {"hr1_notified_on", "hr1_reference"}
    assert "cannot be in the future" in _messages(error)["hr1_notified_on"][0]
    services.restructure_hr1_record(
        actor=user,
        restructure=world.restructure,
        hr1_notified_on=world.today,
        hr1_reference=" HR1/7 ",
    )
    r = refreshed(world.restructure)
    assert (r.hr1_notified_on, r.hr1_reference) == (world.today, "HR1/7")


def test_a_late_hr1_is_recorded_and_moves_the_earliest_first_dismissal() -> None:
    world = build_world()
    _collective(world, started_days_ago=40)
    r = world.restructure
    r.hr1_notified_on = None
    r.first_dismissal_on = world.today + DAY
    r.save()
    services.restructure_hr1_record(
        actor=actor(world, "workforce_manager"), restructure=r, hr1_notified_on=world.today - DAY
    )
    assessment = restructure_assessment(refreshed(r), world.today)
    assert assessment.earliest_on == world.today + 29 * DAY
    assert assessment.hr1_late is True
    assert assessment.too_early_by == 28


def test_a_withdrawn_restructure_no_longer_counts_and_cannot_be_withdrawn_twice() -> None:
    world = build_world(proposed_redundancies=15, first_dismissal_on=datetime.date(2026, 6, 1))
    other = RestructureFactory(
        agency=world.agency, proposed_redundancies=10, first_dismissal_on=datetime.date(2026, 6, 2)
    )
    assert restructure_assessment(other, world.today).period.total == 25
    user = actor(world, "workforce_manager")
    services.restructure_withdraw(actor=user, restructure=world.restructure)
    assert restructure_assessment(other, world.today).period.total == 10
    with pytest.raises(ValidationError, match="was withdrawn, so it can no longer be withdrawn"):
        services.restructure_withdraw(actor=user, restructure=world.restructure)


def test_a_restructure_put_in_place_cannot_be_withdrawn() -> None:
    world = build_world(status=w.RestructureStatus.IMPLEMENTING)
    with pytest.raises(ValidationError, match="has been put in place, so it can no longer be"):
        services.restructure_withdraw(
            actor=actor(world, "workforce_manager"), restructure=world.restructure
        )


# --- Pools ---------------------------------------------------------------------------------------


def test_pools_need_a_name_unique_in_the_restructure() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        services.restructure_pool_add(actor=user, restructure=world.restructure, name="  ")
    assert _messages(error) == {"name": ["Enter the pool's name"]}
    with pytest.raises(ValidationError) as error:
        services.restructure_pool_add(
            actor=user, restructure=world.restructure, name="social WORKERS"
        )
    assert _messages(error) == {
        "name": ["This restructure already has a pool called social WORKERS"]
    }
    assert world.restructure.pools.count() == 1


def test_removing_a_pool_leaves_its_people_and_posts_in_the_restructure() -> None:
    world = build_world()
    services.restructure_pool_remove(actor=actor(world, "workforce_manager"), pool=world.pool)
    assert refreshed(world.affected).pool is None
    assert refreshed(world.created).pool is None


# --- Post changes --------------------------------------------------------------------------------


def test_a_new_post_with_bad_input_is_refused_with_every_message() -> None:
    world = build_world()
    elsewhere = PostFactory(agency=world.other_agency).team
    with pytest.raises(ValidationError) as error:
        services.restructure_post_change_add(
            actor=actor(world, "workforce_manager"),
            restructure=world.restructure,
            kind=w.PostChangeKind.CREATE,
            job_title=" ",
            fte=Decimal("1.20"),
            team=elsewhere,
            profession="wizard",
        )
    assert _messages(error) == {
        "job_title": ["Enter the post's job title"],
        "fte": ["A post's FTE cannot be more than 1.00; 1.20 was given"],
        "profession": ["Choose the post's profession"],
        "team": [
            f"{elsewhere} is a team of Southmoor Health: choose a team of Northgate Council or "
            "a multi-agency locality team"
        ],
        "job_description": ["Enter the new post's job description"],
    }
    assert world.restructure.post_changes.count() == 1


def test_deleting_or_changing_needs_a_live_post_of_the_agency_named_once() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")
    theirs = PostFactory(agency=world.other_agency, reference="X1")
    ended = PostFactory(agency=world.agency, reference="OLD", ends_on=datetime.date(2020, 3, 31))

    def delete(post: w.Post | None) -> list[str]:
        with pytest.raises(ValidationError) as error:
            services.restructure_post_change_add(
                actor=user, restructure=world.restructure, kind=w.PostChangeKind.DELETE, post=post
            )
        return _messages(error)["post"]

    assert delete(None) == ["Choose the post to be deleted"]
    assert delete(theirs)[0].startswith("Social worker (X1) is a post of Southmoor Health")
    assert delete(ended) == ["Social worker (OLD) ended on 31 March 2020"]
    services.restructure_post_change_add(
        actor=user,
        restructure=world.restructure,
        kind=w.PostChangeKind.DELETE,
        post=world.posts["SW1"],
    )
    assert delete(world.posts["SW1"]) == [
        "This restructure already has Social worker (SW1) as deleted"
    ]


def test_a_changed_post_keeps_what_it_will_be_and_a_deleted_one_nothing_else() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")
    changed = services.restructure_post_change_add(
        actor=user,
        restructure=world.restructure,
        kind=w.PostChangeKind.CHANGE,
        post=world.posts["HV1"],
        job_title="Health visitor (locality)",
        fte=Decimal("0.80"),
        team=world.locality_team,
        profession=w.Profession.HEALTH_VISITOR,
    )
    assert (refreshed(changed).fte, changed.team) == (Decimal("0.80"), world.locality_team)
    deleted = services.restructure_post_change_add(
        actor=user,
        restructure=world.restructure,
        kind=w.PostChangeKind.DELETE,
        post=world.posts["FS1"],
        job_title="ignored",
        fte=Decimal("0.10"),
    )
    assert (refreshed(deleted).job_title, deleted.fte) == ("", None)


def test_post_changes_are_fixed_once_put_in_place() -> None:
    world = build_world(status=w.RestructureStatus.IMPLEMENTING)
    user = actor(world, "workforce_manager")
    with pytest.raises(
        ValidationError, match="has been put in place, so its post changes are fixed"
    ):
        services.restructure_post_change_remove(actor=user, change=world.created)
    assert w.PostChange.objects.filter(pk=world.created.pk).exists()


# --- People --------------------------------------------------------------------------------------


def test_a_person_is_added_only_from_the_agencys_staff_in_a_post_they_hold() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")

    def add(**values: object) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as error:
            services.restructure_person_add(
                actor=user,
                restructure=world.restructure,
                **values,  # type: ignore[arg-type]
            )
        return _messages(error)

    outsider = StaffMemberFactory(agency=world.other_agency)
    assert add(staff=outsider, post=world.posts["SW2"], proposal="x") == {
        "staff": ["Choose a member of Northgate Council's staff in post"]
    }
    assert add(staff=world.staff["bob"], post=world.posts["SW1"], proposal=" ") == {
        "proposal": ["Enter what is proposed for the person's post, in plain words"],
        "post": ["Bob Baker does not hold Social worker (SW1) today: choose the post they hold"],
    }
    assert add(staff=world.staff["ann"], post=world.posts["SW1"], proposal="Again") == {
        "staff": ["Ann Archer is already among the people affected"]
    }
    assert add(staff=world.staff["bob"], post=None, proposal="x") == {
        "post": ["Choose the post the person holds"]
    }
    assert world.restructure.affected_people.count() == 1


def test_a_person_with_a_response_on_record_stays() -> None:
    world = build_world()
    with pytest.raises(ValidationError, match="Ann Archer has consultation meetings, responses"):
        services.restructure_person_remove(
            actor=actor(world, "workforce_manager"), affected=world.affected
        )
    assert w.AffectedPerson.objects.filter(pk=world.affected.pk).exists()


def test_a_persons_line_changes_but_their_pool_must_be_this_restructures() -> None:
    world = build_world()
    other_pool = w.SelectionPool.objects.create(
        restructure=RestructureFactory(agency=world.agency), name="Elsewhere"
    )
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        services.restructure_person_update(
            actor=user,
            affected=world.affected,
            proposal="New words",
            pool=other_pool,
            at_risk=False,
        )
    assert _messages(error) == {"pool": ["Choose one of this restructure's pools"]}
    assert refreshed(world.affected).proposal.startswith("Your post is deleted")
    services.restructure_person_update(
        actor=user, affected=world.affected, proposal="New words", pool=None, at_risk=False
    )
    line = refreshed(world.affected)
    assert (line.proposal, line.pool, line.at_risk) == ("New words", None, False)
