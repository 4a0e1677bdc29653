"""The demo partnership's board pack, as `childtrust load_demo` leaves it: for its latest meeting
every section has something to say (objectives rated, measures off trajectory with their charts,
indicators worse than England, the pooled budget's forecast and flags, messages' reach and the
survey's trend, the workforce's measures beside England's and the restructure in consultation,
the stages rated, the top risks and open actions), all labelled as demonstration figures."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.strategy import access
from childtrust.strategy.board_pack.sections import Pack, pack_gather
from childtrust.strategy.selectors.board import meeting_latest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack() -> Pack:
    meeting = meeting_latest()
    assert meeting is not None
    with override_settings(DEMO=True):
        return pack_gather(meeting, reader=access.board_pack_reader())


def test_every_section_of_the_demos_pack_has_something_to_say(pack: Pack) -> None:
    assert pack.demo
    assert pack.plan is not None
    assert len(pack.plan.objectives) == 5
    assert {objective.rag for objective in pack.plan.objectives} <= {
        "Off track",
        "At risk",
        "On track",
    }
    assert pack.measures is not None
    assert pack.measures.off_trajectory > 0
    assert len(pack.measures.charts) == pack.measures.off_trajectory
    assert all(chart.rows for chart in pack.measures.charts)
    assert pack.outcomes is not None
    assert pack.outcomes.worse
    assert pack.budget is not None
    assert pack.budget.overspending
    assert pack.voice.messages
    assert pack.voice.surveys
    assert pack.workforce.census_day is not None
    assert pack.workforce.england_loaded
    assert all(line.partnership and line.england for line in pack.workforce.lines)
    assert any(
        line.duty.startswith("The collective duty applies")
        for line in pack.workforce.in_consultation
    )
    assert len(pack.change) == 8
    assert pack.risks.top
    assert pack.risks.heat_map.total == pack.risks.open_count
    assert pack.actions


def test_the_demos_printable_pack_opens_for_the_strategic_lead(client: Client) -> None:
    meeting = meeting_latest()
    assert meeting is not None
    lead = UserFactory(username="pack-lead", role=Role.STRATEGIC_LEAD)
    client.force_login(lead)
    with override_settings(DEMO=True):
        page = client.get(reverse("strategy:board_pack", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Demonstration figures" in page.content.decode()
