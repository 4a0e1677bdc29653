"""While a large indicator file is being checked, the rest of the service keeps writing (issue
11): the import holds no transaction until every row has passed, so another connection's write
goes through at once instead of waiting for the whole check (about 85 seconds for 200,000 rows
before) and failing with "database is locked"."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from childtrust.accounts.models import Role
from childtrust.outcomes.models import Area, AreaType, DataPoint, StagedDataPoint
from childtrust.outcomes.services.uploads import indicator_data_import
from tests.factories import UserFactory
from tests.outcomes.test_importer import good_rows

pytestmark = pytest.mark.django_db(transaction=True)


def _write_from_another_connection() -> str:
    """Writes one row from a new connection, giving up after half a second if the database is
    locked; answers "written" or the error."""
    outcome: list[str] = []

    def write() -> None:
        try:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 500")
            Area.objects.create(code="W01", name="Written meanwhile", area_type=AreaType.WARD)
            outcome.append("written")
        except Exception as error:
            outcome.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    return outcome[0] if outcome else "still waiting"


def test_another_connection_writes_while_the_file_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("childtrust.outcomes.indicator_staging.STAGE_BATCH", 2)
    actor = UserFactory(role=Role.STRATEGIC_LEAD)
    during_check: list[tuple[bool, str]] = []

    def progress(stage: str, rows: int) -> None:
        if stage == "checking" and not during_check:
            during_check.append((connection.in_atomic_block, _write_from_another_connection()))

    report = indicator_data_import(
        actor=actor, rows=good_rows(), source_name="profiles.csv", progress=progress
    )

    assert report.ok
    assert during_check == [(False, "written")]
    assert Area.objects.filter(code="W01").exists()
    assert DataPoint.objects.count() == 5
    assert not StagedDataPoint.objects.exists()
