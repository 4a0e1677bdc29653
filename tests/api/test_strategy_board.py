"""/api/v1/plan/board/...: the partnership board's meetings and actions, read by every role, refused
without the capability, 404 for a missing meeting, paged, filtered, and with no way to change
minutes (approved ones stay locked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from childtrust.core.permissions import Capability
from childtrust.strategy.models import BoardMeeting, Minutes
from tests.api.conftest import ApiClient
from tests.api.refusals import assert_refused_without
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory
from tests.strategy.factories_board import (
    AgendaItemFactory,
    ApprovedMinutesFactory,
    BoardActionFactory,
    BoardMeetingFactory,
    DoneBoardActionFactory,
    days_ago,
)
from tests.strategy.plan_setup import objective_with_overdue_milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting() -> BoardMeeting:
    meeting = BoardMeetingFactory(title="Partnership board", held_on=days_ago(30))
    person = StaffMemberFactory(job_title="Director of children's services")
    meeting.present.set([person])
    meeting.others_present = "Cllr A, lead member\nGuest"
    meeting.save()
    objective = objective_with_overdue_milestone()
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory(meeting=meeting, position=2, subject="objective", objective=objective)
    BoardActionFactory(meeting=meeting, description="Overdue", due_on=days_ago(4))
    DoneBoardActionFactory(meeting=meeting, description="Finished")
    ApprovedMinutesFactory(meeting=meeting, text="Agreed.")
    return meeting


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_meetings_and_actions(
    role: str, meeting: BoardMeeting, api_client_for: Callable[[str], ApiClient]
) -> None:
    client = api_client_for(role)
    listing = client.get("/plan/board/meetings")
    assert listing.status_code == 200
    assert listing.json()["count"] == 2  # the meeting and the one that approved its minutes
    first = next(m for m in listing.json()["items"] if m["id"] == meeting.pk)
    assert first["minutes_status"] == "approved"
    assert first["open_actions"] == 1
    assert client.get(f"/plan/board/meetings/{meeting.pk}").status_code == 200
    assert client.get("/plan/board/actions").status_code == 200


def test_a_meeting_gives_its_agenda_subjects_as_kinds_and_ids(
    meeting: BoardMeeting, api: ApiClient
) -> None:
    body = api.get(f"/plan/board/meetings/{meeting.pk}").json()
    assert [(i["position"], i["subject"]) for i in body["agenda"]] == [(1, None), (2, "objective")]
    assert body["agenda"][1]["subject_id"] == meeting.agenda.get(position=2).objective_id
    assert body["present"][0]["job_title"] == "Director of children's services"
    assert body["others_present"] == ["Cllr A, lead member", "Guest"]
    assert body["minutes"]["status"] == "approved"
    assert body["minutes"]["text"] == "Agreed."
    approved_at = Minutes.objects.get().approved_at
    assert approved_at is not None
    assert body["minutes"]["approved_at_meeting_id"] == approved_at.pk
    overdue = next(a for a in body["actions"] if a["description"] == "Overdue")
    assert (overdue["overdue"], overdue["timing"]) == (True, "Overdue by 4 days")


def test_actions_filter_by_status_and_overdue(meeting: BoardMeeting, api: ApiClient) -> None:
    BoardActionFactory(meeting=meeting, description="Later", due_on=days_ago(-9))

    def shown(query: str) -> list[str]:
        return [a["description"] for a in api.get(f"/plan/board/actions{query}").json()["items"]]

    assert shown("?status=open") == ["Overdue", "Later"]
    assert shown("?status=done") == ["Finished"]
    assert shown("?overdue=true") == ["Overdue"]
    assert sorted(shown("?overdue=false")) == ["Finished", "Later"]
    assert api.get("/plan/board/actions?status=late").status_code == 422


def test_a_missing_meeting_is_404(api: ApiClient) -> None:
    response = api.get("/plan/board/meetings/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No board meeting has the ID 999."}


@pytest.mark.parametrize(
    "path", ["/plan/board/meetings", "/plan/board/meetings/1", "/plan/board/actions"]
)
def test_refused_without_the_capability_with_a_403(
    path: str, api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_refused_without(
        Capability.VIEW_STRATEGY,
        api=api,
        path=path,
        sentence="see the partnership board's record",
        monkeypatch=monkeypatch,
    )


def test_without_a_token_the_board_is_401() -> None:
    assert ApiClient(None).get("/plan/board/meetings").status_code == 401


def test_minutes_cannot_be_changed_through_the_api(meeting: BoardMeeting, api: ApiClient) -> None:
    headers = {"Authorization": f"Bearer {api.token}"}
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api.client, method)(
            f"/api/v1/plan/board/meetings/{meeting.pk}",
            data={"minutes": {"text": "Rewritten"}},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 405
    assert Minutes.objects.get().text == "Agreed."
