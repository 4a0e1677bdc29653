"""Who may do what to a restructure, service by service and role by role: the practitioner, the
affected person, their line manager, a workforce manager, one whose remit is the agency and one
whose remit is another, and an auditor. A refusal is PermissionDenied and writes nothing (not
even an audit event); an allowance writes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from childtrust.audit.models import AuditEvent
from childtrust.workforce import models as w
from childtrust.workforce.services import consultation
from childtrust.workforce.services import restructures as services
from tests.workforce.restructure_setup import ACTORS, MANAGERS, World, actor, build_world

pytestmark = pytest.mark.django_db

Call = Callable[[World, Any], Any]
DAY = datetime.timedelta(days=1)


def _implementing(world: World) -> None:
    world.restructure.status = w.RestructureStatus.IMPLEMENTING
    world.restructure.implemented_on = world.today
    world.restructure.save()


def _finish(world: World, user: Any) -> Any:
    _implementing(world)
    w.AffectedPerson.objects.filter(pk=world.affected.pk).update(
        outcome=w.AffectedOutcome.UNAFFECTED, outcome_on=world.today
    )
    return services.restructure_finish(actor=user, restructure=world.restructure)


SERVICES: dict[str, tuple[Call, frozenset[str]]] = {
    "restructure_create": (
        lambda world, user: services.restructure_create(
            actor=user,
            title="Front door",
            reason="One front door.",
            agency=world.agency,
            proposed_redundancies=3,
        ),
        MANAGERS,
    ),
    "restructure_update": (
        lambda world, user: services.restructure_update(
            actor=user,
            restructure=world.restructure,
            title="Locality working, revised",
            reason=world.restructure.reason,
            agency=world.agency,
            proposed_redundancies=2,
            consultation_starts_on=None,
            consultation_ends_on=None,
            decision_on=None,
            support_offered="Redeployment and the employee assistance programme.",
            how_to_respond="Write to HR.",
        ),
        MANAGERS,
    ),
    "restructure_first_dismissal_set": (
        lambda world, user: services.restructure_first_dismissal_set(
            actor=user, restructure=world.restructure, first_dismissal_on=world.today + 60 * DAY
        ),
        MANAGERS,
    ),
    "restructure_hr1_record": (
        lambda world, user: services.restructure_hr1_record(
            actor=user,
            restructure=world.restructure,
            hr1_notified_on=world.today,
            hr1_reference="HR1/2026/001",
        ),
        MANAGERS,
    ),
    "restructure_withdraw": (
        lambda world, user: services.restructure_withdraw(
            actor=user, restructure=world.restructure
        ),
        MANAGERS,
    ),
    "restructure_pool_add": (
        lambda world, user: services.restructure_pool_add(
            actor=user, restructure=world.restructure, name="Health visitors"
        ),
        MANAGERS,
    ),
    "restructure_pool_remove": (
        lambda world, user: services.restructure_pool_remove(actor=user, pool=world.pool),
        MANAGERS,
    ),
    "restructure_post_change_add": (
        lambda world, user: services.restructure_post_change_add(
            actor=user,
            restructure=world.restructure,
            kind=w.PostChangeKind.DELETE,
            post=world.posts["SW1"],
        ),
        MANAGERS,
    ),
    "restructure_post_change_remove": (
        lambda world, user: services.restructure_post_change_remove(
            actor=user, change=world.created
        ),
        MANAGERS,
    ),
    "restructure_person_add": (
        lambda world, user: services.restructure_person_add(
            actor=user,
            restructure=world.restructure,
            staff=world.staff["bob"],
            post=world.posts["SW2"],
            proposal="Your post moves to the locality team.",
        ),
        MANAGERS,
    ),
    "restructure_person_update": (
        lambda world, user: services.restructure_person_update(
            actor=user,
            affected=world.affected,
            proposal="Your post is deleted.",
            pool=None,
            at_risk=True,
        ),
        MANAGERS,
    ),
    "restructure_person_remove": (
        lambda world, user: (
            world.response.delete(),
            services.restructure_person_remove(actor=user, affected=world.affected),
        ),
        MANAGERS,
    ),
    "restructure_implement": (
        lambda world, user: services.restructure_implement(
            actor=user, restructure=world.restructure, implemented_on=world.today
        ),
        MANAGERS,
    ),
    "restructure_finish": (_finish, MANAGERS),
    "affected_outcome_record": (
        lambda world, user: services.affected_outcome_record(
            actor=user,
            affected=world.affected,
            outcome=w.AffectedOutcome.UNAFFECTED,
            outcome_on=world.today,
        ),
        MANAGERS,
    ),
    "consultation_meeting_record": (
        lambda world, user: consultation.consultation_meeting_record(
            actor=user,
            affected=world.affected,
            kind=w.MeetingKind.INDIVIDUAL,
            held_on=world.today,
            attendees="Ann Archer, HR",
        ),
        MANAGERS,
    ),
    "consultation_response_submit": (
        lambda world, user: consultation.consultation_response_submit(
            actor=user, affected=world.affected, text="Please consider part-time posts."
        ),
        frozenset({"affected"}),
    ),
    "consultation_response_answer": (
        lambda world, user: consultation.consultation_response_answer(
            actor=user, response=world.response, answer="We will."
        ),
        MANAGERS,
    ),
}


@pytest.mark.parametrize("kind", ACTORS)
@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_refuses_or_allows_each_role(name: str, kind: str) -> None:
    call, allowed = SERVICES[name]
    world = build_world()
    user = actor(world, kind)
    before = AuditEvent.objects.count()
    if kind in allowed:
        call(world, user)
        assert AuditEvent.objects.count() > before
    else:
        with pytest.raises(PermissionDenied):
            call(world, user)
        assert AuditEvent.objects.count() == before


def test_refused_writes_leave_the_records_as_they_were() -> None:
    world = build_world()
    practitioner = actor(world, "practitioner")
    for name in ("restructure_implement", "restructure_withdraw", "affected_outcome_record"):
        with pytest.raises(PermissionDenied):
            SERVICES[name][0](world, practitioner)
    restructure = w.Restructure.objects.get(pk=world.restructure.pk)
    assert restructure.status == w.RestructureStatus.PROPOSED
    assert restructure.implemented_on is None
    assert not w.Post.objects.filter(job_title="Senior social worker").exists()
    assert w.AffectedPerson.objects.get().outcome == w.AffectedOutcome.PENDING


def test_a_workforce_manager_limited_to_another_agency_cannot_move_a_restructure_to_it() -> None:
    world = build_world()
    world.created.delete()
    world.affected.delete()
    user = actor(world, "remit_in")
    with pytest.raises(PermissionDenied, match="move a restructure to Southmoor Health"):
        services.restructure_update(
            actor=user,
            restructure=world.restructure,
            title=world.restructure.title,
            reason=world.restructure.reason,
            agency=world.other_agency,
            proposed_redundancies=1,
            consultation_starts_on=None,
            consultation_ends_on=None,
            decision_on=None,
            support_offered="",
            how_to_respond="",
        )
    assert w.Restructure.objects.get().agency == world.agency


def test_a_workforce_manager_cannot_respond_on_a_persons_behalf() -> None:
    world = build_world()
    with pytest.raises(PermissionDenied, match="respond on this person's behalf"):
        consultation.consultation_response_submit(
            actor=actor(world, "workforce_manager"), affected=world.affected, text="On her behalf"
        )
    assert w.ConsultationResponse.objects.count() == 1


def test_another_affected_person_cannot_respond_for_a_colleague() -> None:
    world = build_world()
    bob_line = w.AffectedPerson.objects.create(
        restructure=world.restructure,
        staff=world.staff["bob"],
        post=world.posts["SW2"],
        proposal="Unchanged.",
    )
    ann = actor(world, "affected")
    with pytest.raises(PermissionDenied):
        consultation.consultation_response_submit(actor=ann, affected=bob_line, text="For Bob")
    assert not bob_line.responses.exists()


def test_an_allowed_create_by_the_remit_manager_is_at_their_agency_only() -> None:
    world = build_world()
    with pytest.raises(PermissionDenied, match="propose a restructure at Southmoor Health"):
        services.restructure_create(
            actor=actor(world, "remit_in"),
            title="Elsewhere",
            reason="Elsewhere.",
            agency=world.other_agency,
            proposed_redundancies=0,
        )
    assert w.Restructure.objects.count() == 1
