"""A team manager records who of their team came to a briefing (issue 14): who may and may not,
at the service and on the page; what it records (each person briefed, a line manager's task done
once everyone it covers is briefed, one audit event); and bad input refused with nothing
written.

The Duty team (tests/voice/cascade_helpers.py): Mo manages Tia and Tom; Tia manages Pat and
Pip; Tom manages Pam. Mo is the team's manager."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice.models import BriefingMethod, Message, MessageStatus, Recipient
from childtrust.voice.services.team_briefings import team_briefing_record
from tests.factories import MessageFactory, UserFactory
from tests.voice.cascade_helpers import Tree, build_tree, publish, user_for

pytestmark = pytest.mark.django_db

LIST = reverse("voice:team_briefings")


@pytest.fixture
def tree() -> Tree:
    return build_tree()


@pytest.fixture
def message(tree: Tree) -> Message:
    return publish(tree)


def manager_of_team(tree: Tree, given_name: str = "Mo") -> User:
    return user_for(tree[given_name], role=Role.TEAM_MANAGER)


def briefed(message: Message) -> set[str]:
    return {
        r.staff.given_name
        for r in message.recipients.select_related("staff").filter(briefed_at__isnull=False)
    }


def record(tree: Tree, message: Message, actor: User, *names: str) -> int:
    return team_briefing_record(
        actor=actor,
        message=message,
        team_id=tree.duty.pk,
        attended=[tree[name].pk for name in names],
    )


def page(tree: Tree, message: Message) -> str:
    return reverse("voice:team_briefing", args=[message.pk, tree.duty.pk])


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The service ---------------------------------------------------------------------------------


def test_a_team_manager_records_who_came_whoever_manages_them(tree: Tree, message: Message) -> None:
    before = briefed(message)

    count = record(tree, message, manager_of_team(tree), "Tia", "Pat", "Pip")

    assert count == 3
    assert briefed(message) - before == {"Tia", "Pat", "Pip"}
    tia = tree.task_of(message, "Tia")
    assert tia.briefed_at is not None  # Pat and Pip, all Tia briefs, were there
    assert tia.method == BriefingMethod.TEAM_MEETING
    assert tree.task_of(message, "Tom").briefed_at is None  # Pam was not
    assert tree.task_of(message, "Mo").briefed_at is None  # Tom was not
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="voice.message", details__has_key="team_briefing"
    ).get()
    assert event.details["people_briefed"] == sorted(tree[n].pk for n in ("Tia", "Pat", "Pip"))
    assert event.details["cascade_tasks_done"] == [tia.pk]


def test_a_line_manager_s_own_briefing_is_left_as_it_was(tree: Tree, message: Message) -> None:
    record(tree, message, manager_of_team(tree), "Pat")

    assert briefed(message) >= {"Pat"}
    assert "Pip" not in briefed(message)
    assert tree.task_of(message, "Tia").briefed_at is None


@pytest.mark.parametrize("role", [r for r in Role if r != Role.TEAM_MANAGER])
def test_other_roles_may_not_record_a_team_briefing(
    tree: Tree, message: Message, role: Role
) -> None:
    actor = user_for(tree["Mo"], role=role)

    with pytest.raises(PermissionDenied):
        record(tree, message, actor, "Pat")

    assert "Pat" not in briefed(message)


def test_a_team_manager_may_not_record_another_team_s_briefing(
    tree: Tree, message: Message
) -> None:
    family_manager = manager_of_team(tree, "Meg")

    with pytest.raises(PermissionDenied, match="only for a team you manage"):
        record(tree, message, family_manager, "Pat")

    assert "Pat" not in briefed(message)


def test_a_team_manager_no_longer_in_post_may_not_record(tree: Tree, message: Message) -> None:
    actor = manager_of_team(tree)
    tree["Mo"].is_active = False
    tree["Mo"].save()

    with pytest.raises(PermissionDenied):
        record(tree, message, actor, "Pat")


def test_a_team_manager_without_a_staff_record_may_not_record(tree: Tree, message: Message) -> None:
    with pytest.raises(PermissionDenied, match="not linked to a staff record"):
        record(tree, message, UserFactory(role=Role.TEAM_MANAGER), "Pat")


@pytest.mark.parametrize(
    ("names", "field"),
    [
        ((), "attended"),  # no one chosen
        (("Pat", "Sam"), "attended"),  # Sam is in the Family support team
        (("Mo",), "attended"),  # the manager does not brief themselves
    ],
)
def test_bad_choices_are_refused_and_no_one_counts_as_briefed(
    tree: Tree, message: Message, names: tuple[str, ...], field: str
) -> None:
    before = briefed(message)

    with pytest.raises(ValidationError) as refused:
        record(tree, message, manager_of_team(tree), *names)

    assert field in refused.value.message_dict
    assert briefed(message) == before


def test_a_draft_is_not_briefed(tree: Tree) -> None:
    draft = MessageFactory(sender=tree.sender)
    assert draft.status == MessageStatus.DRAFT

    with pytest.raises(ValidationError, match="not being cascaded"):
        record(tree, draft, manager_of_team(tree), "Pat")


# --- The pages -----------------------------------------------------------------------------------


def test_the_team_manager_sees_their_team_s_messages_with_counts(
    tree: Tree, message: Message
) -> None:
    client = signed_in(manager_of_team(tree))

    listing = client.get(LIST).content.decode()
    briefings = client.get(reverse("voice:cascade_my_briefings")).content.decode()

    assert message.title in listing
    assert "Duty team: 0 of 5 briefed, 5 still to brief." in listing
    assert LIST in briefings


def test_a_practitioner_is_refused_the_team_briefing_pages(tree: Tree, message: Message) -> None:
    client = signed_in(tree.account_of("Pat"))

    assert client.get(LIST).status_code == 403
    assert client.get(page(tree, message)).status_code == 403
    response = client.post(page(tree, message), {"attended": [tree["Pip"].pk]})
    assert response.status_code == 403
    assert "Pip" not in briefed(message)
    assert LIST not in client.get(reverse("voice:cascade_my_briefings")).content.decode()


def test_another_team_s_manager_is_refused_the_page(tree: Tree, message: Message) -> None:
    client = signed_in(manager_of_team(tree, "Meg"))

    assert client.get(page(tree, message)).status_code == 403
    assert client.post(page(tree, message), {"attended": [tree["Pat"].pk]}).status_code == 403
    assert "Pat" not in briefed(message)


def test_recording_on_the_page_returns_to_the_list_saying_how_many(
    tree: Tree, message: Message
) -> None:
    client = signed_in(manager_of_team(tree))

    response = client.post(
        page(tree, message),
        {
            "attended": [tree[n].pk for n in ("Tia", "Tom", "Pat", "Pip", "Pam")],
            "method": "team_meeting",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == LIST
    assert "You have recorded briefing 5 people" in response.content.decode()
    assert tree.task_of(message, "Mo").briefed_at is not None


def test_the_page_shows_every_error_at_once(tree: Tree, message: Message) -> None:
    client = signed_in(manager_of_team(tree))

    response = client.post(page(tree, message), {"method": "by pigeon"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in content
    assert "Choose the people who came to the briefing" in content
    assert "Choose how you briefed your team" in content
    assert not Recipient.objects.filter(
        message=message, team=tree.duty, briefed_at__isnull=False
    ).exists()


def test_someone_not_listed_on_the_page_is_refused(tree: Tree, message: Message) -> None:
    client = signed_in(manager_of_team(tree))

    response = client.post(
        page(tree, message), {"attended": [tree["Sam"].pk], "method": "team_meeting"}
    )

    assert "Choose people from the list" in response.content.decode()
    assert "Sam" not in briefed(message)
