"""The front door's pages over HTTP: who may open each (and who may not), a referral taken
through its steps as the forms post them, and bad input shown with every error, nothing
written."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.safeguarding import models as s
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    involved_user,
    signed_in,
    staff_user,
)
from tests.factories import StaffMemberFactory
from tests.form_data import date_parts
from tests.safeguarding.factories_front_door import (
    ClockFactory,
    DecidedReferralFactory,
    InformationRequestFactory,
    ReferralFactory,
    ScreenedReferralFactory,
    front_door_user,
    manager_line,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FRONT_DOOR, 200),
        (Role.PRACTITIONER, 403),
        (Role.TEAM_MANAGER, 403),
        (Role.FINANCE_OFFICER, 403),
    ],
)
def test_who_may_open_the_front_doors_queue(role: Role, status: int) -> None:
    ReferralFactory()
    response = signed_in(staff_user(role)).get(reverse("safeguarding:front_door"))
    assert response.status_code == status


def test_the_queue_counts_by_stage_and_filters_by_rating() -> None:
    ReferralFactory()
    red = ScreenedReferralFactory(rag=s.Rag.RED)
    ScreenedReferralFactory(rag=s.Rag.GREEN)
    client = signed_in(front_door_user())
    page = client.get(reverse("safeguarding:front_door")).content.decode()
    assert "Received: 1 referral" in page
    assert "Screened: 2 referrals" in page
    filtered = client.get(reverse("safeguarding:front_door"), {"rag": "red"}).content.decode()
    assert f"Referral {red.pk}" in filtered
    assert "1 referral" in filtered


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.FRONT_DOOR, 200), (Role.PRACTITIONER, 200), (Role.FINANCE_OFFICER, 403)],
)
def test_who_may_open_the_new_referral_form(role: Role, status: int) -> None:
    response = signed_in(staff_user(role)).get(reverse("safeguarding:referral_new"))
    assert response.status_code == status


def test_a_practitioner_referring_a_child_is_named_as_the_referrer_received_today() -> None:
    user = staff_user(Role.PRACTITIONER)
    staff = user.staff_member
    page = html.unescape(
        signed_in(user)
        .get(reverse("safeguarding:referral_new"), {"child": "CT-000042"})
        .content.decode()
    )
    assert 'value="CT-000042"' in page
    assert f'value="{staff.full_name}, {staff.job_title}"' in page
    assert f'<option value="{staff.agency_id}" selected>' in page
    assert f'value="{timezone.localdate().year}"' in page
    door = html.unescape(
        signed_in(front_door_user()).get(reverse("safeguarding:referral_new")).content.decode()
    )
    # The front door writes in whoever called: no referrer is assumed.
    assert '<option value="" selected>' in door.split('name="referrer_agency"')[1]


def _new_referral(reference: str, **changes: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "child_reference": reference,
        "kind": "referral",
        **date_parts("received_on", today),
        "received_time": "00:01",
        "referrer_name": "Sam Okafor",
        "referrer_agency": "",
        "referrer_email": "sam@school.example.org",
        "referrer_phone": "",
        "reason": "Hungry and bruised.",
    } | changes


def test_a_referral_recorded_on_the_form_starts_its_decision_clock() -> None:
    child = ChildFactory()
    client = signed_in(front_door_user())
    response = client.post(reverse("safeguarding:referral_new"), _new_referral(child.reference))
    referral = s.Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:referral", args=[referral.pk])
    assert referral.clocks.get().kind == s.ClockKind.DECISION


def test_the_referral_form_shows_every_error_at_once_and_writes_nothing() -> None:
    response = signed_in(front_door_user()).post(
        reverse("safeguarding:referral_new"),
        _new_referral(
            "", kind="", received_time="25:99", referrer_name="", reason="", referrer_email="x"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    for message in (
        "Enter the child&#x27;s reference",
        "Select whether this is a contact or a referral",
        "Enter the time as hours and minutes",
        "Enter the name of the person who referred the child",
        "Enter why the referrer is worried about the child",
    ):
        assert message in page
    assert not s.Referral.objects.exists()


def test_an_unknown_child_reference_is_an_error_on_the_form() -> None:
    response = signed_in(front_door_user()).post(
        reverse("safeguarding:referral_new"), _new_referral("CT-999999")
    )
    assert "No child has that reference" in response.content.decode()
    assert not s.Referral.objects.exists()


def test_a_referrals_page_is_for_those_who_may_see_the_child() -> None:
    referral = ReferralFactory()
    url = reverse("safeguarding:referral", args=[referral.pk])
    assert signed_in(front_door_user()).get(url).status_code == 200
    involved, _child = involved_user(Role.PRACTITIONER, referral.child)
    page = signed_in(involved).get(url)
    assert page.status_code == 200
    assert "Step 1: screen" not in page.content.decode()  # reads, does not run the front door
    assert signed_in(staff_user(Role.PRACTITIONER)).get(url).status_code == 404
    assert signed_in(staff_user(Role.FINANCE_OFFICER)).get(url).status_code == 403


def test_a_referral_taken_through_its_steps_on_its_page() -> None:
    actor = front_door_user()
    client = signed_in(actor)
    referral = ReferralFactory()
    s.Clock.objects.create(
        child=referral.child,
        referral=referral,
        kind=s.ClockKind.DECISION,
        started_on=timezone.localdate(),
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    involvement = InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory())
    pk = referral.pk
    page = reverse("safeguarding:referral", args=[pk])

    assert (
        client.post(
            reverse("safeguarding:referral_screen", args=[pk]), {"rag": "red", "note": "Bruise."}
        )["Location"]
        == page
    )
    assert (
        client.post(
            reverse("safeguarding:referral_information", args=[pk]),
            {"agencies": [involvement.agency_id]},
        )["Location"]
        == page
    )
    assert (
        client.post(
            reverse("safeguarding:referral_decide", args=[pk]),
            {"decision": "s47", "reason_s47": "Injury unexplained.", "reason_nfa": "ignored"},
        )["Location"]
        == page
    )
    referral.refresh_from_db()
    assert referral.decision_reason == "Injury unexplained."
    assert "Record a strategy discussion" in client.get(page).content.decode()
    assert (
        client.post(reverse("safeguarding:referrer_tell", args=[pk]), {"how": "By phone"})[
            "Location"
        ]
        == page
    )
    referral.refresh_from_db()
    assert referral.stage == s.ReferralStage.CLOSED


def test_a_decision_without_its_reason_is_shown_with_the_error_and_not_recorded() -> None:
    referral = ScreenedReferralFactory()
    response = signed_in(front_door_user()).post(
        reverse("safeguarding:referral_decide", args=[referral.pk]),
        {"decision": "s17", "reason_nfa": "A reason for another option."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the reason for the decision" in page
    assert "<title>Error: " in page
    referral.refresh_from_db()
    assert referral.stage == s.ReferralStage.SCREENED


def test_a_step_out_of_order_is_refused_on_the_page() -> None:
    referral = DecidedReferralFactory()
    response = signed_in(front_door_user()).post(
        reverse("safeguarding:referral_screen", args=[referral.pk]), {"rag": "red", "note": "x"}
    )
    assert response.status_code == 400
    assert "cannot be screened now" in response.content.decode()


def test_a_practitioner_may_not_post_a_front_door_step() -> None:
    referral = ReferralFactory()
    involved, _child = involved_user(Role.PRACTITIONER, referral.child)
    response = signed_in(involved).post(
        reverse("safeguarding:referral_screen", args=[referral.pk]), {"rag": "red", "note": "x"}
    )
    assert response.status_code == 403


def test_the_strategy_discussion_and_conference_forms() -> None:
    referral = DecidedReferralFactory(decision=s.ReferralDecision.CHILD_PROTECTION)
    involvement = InvolvementFactory(child=referral.child, practitioner=StaffMemberFactory())
    client = signed_in(front_door_user())
    url = reverse("safeguarding:strategy_discussion", args=[referral.pk])
    bad = client.post(url, {"outcome": ""})
    assert bad.status_code == 400
    assert "Enter the date it was held" in bad.content.decode()
    assert not s.StrategyDiscussion.objects.exists()
    done = client.post(
        url,
        {
            **date_parts("held_on", timezone.localdate()),
            "agencies": [involvement.agency_id],
            "outcome": "Proceed.",
            "proceed_to_conference": "yes",
        },
    )
    assert done.status_code == 302
    assert s.Clock.objects.filter(kind=s.ClockKind.INITIAL_CONFERENCE).exists()
    conference = reverse("safeguarding:conference", args=[referral.pk])
    form = client.get(conference).content.decode()
    assert 'id="id_plan_made-conditional"' in form  # the category revealed by "Yes"
    refused = client.post(
        conference,
        {"kind": "initial", **date_parts("held_on", timezone.localdate()), "plan_made": "yes"},
    )
    assert "Select the category of the child protection plan" in refused.content.decode()
    assert signed_in(staff_user(Role.PRACTITIONER)).get(conference).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FRONT_DOOR, 200),
        (Role.TEAM_MANAGER, 200),
        (Role.PRACTITIONER, 403),
        (Role.FINANCE_OFFICER, 403),
    ],
)
def test_who_may_open_the_clocks_page(role: Role, status: int) -> None:
    assert signed_in(staff_user(role)).get(reverse("safeguarding:clocks")).status_code == status


def test_a_manager_sees_their_lines_clocks_in_working_days() -> None:
    _head, manager, owner = manager_line()
    today = timezone.localdate()
    ClockFactory(owner=owner.staff_member, due_on=today - datetime.timedelta(days=14))
    other = ClockFactory(due_on=today - datetime.timedelta(days=14))
    page = signed_in(manager).get(reverse("safeguarding:clocks")).content.decode()
    assert "working days overdue" in page
    assert other.child.reference not in page


def test_an_agency_answers_its_request_and_others_may_not() -> None:
    asked = InformationRequestFactory()
    url = reverse("safeguarding:information_answer", args=[asked.pk])
    own = staff_user(Role.PRACTITIONER, agency=asked.agency)
    client = signed_in(own)
    listed = client.get(reverse("safeguarding:information_requests")).content.decode()
    assert asked.referral.child.reference in listed
    assert asked.referral.reason not in client.get(url).content.decode()
    bad = client.post(url, {"answer": " "})
    assert bad.status_code == 400
    assert "Enter what your agency knows about the child" in bad.content.decode()
    assert client.post(url, {"answer": "Seen weekly."}).status_code == 302
    assert signed_in(staff_user(Role.PRACTITIONER)).get(url).status_code == 403


def test_the_home_page_counts_what_waits_for_the_front_door() -> None:
    ReferralFactory()
    referral = ReferralFactory()
    s.Clock.objects.create(
        child=referral.child,
        referral=referral,
        kind=s.ClockKind.DECISION,
        started_on=timezone.localdate(),
        due_on=timezone.localdate(),
    )
    page = signed_in(front_door_user()).get(reverse("core:home")).content.decode()
    assert "2 referrals to screen" in page
    assert "1 decision due today" in page
    assert "1 clock near breach or breached" in page
