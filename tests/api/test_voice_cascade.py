"""/api/v1/messages and /api/v1/me/messages: messages' reach for those leading the change, and
each person's own messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice.models import BriefingMethod, CascadeTask
from childtrust.voice.services.cascade import cascade_briefing_record, message_confirm
from childtrust.voice.services.corrections import message_correct
from childtrust.voice.services.messages import message_question_answer
from tests.api.conftest import ApiClient
from tests.factories import CheckQuestionFactory, MessageFactory, MessageQuestionFactory
from tests.voice.cascade_helpers import Tree, build_tree, publish, user_for

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
LEADING = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}


@pytest.fixture
def tree() -> Tree:
    return build_tree()


@pytest.fixture
def client_as(token_for: Callable[[User], str]) -> Callable[[User], ApiClient]:
    return lambda user: ApiClient(token_for(user))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_leading_the_change_list_messages_and_see_reach(
    tree: Tree, role: str, api_client_for: Callable[[str], ApiClient]
) -> None:
    message = publish(tree)
    api = api_client_for(role)

    listed = api.get("/messages")
    reach = api.get(f"/messages/{message.pk}/reach")

    expected = 200 if role in LEADING else 403
    assert (listed.status_code, reach.status_code) == (expected, expected)


def test_the_list_gives_each_message_with_its_reach(
    tree: Tree, api_client_for: Callable[[str], ApiClient]
) -> None:
    message = publish(tree, title="One front door")
    cascade_briefing_record(
        actor=tree.account_of("Hana"),
        task=tree.task_of(message, "Hana"),
        method=BriefingMethod.TEAM_MEETING,
    )
    MessageFactory(sender=tree.sender, title="A draft")

    items = api_client_for(Role.STRATEGIC_LEAD).get("/messages").json()["items"]

    assert [item["title"] for item in items] == ["A draft", "One front door"]
    published = items[1]
    assert published["status"] == "published"
    assert published["sender"] == "Hal Chief"
    assert (published["recipients"], published["reached"], published["understood"]) == (12, 3, 0)
    assert published["managers_late"] == 0
    assert published["questions_waiting"] == 0


def test_reach_gives_groups_days_stalls_and_questions_and_is_audited(
    tree: Tree, api_client_for: Callable[[str], ApiClient]
) -> None:
    message = publish(tree)
    CascadeTask.objects.filter(message=message, manager=tree["Tom"]).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    MessageQuestionFactory(message=message, asked_by=tree["Pat"], text="Early help?")

    body = api_client_for(Role.PARTNERSHIP_ADMIN).get(f"/messages/{message.pk}/reach").json()

    assert body["overall"]["people"] == 12  # everyone but Hal, who sent it
    assert body["overall"]["reached"] == 1
    assert body["audience"] == "The whole partnership"
    level_1 = body["by_level"][0]
    assert (level_1["level"], level_1["people"], level_1["reached_share"]) == (1, 1, 1.0)
    assert level_1["median_hours_to_reach"] == 0
    assert {g["label"] for g in body["by_locality"]} == {"North", "South", "No locality"}
    assert body["over_time"][0]["day"] == 0
    [stall] = body["stalls"]
    assert stall["manager"]["name"] == "Tom Lead"
    assert stall["team"] == "Duty team"
    assert [p["name"] for p in stall["unreached"]] == ["Pam Worker"]
    assert body["questions"][0]["text"] == "Early help?"
    assert body["questions"][0]["asked_by"] == "Pat Worker"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(message.pk)).exists()


def test_reach_of_a_draft_or_an_unknown_message_is_not_found(
    tree: Tree, api_client_for: Callable[[str], ApiClient]
) -> None:
    draft = MessageFactory(sender=tree.sender)
    api = api_client_for(Role.STRATEGIC_LEAD)

    assert api.get(f"/messages/{draft.pk}/reach").status_code == 404
    assert api.get("/messages/999999/reach").json() == {
        "detail": "No published message has the id 999999."
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_their_own_messages(
    tree: Tree, role: str, client_as: Callable[[User], ApiClient]
) -> None:
    message = publish(tree, title="One front door")
    CheckQuestionFactory(message=message, prompt="Where?", choices=["Here", "There"])
    api = client_as(user_for(tree["Pat"], role))

    listed = api.get("/me/messages")
    detail = api.get(f"/me/messages/{message.pk}")

    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert item["title"] == "One front door"
    assert item["status"] == "to read and confirm"
    assert detail.status_code == 200
    assert detail.json()["check_questions"] == [{"prompt": "Where?", "choices": ["Here", "There"]}]
    assert "correct_choice" not in detail.text


def test_my_message_shows_answers_and_my_confirmation(
    tree: Tree, client_as: Callable[[User], ApiClient]
) -> None:
    message = publish(tree)
    question = MessageQuestionFactory(message=message, asked_by=tree["Sam"], text="When?")
    message_question_answer(actor=tree.user, question=question, answer="April.")
    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])

    body = client_as(tree.account_of("Pat")).get(f"/me/messages/{message.pk}").json()

    assert body["status"] == "understood"
    assert body["understood_at"] is not None
    assert [(q["text"], q["answer"]) for q in body["answered_questions"]] == [("When?", "April.")]


def test_my_message_gives_its_corrections_and_what_was_first_sent(
    tree: Tree, client_as: Callable[[User], ApiClient]
) -> None:
    message = publish(tree, title="One front door")
    message_confirm(actor=tree.account_of("Pat"), message=message, answers=[])
    pat = client_as(tree.account_of("Pat"))
    assert pat.get(f"/me/messages/{message.pk}").json()["first_sent"] is None

    message_correct(actor=tree.user, message=message, body="From May.", note="May, not April.")

    body = pat.get(f"/me/messages/{message.pk}").json()
    listed = pat.get("/me/messages").json()
    assert body["body"] == "From May."
    assert body["corrections"] == [
        {
            "version": 2,
            "corrected_on": timezone.localdate().isoformat(),
            "note": "May, not April.",
        }
    ]
    assert body["first_sent"] == {
        "title": "One front door",
        "body": "From April every referral goes through the front door.",
    }
    assert body["status"] == listed["items"][0]["status"] == "corrected: confirm again"


def test_a_message_not_sent_to_me_is_not_found(
    tree: Tree, client_as: Callable[[User], ApiClient]
) -> None:
    message = publish(tree, levels=[4])

    response = client_as(user_for(tree["Mo"])).get(f"/me/messages/{message.pk}")

    assert response.status_code == 404


def test_an_account_not_linked_to_a_staff_record_is_told_so(
    api_client_for: Callable[[str], ApiClient],
) -> None:
    response = api_client_for(Role.PRACTITIONER).get("/me/messages")

    assert response.status_code == 403
    assert "not linked to a staff record" in response.json()["detail"]


def test_the_list_costs_the_same_few_queries_however_many_messages(
    tree: Tree,
    api_client_for: Callable[[str], ApiClient],
    django_assert_max_num_queries: Callable[[int], Any],
) -> None:
    for _ in range(5):
        publish(tree)
    api = api_client_for(Role.STRATEGIC_LEAD)

    with django_assert_max_num_queries(6):
        response = api.get("/messages")

    assert len(response.json()["items"]) == 5
