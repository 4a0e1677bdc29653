"""A record the person may not see answers exactly as one that does not exist: the same status
and the same body (the number or slug asked aside), on the API and on the pages, so that nobody
learns which of the records kept from them exist. A role that may see a record but not do
something to it is still told why (403 with the reason), as tests/api/refusals.py checks.

Each case below is a record of a kind the service keeps from some people, the person it is
kept from, and how to ask for it or for a number or slug never used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role, User
from childtrust.accounts.services import api_token_create
from childtrust.voice.services.messages import message_publish
from tests.core.answers import as_seen
from tests.factories import (
    AgencyFactory,
    FeedbackFactory,
    MessageFactory,
    ServiceFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.resources.factories_costings import ServiceCostingFactory
from tests.voice.cascade_helpers import build_tree, publish

pytestmark = pytest.mark.django_db

MISSING_ID = "987654"
MISSING_SLUG = "no-such-service-here"


@dataclass
class Hidden:
    user: User
    path: str  # with {} where the record's number or slug goes
    hidden: str  # the number or slug of a record kept from the user
    missing: str  # one that no record has


def _staff(role: str = Role.PRACTITIONER, **fields: Any) -> User:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, **fields)
    return user


def another_partners_costed_service(path: str) -> Hidden:
    """A partner sees the costings of its own agency's services only."""
    user = _staff(agency=AgencyFactory())
    service = ServiceFactory(agency=AgencyFactory())
    ServiceCostingFactory(service=service)
    return Hidden(user, path, service.slug, MISSING_SLUG)


def a_message_sent_to_others(path: str) -> Hidden:
    """A published message is read by those it was sent to."""
    tree = build_tree()
    message = MessageFactory(sender=tree.sender, whole_partnership=False)
    message.agencies.set([tree.health])
    message_publish(actor=tree.user, message=message)
    outsider = tree.account_of("Pat")  # in the council, so not sent it
    return Hidden(outsider, path, str(message.pk), MISSING_ID)


def someone_elses_feedback() -> Hidden:
    """Feedback is answered, and seen, by the person it was routed to alone."""
    feedback = FeedbackFactory()
    return Hidden(_staff(), "/voice/feedback/{}/respond/", str(feedback.pk), MISSING_ID)


def another_managers_briefing() -> Hidden:
    """A manager sees their own briefings to give, not another's."""
    tree = build_tree()
    message = publish(tree)
    task = tree.task_of(message, "Meg")
    return Hidden(tree.account_of("Mo"), "/voice/messages/briefings/{}/", str(task.pk), MISSING_ID)


API_CASES: dict[str, Callable[[], Hidden]] = {
    "costing of another partner's service": lambda: another_partners_costed_service(
        "/api/v1/resources/services/{}"
    ),
    "message sent to others": lambda: a_message_sent_to_others("/api/v1/me/messages/{}"),
}
PAGE_CASES: dict[str, Callable[[], Hidden]] = {
    "costing of another partner's service": lambda: another_partners_costed_service(
        "/resources/services/{}/"
    ),
    "message sent to others": lambda: a_message_sent_to_others("/voice/messages/{}/"),
    "feedback routed to someone else": someone_elses_feedback,
    "another manager's briefing": another_managers_briefing,
}


def _api_answer(response: Any, key: str) -> dict[str, str]:
    """The API's answer, with the number or slug asked (which it names) set aside."""
    return {name: value.replace(key, "<asked>") for name, value in response.json().items()}


@pytest.mark.parametrize("case", list(API_CASES))
def test_an_api_record_kept_from_the_person_answers_as_a_missing_one(case: str) -> None:
    hidden = API_CASES[case]()
    _, token = api_token_create(user=hidden.user, scope=ApiTokenScope.READ)
    client = Client()
    headers = {"Authorization": f"Bearer {token}"}

    kept = client.get(hidden.path.format(hidden.hidden), headers=headers)
    missing = client.get(hidden.path.format(hidden.missing), headers=headers)

    assert kept.status_code == missing.status_code == 404
    assert _api_answer(kept, hidden.hidden) == _api_answer(missing, hidden.missing)


@pytest.mark.parametrize("case", list(PAGE_CASES))
def test_a_page_of_a_record_kept_from_the_person_answers_as_a_missing_one(case: str) -> None:
    hidden = PAGE_CASES[case]()
    client = Client()
    client.force_login(hidden.user)

    kept = client.get(hidden.path.format(hidden.hidden))
    missing = client.get(hidden.path.format(hidden.missing))

    assert kept.status_code == missing.status_code == 404
    assert as_seen(kept) == as_seen(missing)


def test_a_draft_message_is_kept_from_everyone_but_its_author_as_a_missing_one() -> None:
    draft = MessageFactory()
    hidden = Hidden(_staff(), "/api/v1/me/messages/{}", str(draft.pk), MISSING_ID)
    _, token = api_token_create(user=hidden.user)
    headers = {"Authorization": f"Bearer {token}"}

    kept = Client().get(hidden.path.format(hidden.hidden), headers=headers)
    missing = Client().get(hidden.path.format(hidden.missing), headers=headers)

    assert kept.status_code == missing.status_code == 404
    assert _api_answer(kept, hidden.hidden) == _api_answer(missing, hidden.missing)
