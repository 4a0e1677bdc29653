"""While a spend file is being checked, the rest of the service keeps writing (issue 11, part 5):
the import holds no transaction until every row has passed, so another connection's write goes
through at once. Before, the whole import ran in one transaction, which on SQLite takes the
write lock at its start (IMMEDIATE), and the other write failed with "database is locked"."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator

import pytest
from django.db import connection

from childtrust.accounts.models import Role
from childtrust.partnership.models import Agency
from childtrust.resources.models import MonthlySpend
from childtrust.resources.services.spend import monthly_spend_import
from tests.factories import AgencyFactory, ServiceFactory, UserFactory
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory

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
            AgencyFactory(name="Written meanwhile", slug="written-meanwhile")
            outcome.append("written")
        except Exception as error:
            outcome.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    return outcome[0] if outcome else "still waiting"


def test_another_connection_writes_while_the_file_is_checked() -> None:
    year = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(slug="nursing"))
    during_check: list[tuple[bool, str]] = []

    def rows() -> Iterator[dict[str, str]]:
        yield {"Service": "nursing", "Month": "2026-04", "Amount": "1"}
        during_check.append((connection.in_atomic_block, _write_from_another_connection()))
        yield {"Service": "nursing", "Month": "2026-05", "Amount": "2"}

    report = monthly_spend_import(
        actor=UserFactory(role=Role.FINANCE_OFFICER),
        year=year,
        rows=rows(),
        source_name="spend.csv",
        today=datetime.date(2026, 11, 26),
    )

    assert report.ok, report.problems
    assert during_check == [(False, "written")]
    assert Agency.objects.filter(slug="written-meanwhile").exists()
    assert MonthlySpend.objects.count() == 2
