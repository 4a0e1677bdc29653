"""The Team Around the Child's pages over HTTP: who may open each and who is refused (403), bad
input shown in the error summary with nothing written, and what the team's page shows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding.models import (
    EarlyHelpAssessment,
    PlanAction,
    Referral,
    StepChange,
    TeamAroundChild,
    TeamMember,
    TeamReview,
)
from tests.children.factories import ChildFactory, involved_user, signed_in, staff_user
from tests.factories import UserFactory
from tests.form_data import date_parts as date_fields
from tests.safeguarding.factories_team import (
    PlanActionFactory,
    TeamMemberFactory,
    days_ago,
    lead_user,
    member_of,
)

pytestmark = pytest.mark.django_db

FORMS = [
    "team_lead",
    "team_member_add",
    "team_assessment",
    "team_action_add",
    "team_review",
    "team_step_up",
    "team_step_down",
    "team_end",
]


def _url(name: str, team: TeamAroundChild, *args: int) -> str:
    return reverse(f"safeguarding:{name}", args=[team.child.reference, *args])


def test_the_team_page_shows_members_by_agency_and_overdue_actions_in_words() -> None:
    user, team = lead_user()
    nurse = TeamMemberFactory(team=team, role="School nurse")
    PlanActionFactory(team=team, owner=nurse.staff, action="Hearing test", due_on=days_ago(3))
    response = signed_in(user).get(_url("team", team))
    assert response.status_code == 200
    page = response.content.decode()
    assert nurse.agency.name in page
    assert "Hearing test" in page
    assert "Overdue" in page
    assert escape(team.child.family_name) in page  # such as O'Brien, escaped in the page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(team.child.pk), actor=user
    ).exists()


def test_a_member_without_an_involvement_sees_the_team_but_not_the_childs_name() -> None:
    _user, team = lead_user()
    member = member_of(team)
    response = signed_in(member).get(_url("team", team))
    assert response.status_code == 200
    assert f"Child {team.child.reference}" in response.content.decode()
    assert team.child.family_name not in response.content.decode()


def test_someone_not_working_with_the_child_is_refused_the_team() -> None:
    _user, team = lead_user()
    response = signed_in(staff_user(Role.PRACTITIONER)).get(_url("team", team))
    assert response.status_code == 403


def test_an_involved_practitioner_starts_a_team_from_the_page() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    client = signed_in(user)
    url = reverse("safeguarding:team_start", args=[child.reference])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "lead_professional": user.staff_member.pk,
            "lead_role": "Family support worker",
            **date_fields("started_on", days_ago(1)),
        },
    )
    team = TeamAroundChild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("team", team)


def test_a_bad_start_shows_every_error_and_writes_nothing() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    response = signed_in(user).post(
        reverse("safeguarding:team_start", args=[child.reference]),
        {"lead_professional": "", "lead_role": "", **date_fields("started_on", "")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Choose the lead professional" in page
    assert "Enter the lead professional&#x27;s role" in page
    assert "Enter the date the team started" in page
    assert not TeamAroundChild.objects.exists()


def test_starting_is_refused_to_someone_not_working_with_the_child() -> None:
    user = staff_user(Role.PRACTITIONER)
    url = reverse("safeguarding:team_start", args=[ChildFactory().reference])
    assert signed_in(user).get(url).status_code == 403


@pytest.mark.parametrize("name", FORMS)
def test_a_member_is_refused_the_forms_that_change_the_team(name: str) -> None:
    _user, team = lead_user()
    member = member_of(team)
    assert signed_in(member).get(_url(name, team)).status_code == 403
    assert signed_in(member).post(_url(name, team), {}).status_code == 403


@pytest.mark.parametrize("name", [n for n in FORMS if n != "team_step_down"])
def test_the_lead_opens_each_form(name: str) -> None:
    user, team = lead_user()
    TeamMemberFactory(team=team)
    assert signed_in(user).get(_url(name, team)).status_code == 200


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("team_lead", ["Choose the member who is to be the lead professional"]),
        ("team_member_add", ["Choose the practitioner", "Enter the date they joined"]),
        (
            "team_assessment",
            ["Enter what the assessment found about the child&#x27;s development"],
        ),
        ("team_action_add", ["Enter the action", "Choose the member who owns it"]),
        ("team_review", ["Enter the progress made", "Enter the date of the review"]),
        ("team_step_up", ["Enter why the team is stepping up"]),
        ("team_end", ["Enter why the team is ending", "Enter the date the team ended"]),
    ],
)
def test_each_form_refuses_blank_input_with_its_messages_and_writes_nothing(
    name: str, messages: list[str]
) -> None:
    user, team = lead_user()
    TeamMemberFactory(team=team)
    response = signed_in(user).post(_url(name, team), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    for message in messages:
        assert message in page
    team.refresh_from_db()
    assert team.ended_on is None
    assert team.members.count() == 2
    assert not EarlyHelpAssessment.objects.exists()
    assert not PlanAction.objects.exists()
    assert not TeamReview.objects.exists()
    assert not StepChange.objects.exists()


def test_an_action_with_a_past_due_date_is_refused_on_the_page() -> None:
    user, team = lead_user()
    response = signed_in(user).post(
        _url("team_action_add", team),
        {"action": "Visit", "owner": user.staff_member.pk, **date_fields("due_on", days_ago(2))},
    )
    assert "The due date must be today or in the future" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_the_owner_marks_their_action_done_and_another_member_is_refused() -> None:
    _user, team = lead_user()
    owner = member_of(team)
    action = PlanActionFactory(team=team, owner=owner.staff_member)
    url = _url("team_action_done", team, action.pk)
    assert signed_in(member_of(team)).post(url, {}).status_code == 403
    response = signed_in(owner).post(url, date_fields("done_on", timezone.localdate()))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_a_member_leaves_the_team_from_the_page_and_stays_in_its_history() -> None:
    _user, team = lead_user()
    member = member_of(team)
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    response = signed_in(member).post(
        _url("team_member_leave", team, row.pk), date_fields("left_on", timezone.localdate())
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:teams")
    row.refresh_from_db()
    assert row.left_on == timezone.localdate()


def test_the_lead_removes_a_member_and_is_back_on_the_team_page_told_so() -> None:
    user, team = lead_user()
    member = member_of(team)
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    client = signed_in(user)
    response = client.post(
        _url("team_member_leave", team, row.pk), date_fields("left_on", timezone.localdate())
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:team", args=[team.child.reference])
    page = client.get(response["Location"]).content.decode()
    assert f"{member.staff_member.full_name} has left the team." in page
    row.refresh_from_db()
    assert row.left_on == timezone.localdate()


def test_a_member_who_leaves_is_told_on_their_own_teams_page() -> None:
    _user, team = lead_user()
    member = member_of(team)
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    client = signed_in(member)
    response = client.post(
        _url("team_member_leave", team, row.pk),
        date_fields("left_on", timezone.localdate()),
        follow=True,
    )
    assert "You have left the team." in response.content.decode()


@pytest.mark.parametrize(("name", "field"), [("leave", "left_on"), ("done", "done_on")])
def test_the_leave_and_done_forms_start_with_today(name: str, field: str) -> None:
    user, team = lead_user()
    member = member_of(team)
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    action = PlanActionFactory(team=team, owner=member.staff_member)
    url = (
        _url("team_member_leave", team, row.pk)
        if name == "leave"
        else _url("team_action_done", team, action.pk)
    )
    response = signed_in(user).get(url)
    assert response.status_code == 200
    assert response.context["form"][field].value() == timezone.localdate()
    assert PlanAction.objects.get().done_on is None
    assert TeamMember.objects.get(pk=row.pk).left_on is None


@pytest.mark.parametrize("name", ["team_member_leave", "team_action_done"])
def test_a_member_or_action_of_another_team_is_not_found(name: str) -> None:
    user, team = lead_user()
    _other_user, other_team = lead_user()
    elsewhere = (
        TeamMember.objects.filter(team=other_team).get().pk
        if name == "team_member_leave"
        else PlanActionFactory(team=other_team).pk
    )
    client = signed_in(user)
    assert client.get(_url(name, team, elsewhere)).status_code == 404
    assert client.post(_url(name, team, elsewhere), {}).status_code == 404
    assert client.get(_url(name, team, 999_999)).status_code == 404


def test_the_lead_adds_an_action_from_the_page() -> None:
    user, team = lead_user()
    member = member_of(team)
    response = signed_in(user).post(
        _url("team_action_add", team),
        {"action": "Visit at home", "owner": member.staff_member.pk}
        | date_fields("due_on", timezone.localdate()),
    )
    assert response.status_code == 302
    assert PlanAction.objects.get().owner == member.staff_member


def test_a_front_door_lead_hands_the_lead_to_a_member_from_the_page() -> None:
    user, team = lead_user(Role.FRONT_DOOR)
    member = member_of(team)
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    response = signed_in(user).post(_url("team_lead", team), {"member": row.pk}, follow=True)
    assert "The lead professional is changed." in response.content.decode()
    team.refresh_from_db()
    assert team.lead_professional == member.staff_member


def test_the_service_refusing_a_new_lead_shows_on_the_page_and_changes_nothing() -> None:
    user, team = lead_user()
    member = member_of(team)  # not someone the practitioner lead manages
    row = TeamMember.objects.get(team=team, staff=member.staff_member)
    response = signed_in(user).post(_url("team_lead", team), {"member": row.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "the front door may name anyone" in page
    team.refresh_from_db()
    assert team.lead_professional == user.staff_member


def test_step_up_from_the_page_refers_the_child() -> None:
    user, team = lead_user()
    response = signed_in(user).post(_url("team_step_up", team), {"reason": "Bruises seen."})
    assert response.status_code == 302
    assert Referral.objects.get().child == team.child


def test_your_teams_lists_those_you_lead_or_belong_to_with_overdue_actions() -> None:
    user, team = lead_user()
    PlanActionFactory(team=team, owner=user.staff_member, due_on=days_ago(1))
    _other_user, other_team = lead_user()
    page = signed_in(user).get(reverse("safeguarding:teams")).content.decode()
    assert f"Team around {team.child.reference}" in page
    assert other_team.child.reference not in page
    assert "1 overdue" in page
    event = AuditEvent.objects.get(action=AuditAction.VIEW, reason="Your teams around children")
    assert event.details["teams"] == [team.child.reference]


def test_your_teams_lists_none_for_someone_with_no_staff_record_and_is_refused_by_role() -> None:
    client = signed_in(UserFactory(role=Role.PRACTITIONER))
    page = client.get(reverse("safeguarding:teams"))
    assert page.status_code == 200
    assert "<table" not in page.content.decode()
    assert (
        signed_in(staff_user(Role.FINANCE_OFFICER)).get(reverse("safeguarding:teams")).status_code
        == 403
    )


def test_the_page_of_a_child_with_no_team_offers_to_start_one() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    page = signed_in(user).get(reverse("safeguarding:team", args=[child.reference]))
    assert "Start a team around the child" in page.content.decode()


def test_a_review_date_in_the_future_is_refused_on_the_page() -> None:
    user, team = lead_user()
    response = signed_in(user).post(
        _url("team_review", team),
        {
            "progress": "Better",
            **date_fields("held_on", timezone.localdate() + datetime.timedelta(days=3)),
        },
    )
    assert "The date of the review must be today or in the past" in response.content.decode()
    assert not TeamReview.objects.exists()
