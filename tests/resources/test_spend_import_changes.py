"""A spend import counts and touches only what changed (issue 11, part 5): re-loading the same
file writes no figure, keeps every modified time and says "0 new, 0 changed, N unchanged"; the
audit event keeps the counts. The command streams the file and says how far it has gone."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.resources.models import FinancialYear, MonthlySpend
from childtrust.resources.services.spend import monthly_spend_import
from tests.factories import ServiceFactory, UserFactory
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
ROWS = [
    {"Service": "nursing", "Month": "2026-04", "Amount": "100.00", "Note": "April"},
    {"Service": "nursing", "Month": "2026-05", "Amount": "1.000"},
    {"Service": "youth-work", "Month": "2026-04", "Amount": "(20)", "Note": "a\tjournal\r\nnote"},
]


@pytest.fixture
def keeper() -> User:
    return UserFactory(username="keeper", role=Role.FINANCE_OFFICER)


@pytest.fixture
def year() -> FinancialYear:
    year: FinancialYear = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(name="School nursing", slug="nursing"))
    BudgetLineFactory(year=year, service=ServiceFactory(name="Youth work", slug="youth-work"))
    return year


def _load(keeper: User, year: FinancialYear, rows: list[dict[str, str]]) -> object:
    return monthly_spend_import(
        actor=keeper, year=year, rows=rows, source_name="spend.csv", today=TODAY
    )


def _held() -> dict[tuple[str, datetime.date], tuple[Decimal, str, datetime.datetime]]:
    return {
        (spend.line.service.slug, spend.month): (spend.amount, spend.note, spend.modified_at)
        for spend in MonthlySpend.objects.select_related("line__service")
    }


def test_re_importing_the_same_file_writes_nothing_and_says_so(
    keeper: User, year: FinancialYear
) -> None:
    first = monthly_spend_import(
        actor=keeper, year=year, rows=ROWS, source_name="spend.csv", today=TODAY
    )
    assert (first.created, first.changed, first.unchanged) == (3, 0, 0)
    before = _held()

    again = monthly_spend_import(
        actor=keeper, year=year, rows=ROWS, source_name="spend.csv", today=TODAY
    )

    assert again.ok
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert "monthly figures 0 new, 0 changed, 3 unchanged" in again.summary()
    assert _held() == before, "no figure and no modified time changed"
    event = AuditEvent.objects.latest("sequence")
    assert event.details["spend_file"] == "spend.csv"
    assert (event.details["created"], event.details["changed"]) == (0, 0)
    assert (event.details["unchanged"], event.details["rows"]) == (3, 3)


def test_only_the_figures_that_differ_are_changed_and_counted(
    keeper: User, year: FinancialYear
) -> None:
    monthly_spend_import(actor=keeper, year=year, rows=ROWS, source_name="a.csv", today=TODAY)
    before = _held()
    rows = [dict(row) for row in ROWS]
    rows[0]["Amount"] = "101"  # changed figure
    rows[2]["Note"] = "another note"  # changed note, same figure
    rows.append({"Service": "youth-work", "Month": "2026-05", "Amount": "7"})  # new

    report = monthly_spend_import(
        actor=keeper, year=year, rows=rows, source_name="b.csv", today=TODAY
    )

    assert (report.created, report.changed, report.unchanged) == (1, 2, 1)
    after = _held()
    may = ("nursing", datetime.date(2026, 5, 1))
    assert after[may] == before[may], "the unchanged figure keeps its modified time"
    april = ("nursing", datetime.date(2026, 4, 1))
    assert after[april][0] == Decimal("101.00")
    assert after[april][2] > before[april][2]
    event = AuditEvent.objects.latest("sequence")
    assert (event.details["created"], event.details["changed"]) == (1, 2)
    assert event.details["unchanged"] == 1


def test_notes_keep_their_words_with_tabs_and_line_breaks_as_single_spaces(
    keeper: User, year: FinancialYear
) -> None:
    _load(keeper, year, ROWS)

    assert MonthlySpend.objects.get(amount=Decimal("-20")).note == "a journal note"
    assert MonthlySpend.objects.get(amount=Decimal("1")).amount == Decimal("1.00")


def test_a_changed_figure_records_who_changed_it(keeper: User, year: FinancialYear) -> None:
    _load(UserFactory(role=Role.STRATEGIC_LEAD), year, ROWS[:1])
    rows = [dict(ROWS[0], Amount="5")]

    _load(keeper, year, rows)

    spend = MonthlySpend.objects.get()
    assert (spend.amount, spend.modified_by) == (Decimal("5.00"), keeper)
    assert spend.created_by != keeper


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "spend.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_the_command_streams_the_file_prints_progress_and_counts_an_unchanged_reload(
    keeper: User, year: FinancialYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path, "Service,Month,Amount,Note\r\nnursing,2026-04,100,\r\nyouth-work,2026-05,50,x\r\n"
    )

    call_command("import_spend", "2026-27", str(path), "--user", "keeper")
    first = capsys.readouterr()
    call_command("import_spend", "2026-27", str(path), "--user", "keeper")
    again = capsys.readouterr()

    assert "monthly figures 2 new, 0 changed, 0 unchanged" in first.out
    assert "monthly figures 0 new, 0 changed, 2 unchanged" in again.out
    assert "Checked all 2 rows" in first.err, "the command says when it begins writing"


def test_the_command_reads_a_windows_file_and_says_so(
    keeper: User, year: FinancialYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "Service,Month,Amount,Note\r\nnursing,2026-04,£5,Café\r\n", "cp1252")

    call_command("import_spend", "2026-27", str(path), "--user", "keeper")

    assert "it was read as Windows-1252" in capsys.readouterr().err
    assert MonthlySpend.objects.get().note == "Café"
