"""Two starts of a team around one child at the same moment in two connections make one team,
not two, and the second is refused in words: both may find no open team, and the constraint
one_team_around_each_child makes the second insert wait for the first to commit and then fail,
answered as the check is. Real only with two connections on PostgreSQL:
DATABASE_URL=postgres://... pytest tests/safeguarding/test_team_races.py."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.safeguarding.models import TeamAroundChild
from childtrust.safeguarding.services.team_around_child import team_start
from tests.children.factories import ChildFactory, staff_user
from tests.factories import StaffMemberFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need PostgreSQL"
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_starts_at_the_same_moment_make_one_team() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    leads = [StaffMemberFactory(), StaffMemberFactory()]
    ready = threading.Barrier(2, timeout=10)
    outcome: dict[int, Any] = {}

    def start(n: int) -> None:
        try:
            with transaction.atomic():
                ready.wait()
                outcome[n] = team_start(
                    actor=front_door,
                    child=child,
                    lead_professional=leads[n],
                    lead_role="Family support worker",
                    started_on=timezone.localdate() - datetime.timedelta(days=1),
                )
        except Exception as error:  # reported below
            outcome[n] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=start, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert TeamAroundChild.objects.filter(child=child).count() == 1
    refused = [o for o in outcome.values() if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcome
    assert "already has a team" in " ".join(refused[0].messages)
