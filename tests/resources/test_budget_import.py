"""Importing monthly spend from a finance system's CSV export: every bad row reported with its
line and reason, and nothing loaded unless every row is good."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.budget_rules import spend_amount_parse, spend_month_parse
from childtrust.resources.models import MonthlySpend
from childtrust.resources.services.spend import monthly_spend_import
from tests.factories import AgencyFactory, ServiceFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
    budget_keeper,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def _rows(*rows: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"Service": s, "Month": m, "Amount": a} for s, m, a in rows]


@pytest.fixture
def lines() -> tuple[object, object]:
    nursing = BudgetLineFactory(service=ServiceFactory(name="School nursing", slug="nursing"))
    youth = BudgetLineFactory(service=ServiceFactory(name="Youth work", slug="youth-work"))
    return nursing, youth


def test_a_good_file_loads_every_row(lines: tuple[object, object]) -> None:
    nursing, youth = lines
    report = monthly_spend_import(
        actor=budget_keeper(),
        year=FinancialYearFactory(),
        rows=[
            {"service": "nursing", "month": "2026-04", "amount": "£1,000.50", "note": " April "},
            {"SERVICE": "Youth work", "MONTH": "2026-4", "AMOUNT": "(200)"},
            {"Service": "school NURSING", "Month": "2026-05", "Amount": "-3.25"},
        ],
        source_name="spend.csv",
        today=TODAY,
    )

    assert report.ok, report.problems
    assert (report.rows, report.created, report.changed) == (3, 3, 0)
    assert report.total == Decimal("797.25")
    figures = {(s.line_id, s.month, s.amount, s.note) for s in MonthlySpend.objects.all()}
    assert figures == {
        (nursing.pk, datetime.date(2026, 4, 1), Decimal("1000.50"), "April"),
        (youth.pk, datetime.date(2026, 4, 1), Decimal("-200.00"), ""),
        (nursing.pk, datetime.date(2026, 5, 1), Decimal("-3.25"), ""),
    }
    [event] = AuditEvent.objects.filter(action=AuditAction.CREATE)
    assert event.object_type == "resources.financialyear"
    assert event.details["spend_file"] == "spend.csv"
    assert event.details["created"] == 3


def test_a_month_already_recorded_is_replaced_and_others_stay(
    lines: tuple[object, object],
) -> None:
    nursing, _ = lines
    MonthlySpendFactory(line=nursing, month=datetime.date(2026, 4, 1), amount=Decimal("5"))
    kept = MonthlySpendFactory(line=nursing, month=datetime.date(2026, 6, 1), amount=Decimal("7"))

    report = monthly_spend_import(
        actor=budget_keeper(),
        year=FinancialYearFactory(),
        rows=_rows(("nursing", "2026-04", "9")),
        source_name="spend.csv",
        today=TODAY,
    )

    assert (report.created, report.changed) == (0, 1)
    assert MonthlySpend.objects.get(month=datetime.date(2026, 4, 1)).amount == Decimal("9")
    kept.refresh_from_db()
    assert kept.amount == Decimal("7")


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_loaded(
    lines: tuple[object, object],
) -> None:
    ServiceFactory(name="Not budgeted", slug="not-budgeted")
    report = monthly_spend_import(
        actor=budget_keeper(),
        year=FinancialYearFactory(),
        rows=_rows(
            ("nursing", "2026-04", "100"),  # line 2: good
            ("Speech therapy", "2026-04", "100"),  # 3: unknown service
            ("not-budgeted", "2026-04", "100"),  # 4: no budget line
            ("nursing", "2027-04", "100"),  # 5: outside the year
            ("nursing", "2026-12", "100"),  # 6: not begun
            ("nursing", "2026-05", "a lot"),  # 7: not a number
            ("nursing", "April 2026", "1"),  # 8: month not YYYY-MM
            ("School nursing", "2026-04", "5"),  # 9: duplicate of line 2
            ("", "", ""),  # 10: everything missing
        ),
        source_name="spend.csv",
        today=TODAY,
    )

    assert not report.ok
    assert [p.line for p in report.problems] == [3, 4, 5, 6, 7, 8, 9, 10]
    reasons = {p.line: p.reason for p in report.problems}
    assert reasons[3] == 'no service is called "Speech therapy" (by name or slug)'
    assert reasons[4] == "Not budgeted has no budget line in 2026-27"
    assert reasons[5].startswith("April 2027 is not in the financial year 2026-27")
    assert reasons[6].startswith("December 2026 has not begun yet")
    assert reasons[7] == 'the amount "a lot" is not a number of pounds, such as 1234.56'
    assert reasons[8].startswith('the month "April 2026" is not a month written as YYYY-MM')
    assert reasons[9] == (
        "School nursing in April 2026 is also on line 2: each service and month may appear once"
    )
    assert "the service is empty" in reasons[10]
    assert "the amount" in reasons[10]
    assert str(report.problems[0]).startswith("Line 3: ")
    assert not MonthlySpend.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_name_two_partners_share_must_be_given_as_a_slug() -> None:
    first = BudgetLineFactory(
        service=ServiceFactory(name="Parenting", slug="parenting-a", agency=AgencyFactory())
    )
    BudgetLineFactory(
        service=ServiceFactory(name="Parenting", slug="parenting-b", agency=AgencyFactory())
    )
    report = monthly_spend_import(
        actor=budget_keeper(),
        year=first.year,
        rows=_rows(("Parenting", "2026-04", "1"), ("parenting-a", "2026-04", "1")),
        source_name="spend.csv",
        today=TODAY,
    )
    assert [p.line for p in report.problems] == [2]
    assert "more than one service is called" in report.problems[0].reason
    assert "use the service's slug" in report.problems[0].reason


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.5", Decimal("1234.5")),
        ("£1,234.50", Decimal("1234.50")),
        ("-250", Decimal("-250")),
        ("(250.00)", Decimal("-250.00")),
        (" 12 ", Decimal("12")),
        ("-£3", Decimal("-3")),
    ],
)
def test_amounts_are_read_as_finance_exports_write_them(text: str, amount: Decimal) -> None:
    assert spend_amount_parse(text) == amount


@pytest.mark.parametrize("text", ["", "12,34", "1.2.3", "NaN", "1e5", "£", "1.001", "12abc"])
def test_amounts_that_are_not_pounds_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        spend_amount_parse(text)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-04", "2026/04", "April"])
def test_months_not_written_yyyy_mm_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        spend_month_parse(text)


# --- The command


KEEPER = "budget-keeper"


@pytest.fixture(autouse=True)
def _keeper() -> None:
    """The finance officer the command loads for (it acts for a named person, as the page does)."""
    UserFactory(username=KEEPER, role=Role.FINANCE_OFFICER)


def _write(tmp_path: Path, text: str, name: str = "spend.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_loads_a_good_file(
    tmp_path: Path, lines: tuple[object, object], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path, "Service,Month,Amount,Note\nnursing,2026-04,100.00,\nyouth-work,2026-05,50,x\n"
    )

    call_command("import_spend", "2026-27", str(path), "--user", KEEPER)

    assert MonthlySpend.objects.count() == 2
    assert "Loaded 2 rows of spend for 2026-27 from spend.csv" in capsys.readouterr().out


def test_the_command_lists_bad_lines_and_loads_nothing(
    tmp_path: Path, lines: tuple[object, object], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "Service,Month,Amount\nnursing,2026-04,100\nnobody,2026-04,x\n")

    with pytest.raises(CommandError, match=r"1 problem\(s\) in spend.csv: nothing was loaded"):
        call_command("import_spend", "2026-27", str(path), "--user", KEEPER)

    assert "Line 3: no service is called" in capsys.readouterr().err
    assert not MonthlySpend.objects.exists()


def test_the_command_counts_every_bad_line_beyond_those_it_lists(
    tmp_path: Path,
    lines: tuple[object, object],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("childtrust.core.import_problems.MAX_PROBLEMS_KEPT", 2)
    path = _write(tmp_path, "Service,Month,Amount\n" + "nobody,2026-04,x\n" * 5)

    with pytest.raises(CommandError, match=r"5 problem\(s\) in spend.csv: nothing was loaded"):
        call_command("import_spend", "2026-27", str(path), "--user", KEEPER)

    assert capsys.readouterr().err.count("no service is called") == 2  # the two kept


def test_the_command_refuses_an_unknown_year(tmp_path: Path) -> None:
    path = _write(tmp_path, "Service,Month,Amount\nnursing,2026-04,100\n")
    with pytest.raises(CommandError, match='There is no financial year "2030-31"'):
        call_command("import_spend", "2030-31", str(path), "--user", KEEPER)


def test_the_command_refuses_a_file_without_the_columns(
    tmp_path: Path, lines: tuple[object, object]
) -> None:
    path = _write(tmp_path, "Cost centre,Period,Value\nnursing,2026-04,100\n")
    with pytest.raises(CommandError, match="has no column called service, month, amount"):
        call_command("import_spend", "2026-27", str(path), "--user", KEEPER)
    assert not MonthlySpend.objects.exists()


def test_the_command_refuses_a_missing_or_empty_file(tmp_path: Path) -> None:
    FinancialYearFactory()
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_spend", "2026-27", str(tmp_path / "none.csv"), "--user", KEEPER)
    with pytest.raises(CommandError, match="is empty"):
        call_command("import_spend", "2026-27", str(_write(tmp_path, "")), "--user", KEEPER)


def test_the_command_records_the_person_it_loads_for(
    tmp_path: Path, lines: tuple[object, object]
) -> None:
    path = _write(tmp_path, "Service,Month,Amount\nnursing,2026-04,100\n")

    call_command("import_spend", "2026-27", str(path), "--user", KEEPER)

    event = AuditEvent.objects.latest("sequence")
    assert event.details["spend_file"] == "spend.csv"
    assert event.actor_username == KEEPER


def test_the_command_refuses_someone_the_upload_page_refuses_and_loads_nothing(
    tmp_path: Path, lines: tuple[object, object]
) -> None:
    UserFactory(username="a-practitioner", role=Role.PRACTITIONER)
    path = _write(tmp_path, "Service,Month,Amount\nnursing,2026-04,100\n")

    with pytest.raises(CommandError, match="a-practitioner: Your role does not allow you to"):
        call_command("import_spend", "2026-27", str(path), "--user", "a-practitioner")

    assert not MonthlySpend.objects.exists()


def test_the_command_refuses_an_unknown_or_deactivated_person(tmp_path: Path) -> None:
    UserFactory(username="left", role=Role.FINANCE_OFFICER, is_active=False)
    path = _write(tmp_path, "Service,Month,Amount\nnursing,2026-04,100\n")
    for username in ("nobody", "left"):
        with pytest.raises(CommandError, match=f"No active user is called '{username}'"):
            call_command("import_spend", "2026-27", str(path), "--user", username)
