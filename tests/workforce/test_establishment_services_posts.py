"""Writes to posts: who may create, change and end a post and change its job description
(workforce managers, within their remit; never practitioners, team managers or auditors), bad
input refused with every message at once and nothing written, a post never ended while anyone
holds it after its last day, job descriptions kept as versions, and one audit event each."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce.models import JobDescription, Post, Profession
from childtrust.workforce.services.establishment import (
    job_description_change,
    post_create,
    post_end,
    post_update,
)
from tests.factories import AgencyFactory, StaffMemberFactory, TeamFactory
from tests.workforce.establishment_setup import ACTORS, MANAGERS, actor_for
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    JobDescriptionFactory,
    PostFactory,
    WorkforceManagerFactory,
)

pytestmark = pytest.mark.django_db


def post_input(post: Post, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reference": "SW-001",
        "job_title": "Senior social worker",
        "grade": "Grade 9",
        "fte": Decimal("1.00"),
        "team": post.team,
        "locality": None,
        "profession": Profession.SOCIAL_WORKER,
        "social_worker": True,
        "starts_on": datetime.date(2020, 4, 1),
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_create_a_post(kind: str) -> None:
    existing = PostFactory()
    actor = actor_for(kind, existing)
    values = post_input(existing) | {"agency": existing.agency}

    if kind in MANAGERS:
        post = post_create(actor=actor, **values, job_description="Holds a caseload.")
        assert post.reference == "SW-001"
        assert [v.version for v in post.job_descriptions.all()] == [1]
        assert AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type="workforce.post", object_id=str(post.pk)
        ).exists()
    else:
        with pytest.raises(PermissionDenied, match="add a post to this agency"):
            post_create(actor=actor, **values)
        assert Post.objects.count() == 1


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_change_a_post(kind: str) -> None:
    post = PostFactory(job_title="Social worker")
    actor = actor_for(kind, post)

    if kind in MANAGERS:
        post_update(actor=actor, post=post, **post_input(post, job_title="Advanced practitioner"))
        post.refresh_from_db()
        assert post.job_title == "Advanced practitioner"
        event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(post.pk))
        assert "job_title" in event.details["changed"]
    else:
        with pytest.raises(PermissionDenied, match="change this post"):
            post_update(actor=actor, post=post, **post_input(post, job_title="Changed"))
        post.refresh_from_db()
        assert post.job_title == "Social worker"


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_end_a_post(kind: str) -> None:
    post = PostFactory()
    actor = actor_for(kind, post)

    if kind in MANAGERS:
        post_end(actor=actor, post=post, ends_on=datetime.date(2025, 3, 31))
        post.refresh_from_db()
        assert post.ends_on == datetime.date(2025, 3, 31)
        assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(post.pk))
    else:
        with pytest.raises(PermissionDenied, match="end this post"):
            post_end(actor=actor, post=post, ends_on=datetime.date(2025, 3, 31))
        post.refresh_from_db()
        assert post.ends_on is None


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_change_a_job_description(kind: str) -> None:
    post = PostFactory()
    JobDescriptionFactory(post=post, version=1, text="Old duties.")
    actor = actor_for(kind, post)

    if kind in MANAGERS:
        version = job_description_change(
            actor=actor, post=post, text="New duties.", reason="Locality working"
        )
        assert (version.version, version.changed_by, version.reason) == (
            2,
            actor,
            "Locality working",
        )
        assert post.job_descriptions.get(version=1).text == "Old duties."
        assert AuditEvent.objects.filter(
            object_type="workforce.jobdescription", object_id=str(version.pk)
        ).exists()
    else:
        with pytest.raises(PermissionDenied, match="change this job description"):
            job_description_change(actor=actor, post=post, text="New.", reason="Why")
        assert post.job_descriptions.count() == 1


def test_a_new_post_with_bad_input_is_refused_with_every_message_and_nothing_written() -> None:
    existing = PostFactory(reference="SW-001")
    other_agency_team = TeamFactory()
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError) as refused:
        post_create(
            actor=actor,
            agency=existing.agency,
            **post_input(
                existing,
                reference="SW-001",
                job_title=" ",
                fte=Decimal("1.20"),
                team=other_agency_team,
                profession=Profession.HEALTH_VISITOR,
                social_worker=True,
                starts_on=None,
            ),
        )

    errors = refused.value.message_dict
    assert errors["reference"] == [
        f"{existing.agency} already has a post with the reference SW-001"
    ]
    assert errors["job_title"] == ["Enter the job title"]
    assert errors["fte"][0].startswith("A post's funded FTE cannot be more than 1.00; 1.20")
    assert errors["team"] == [
        f"{other_agency_team} is a team of {other_agency_team.agency}: choose one of "
        f"{existing.agency}'s teams or a multi-agency team"
    ]
    assert errors["social_worker"][0].startswith("Only a social worker's or social work manager")
    assert errors["starts_on"] == ["Enter the day the post was first funded"]
    assert Post.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_a_post_cannot_be_cut_below_what_its_holders_hold() -> None:
    post = PostFactory(fte=Decimal("1.00"))
    HoldingFactory(post=post, fte=Decimal("0.60"), starts_on=datetime.date(2019, 1, 7))
    HoldingFactory(post=post, fte=Decimal("0.40"), starts_on=datetime.date(2020, 2, 3))

    with pytest.raises(ValidationError) as refused:
        post_update(
            actor=WorkforceManagerFactory(), post=post, **post_input(post, fte=Decimal("0.80"))
        )

    assert refused.value.message_dict["fte"] == [
        "The post is funded for 0.80 FTE, but its holders would hold 1.00 FTE from 3 February 2020"
    ]
    post.refresh_from_db()
    assert post.fte == Decimal("1.00")


def test_a_post_cannot_start_after_someone_holds_it() -> None:
    post = PostFactory(starts_on=datetime.date(2015, 4, 1))
    HoldingFactory(post=post, starts_on=datetime.date(2018, 1, 8))

    with pytest.raises(ValidationError) as refused:
        post_update(
            actor=WorkforceManagerFactory(),
            post=post,
            **post_input(post, starts_on=datetime.date(2019, 1, 1)),
        )

    assert "from 8 January 2018" in refused.value.message_dict["starts_on"][0]


def test_a_post_is_not_ended_while_someone_holds_it_after_its_last_day() -> None:
    post = PostFactory()
    holder = HoldingFactory(post=post, staff=StaffMemberFactory(agency=post.agency))
    AgencyCoverFactory(post=post, worker_name="Sam Locum", ends_on=datetime.date(2025, 5, 2))
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError) as refused:
        post_end(actor=actor, post=post, ends_on=datetime.date(2025, 3, 31))

    message = refused.value.message_dict["ends_on"][0]
    assert message.startswith("The post still has holders after 31 March 2025: ")
    assert f"{holder.staff} (no leaving date)" in message
    assert "Sam Locum of Northgate Locums Ltd, agency cover (to 2 May 2025)" in message
    post.refresh_from_db()
    assert post.ends_on is None


def test_a_post_ends_once_its_holders_have_left_by_its_last_day() -> None:
    post = PostFactory()
    HoldingFactory(post=post, ends_on=datetime.date(2025, 3, 31), leaving_reason="resignation")

    post_end(actor=WorkforceManagerFactory(), post=post, ends_on=datetime.date(2025, 3, 31))

    post.refresh_from_db()
    assert post.ends_on == datetime.date(2025, 3, 31)


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        (None, "Enter the post's last day"),
        (
            datetime.date(2014, 1, 1),
            "The post's last day (1 January 2014) must be on or after the day it was first "
            "funded (1 April 2015)",
        ),
    ],
)
def test_a_post_end_needs_a_last_day_after_its_start(
    ends_on: datetime.date | None, message: str
) -> None:
    post = PostFactory(starts_on=datetime.date(2015, 4, 1))

    with pytest.raises(ValidationError) as refused:
        post_end(actor=WorkforceManagerFactory(), post=post, ends_on=ends_on)

    assert refused.value.message_dict["ends_on"] == [message]


def test_a_post_already_ended_is_not_ended_again() -> None:
    post = PostFactory(ends_on=datetime.date(2024, 3, 31))

    with pytest.raises(ValidationError, match="already ended: its last day was 31 March 2024"):
        post_end(actor=WorkforceManagerFactory(), post=post, ends_on=datetime.date(2025, 1, 1))


def test_an_unchanged_or_empty_job_description_is_refused() -> None:
    post = PostFactory()
    JobDescriptionFactory(post=post, version=1, text="Duties.")
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError) as same:
        job_description_change(actor=actor, post=post, text=" Duties. ", reason="No change")
    with pytest.raises(ValidationError) as empty:
        job_description_change(actor=actor, post=post, text="", reason="")

    assert same.value.message_dict["text"] == [
        "The job description is the same as version 1: change it, or cancel"
    ]
    assert empty.value.message_dict == {
        "text": ["Enter the job description"],
        "reason": ["Enter why the job description changed"],
    }
    assert JobDescription.objects.count() == 1


def test_a_remitted_manager_cannot_create_a_post_in_another_agency() -> None:
    post = PostFactory()
    actor = actor_for("remit_in", post)
    elsewhere = AgencyFactory()

    with pytest.raises(PermissionDenied):
        post_create(actor=actor, **post_input(post, team=None) | {"agency": elsewhere})
