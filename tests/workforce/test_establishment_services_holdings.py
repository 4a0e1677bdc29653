"""Writes to who holds a post: who may add and end a holding and add and end agency cover
(workforce managers within their remit only), and the rules of bad input with every message
at once and nothing written: at most 1.00 FTE for one person in one post, a leaving date on or
after the start, a post never held above its FTE (the peak of overlapping holdings), a holder
from the post's own agency only; a leaver has a reason, a move has none."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce.models import AgencyCover, CoverReason, Holding, LeavingReason
from childtrust.workforce.services.establishment import (
    agency_cover_add,
    agency_cover_end,
    holding_add,
    holding_end,
)
from tests.factories import StaffMemberFactory
from tests.workforce.establishment_setup import ACTORS, MANAGERS, actor_for
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    PostFactory,
    WorkforceManagerFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2020, 9, 1)


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_add_a_holder(kind: str) -> None:
    post = PostFactory()
    person = StaffMemberFactory(agency=post.agency)
    actor = actor_for(kind, post)

    if kind in MANAGERS:
        holding = holding_add(
            actor=actor,
            post=post,
            staff=person,
            fte=Decimal("0.80"),
            starts_on=START,
            joined_agency=True,
        )
        assert (holding.fte, holding.starts_on, holding.joined_agency) == (
            Decimal("0.80"),
            START,
            True,
        )
        event = AuditEvent.objects.get(object_type="workforce.holding", object_id=str(holding.pk))
        assert event.details["fte"] == "0.80"
    else:
        with pytest.raises(PermissionDenied, match="add a holder to this post"):
            holding_add(actor=actor, post=post, staff=person, fte=Decimal("1"), starts_on=START)
        assert not Holding.objects.exists()


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_end_a_holding(kind: str) -> None:
    holding = HoldingFactory()
    actor = actor_for(kind, holding.post)
    last_day = datetime.date(2024, 8, 31)

    if kind in MANAGERS:
        holding_end(
            actor=actor, holding=holding, ends_on=last_day, leaving_reason=LeavingReason.RETIREMENT
        )
        holding.refresh_from_db()
        assert (holding.ends_on, holding.leaving_reason) == (last_day, "retirement")
        assert AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_id=str(holding.pk)
        ).exists()
    else:
        with pytest.raises(PermissionDenied, match="end a holding of this post"):
            holding_end(actor=actor, holding=holding, ends_on=last_day)
        holding.refresh_from_db()
        assert holding.ends_on is None


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_add_and_end_agency_cover(kind: str) -> None:
    post = PostFactory()
    actor = actor_for(kind, post)
    existing = AgencyCoverFactory(post=post)

    if kind in MANAGERS:
        cover = agency_cover_add(
            actor=actor,
            post=post,
            worker_name=" Pat  Locum ",
            supplier="Northgate Locums Ltd",
            fte=Decimal("0.50"),
            reason=CoverReason.ABSENCE,
            starts_on=START,
        )
        assert cover.worker_name == "Pat Locum"
        agency_cover_end(actor=actor, cover=existing, ends_on=datetime.date(2024, 1, 5))
        existing.refresh_from_db()
        assert existing.ends_on == datetime.date(2024, 1, 5)
    else:
        with pytest.raises(PermissionDenied, match="add agency cover to this post"):
            agency_cover_add(
                actor=actor,
                post=post,
                worker_name="Pat Locum",
                supplier="Northgate",
                fte=Decimal("1"),
                reason=CoverReason.VACANCY,
                starts_on=START,
            )
        with pytest.raises(PermissionDenied, match="end agency cover of this post"):
            agency_cover_end(actor=actor, cover=existing, ends_on=datetime.date(2024, 1, 5))
        assert AgencyCover.objects.count() == 1
        existing.refresh_from_db()
        assert existing.ends_on is None


def test_a_holder_with_bad_input_is_refused_with_every_message_and_nothing_written() -> None:
    post = PostFactory(starts_on=datetime.date(2015, 4, 1))
    person = StaffMemberFactory(agency=post.agency)

    with pytest.raises(ValidationError) as refused:
        holding_add(
            actor=WorkforceManagerFactory(),
            post=post,
            staff=person,
            fte=Decimal("1.20"),
            starts_on=datetime.date(2014, 12, 1),
        )

    assert refused.value.message_dict == {
        "fte": ["The FTE for one person in one post cannot be more than 1.00; 1.20 was given"],
        "starts_on": [
            "The start date (1 December 2014) must be on or after the day the post was first "
            "funded (1 April 2015)"
        ],
    }
    assert not Holding.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_holder_from_another_agency_is_refused() -> None:
    post = PostFactory()
    outsider = StaffMemberFactory()  # another agency's

    with pytest.raises(ValidationError) as refused:
        holding_add(
            actor=WorkforceManagerFactory(),
            post=post,
            staff=outsider,
            fte=Decimal("1.00"),
            starts_on=START,
        )

    assert refused.value.message_dict["staff"] == [
        f"{outsider} works for {outsider.agency}, and this is a post of {post.agency}: a post's "
        "holders are its own agency's staff"
    ]
    assert not Holding.objects.exists()


def test_a_post_is_never_held_above_its_fte_at_the_peak_of_overlapping_holdings() -> None:
    # 1.00 FTE post: 0.50 from 2019 to 31 March 2021, 0.30 from 2020 on. A new 0.40 from
    # 1 January 2021 would make 1.20 until 31 March; from 1 April 2021 it would be 0.70.
    post = PostFactory(fte=Decimal("1.00"))
    HoldingFactory(
        post=post,
        fte=Decimal("0.50"),
        starts_on=datetime.date(2019, 1, 7),
        ends_on=datetime.date(2021, 3, 31),
        leaving_reason="resignation",
    )
    HoldingFactory(post=post, fte=Decimal("0.30"), starts_on=datetime.date(2020, 1, 6))
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError) as refused:
        holding_add(
            actor=actor,
            post=post,
            staff=StaffMemberFactory(agency=post.agency),
            fte=Decimal("0.40"),
            starts_on=datetime.date(2021, 1, 1),
        )
    added = holding_add(
        actor=actor,
        post=post,
        staff=StaffMemberFactory(agency=post.agency),
        fte=Decimal("0.40"),
        starts_on=datetime.date(2021, 4, 1),
    )

    assert refused.value.message_dict["fte"] == [
        "The post is funded for 1.00 FTE, but its holders would hold 1.20 FTE from 1 January 2021"
    ]
    assert added.pk is not None
    assert post.holdings.count() == 3


def test_one_person_holds_at_most_1_fte_of_one_post_across_holdings() -> None:
    post = PostFactory(fte=Decimal("1.00"))
    first = HoldingFactory(post=post, fte=Decimal("0.60"), starts_on=datetime.date(2019, 1, 7))

    with pytest.raises(ValidationError) as refused:
        holding_add(
            actor=WorkforceManagerFactory(),
            post=post,
            staff=first.staff,
            fte=Decimal("0.50"),
            starts_on=datetime.date(2022, 5, 3),
        )

    assert refused.value.message_dict["fte"] == [
        f"{first.staff} would hold 1.10 FTE of this post from 3 May 2022: the FTE for one person "
        "in one post cannot be more than 1.00"
    ]


def test_a_leaving_date_before_the_start_is_refused_and_nothing_written() -> None:
    holding = HoldingFactory(starts_on=datetime.date(2018, 1, 8))

    with pytest.raises(ValidationError) as refused:
        holding_end(
            actor=WorkforceManagerFactory(),
            holding=holding,
            ends_on=datetime.date(2017, 12, 31),
            leaving_reason=LeavingReason.RESIGNATION,
        )

    assert refused.value.message_dict["ends_on"] == [
        "The leaving date (31 December 2017) must be on or after the start date (8 January 2018)"
    ]
    holding.refresh_from_db()
    assert (holding.ends_on, holding.leaving_reason) == (None, "")


def test_a_move_within_the_agency_ends_the_holding_with_no_reason() -> None:
    holding = HoldingFactory()

    holding_end(actor=WorkforceManagerFactory(), holding=holding, ends_on=datetime.date(2024, 4, 1))

    holding.refresh_from_db()
    assert (holding.ends_on, holding.leaving_reason) == (datetime.date(2024, 4, 1), "")


def test_an_ended_holding_is_not_ended_again_and_a_reason_must_be_known() -> None:
    ended = HoldingFactory(ends_on=datetime.date(2023, 6, 30), leaving_reason="resignation")
    live = HoldingFactory()
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError, match="already left this post on 30 June 2023"):
        holding_end(actor=actor, holding=ended, ends_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as unknown:
        holding_end(
            actor=actor, holding=live, ends_on=datetime.date(2024, 1, 1), leaving_reason="bored"
        )

    assert unknown.value.message_dict["leaving_reason"] == ["Choose a leaving reason from the list"]


def test_agency_cover_with_bad_input_is_refused_with_every_message() -> None:
    post = PostFactory()

    with pytest.raises(ValidationError) as refused:
        agency_cover_add(
            actor=WorkforceManagerFactory(),
            post=post,
            worker_name="",
            supplier="",
            fte=Decimal("1.50"),
            reason="whim",
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 4, 1),
        )

    assert refused.value.message_dict == {
        "worker_name": ["Enter the agency worker's name"],
        "supplier": ["Enter the employment agency that supplies them"],
        "fte": ["The FTE for one person in one post cannot be more than 1.00; 1.50 was given"],
        "reason": ["Choose why the post is covered"],
        "ends_on": ["The end date (1 April 2024) must be on or after the start date (1 May 2024)"],
    }
    assert not AgencyCover.objects.exists()
