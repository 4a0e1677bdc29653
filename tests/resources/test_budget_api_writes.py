"""The pooled budget's write endpoints: adding years, contributions and lines, changing them and
recording a month's spend, for strategic leads and finance officers only; a refusal answers 400
with the service's reasons and writes nothing. And the contributions each role may see."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, ServiceFactory
from tests.resources.api_writes import MANAGERS, resources_audit_count, writer
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)

pytestmark = pytest.mark.django_db

SEE_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}


@pytest.fixture
def budget() -> dict[str, Any]:
    year = FinancialYearFactory()
    own, other = AgencyFactory(name="Own"), AgencyFactory(name="Other")
    line = BudgetLineFactory(
        year=year, service=ServiceFactory(agency=own, name="Family support", slug="family-support")
    )
    spare = ServiceFactory(agency=other, name="Youth work", slug="youth-work")
    contribution = ContributionFactory(year=year, agency=own, amount=Decimal("50000"))
    ContributionFactory(year=year, agency=other, amount=Decimal("70000"))
    return {
        "year": year,
        "own": own,
        "other": other,
        "line": line,
        "spare": spare,
        "contribution": contribution,
    }


# Each write: (method, path, body) from the data, and whether it took effect.
WRITES: dict[str, tuple[Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]], Any]] = {
    "add a year": (
        lambda _b: ("post", "/budget/years", {"start_year": 2027}),
        lambda _b: FinancialYear.objects.filter(label="2027-28").exists(),
    ),
    "add a contribution": (
        lambda _b: (
            "post",
            "/budget/years/2026-27/contributions",
            {"agency": "other", "kind": "aligned", "amount": "1500.00"},
        ),
        lambda _b: Contribution.objects.filter(amount=Decimal("1500")).exists(),
    ),
    "change a contribution": (
        lambda b: (
            "patch",
            f"/budget/contributions/{b['contribution'].pk}",
            {"amount": "65000"},
        ),
        lambda b: Contribution.objects.get(pk=b["contribution"].pk).amount == Decimal("65000"),
    ),
    "add a line": (
        lambda _b: (
            "post",
            "/budget/years/2026-27/lines",
            {"service": "youth-work", "budget": "80000"},
        ),
        lambda b: BudgetLine.objects.filter(service=b["spare"]).exists(),
    ),
    "change a line": (
        lambda b: ("patch", f"/budget/lines/{b['line'].pk}", {"budget": "130000"}),
        lambda b: BudgetLine.objects.get(pk=b["line"].pk).budget == Decimal("130000"),
    ),
    "record spend": (
        lambda b: ("put", f"/budget/lines/{b['line'].pk}/spend/2026-05", {"amount": "9000"}),
        lambda b: MonthlySpend.objects.filter(line=b["line"]).exists(),
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_keep_the_budget(
    budget: dict[str, Any], role: Role, write: str
) -> None:
    request, written = WRITES[write]
    method, path, body = request(budget)

    response = writer(role, agency=budget["own"]).call(method, path, body)

    if role in MANAGERS:
        assert response.status_code in {200, 201}, response.content
        assert written(budget)
    else:
        assert response.status_code == 403
        assert "Your role does not allow you to" in response.json()["detail"]
        assert not written(budget)


def test_adding_a_year_answers_with_it_and_is_audited(budget: dict[str, Any]) -> None:
    response = writer(Role.FINANCE_OFFICER).call("post", "/budget/years", {"start_year": 2027})

    assert response.status_code == 201
    assert response.json() == {
        "label": "2027-28",
        "starts_on": "2027-04-01",
        "ends_on": "2028-03-31",
    }
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="resources.financialyear"
    ).exists()


def test_recording_spend_answers_with_the_line_and_its_new_figures(
    budget: dict[str, Any],
) -> None:
    line = budget["line"]
    client = writer(Role.FINANCE_OFFICER)
    client.call("put", f"/budget/lines/{line.pk}/spend/2026-05", {"amount": "9000"})

    response = client.call(
        "put", f"/budget/lines/{line.pk}/spend/2026-05", {"amount": "9500.50", "note": "late"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-05"
    assert Decimal(body["amount"]) == Decimal("9500.50")
    assert Decimal(body["line"]["spend_to_date"]) == Decimal("9500.50")
    assert MonthlySpend.objects.get(line=line).amount == Decimal("9500.50")


def test_a_contribution_changes_only_in_the_fields_sent(budget: dict[str, Any]) -> None:
    contribution = budget["contribution"]

    response = writer(Role.STRATEGIC_LEAD).call(
        "patch", f"/budget/contributions/{contribution.pk}", {"description": "Section 75 pot"}
    )

    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.description == "Section 75 pot"
    assert contribution.amount == Decimal("50000")
    assert contribution.kind == ContributionKind.POOLED


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (
            lambda _b: ("post", "/budget/years", {"start_year": 2026}),
            "The financial year 2026-27 has already been added.",
        ),
        (
            lambda _b: ("post", "/budget/years", {"start_year": 1999}),
            "Enter a year between 2004 and 2100",
        ),
        (
            lambda _b: (
                "post",
                "/budget/years/2026-27/contributions",
                {"agency": "other", "kind": "aligned", "amount": "-5"},
            ),
            "The amount must be £0 or more.",
        ),
        (
            lambda _b: (
                "post",
                "/budget/years/2026-27/contributions",
                {"agency": "other", "kind": "aligned", "amount": "5", "ring_fenced_service": "x"},
            ),
            "No service has the slug 'x'",
        ),
        (
            lambda _b: (
                "post",
                "/budget/years/2026-27/contributions",
                {
                    "agency": "other",
                    "kind": "aligned",
                    "amount": "5",
                    "ring_fenced_service": "family-support",
                },
            ),
            "Aligned money stays with Other",
        ),
        (
            lambda b: ("patch", f"/budget/contributions/{b['contribution'].pk}", {"kind": "gift"}),
            "Select whether the contribution is pooled or aligned.",
        ),
        (
            lambda _b: (
                "post",
                "/budget/years/2026-27/lines",
                {"service": "family-support", "budget": "5"},
            ),
            "Family support already has a budget line in 2026-27.",
        ),
        (
            lambda b: (
                "patch",
                f"/budget/lines/{b['line'].pk}",
                {"statutory_minimum": "100000"},
            ),
            "Enter the duty behind the statutory minimum",
        ),
        (
            lambda b: ("patch", f"/budget/lines/{b['line'].pk}", {"budget": None}),
            "Give a value for budget, or leave it out to keep it.",
        ),
        (
            lambda b: ("put", f"/budget/lines/{b['line'].pk}/spend/2027-04", {"amount": "5"}),
            "April 2027 is not in the financial year 2026-27",
        ),
        (
            lambda b: ("put", f"/budget/lines/{b['line'].pk}/spend/2026-13", {"amount": "5"}),
            'The month "2026-13" is not a month written as YYYY-MM',
        ),
        (
            lambda b: ("put", f"/budget/lines/{b['line'].pk}/spend/2026-05", {"amount": "5.555"}),
            "The amount has more than 2 decimal places (pence).",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_is_written(
    budget: dict[str, Any], write: Any, expected: str
) -> None:
    method, path, body = write(budget)
    before = (
        FinancialYear.objects.count(),
        list(Contribution.objects.values_list("pk", "kind", "amount", "description")),
        list(BudgetLine.objects.values_list("pk", "budget", "statutory_minimum")),
        MonthlySpend.objects.count(),
        resources_audit_count(),
    )

    response = writer(Role.FINANCE_OFFICER).call(method, path, body)

    assert response.status_code == 400, response.content
    assert expected in response.json()["detail"]
    assert before == (
        FinancialYear.objects.count(),
        list(Contribution.objects.values_list("pk", "kind", "amount", "description")),
        list(BudgetLine.objects.values_list("pk", "budget", "statutory_minimum")),
        MonthlySpend.objects.count(),
        resources_audit_count(),
    )


@pytest.mark.parametrize("body", [[None, None], 12, "budget", True])
def test_a_change_that_is_not_an_object_is_refused_and_changes_nothing(
    budget: dict[str, Any], body: object
) -> None:
    client = writer(Role.FINANCE_OFFICER)
    line, contribution = budget["line"], budget["contribution"]

    for path in (f"/budget/lines/{line.pk}", f"/budget/contributions/{contribution.pk}"):
        response = client.call("patch", path, body)
        assert response.status_code == 422, (path, response.status_code)
        assert "must be a JSON object" in response.content.decode()

    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_unknown_years_lines_and_contributions_are_not_found(budget: dict[str, Any]) -> None:
    client = writer(Role.FINANCE_OFFICER)

    for method, path, body in [
        ("post", "/budget/years/1999-00/lines", {"service": "youth-work", "budget": "1"}),
        ("patch", "/budget/lines/999999", {"budget": "1"}),
        ("patch", "/budget/contributions/999999", {"amount": "1"}),
        ("put", "/budget/lines/999999/spend/2026-05", {"amount": "1"}),
        ("get", "/budget/years/1999-00/contributions", None),
    ]:
        assert client.call(method, path, body).status_code == 404, path


def test_a_line_or_contribution_not_found_is_answered_with_its_sentence(
    budget: dict[str, Any],
) -> None:
    client = writer(Role.FINANCE_OFFICER)

    line = client.call("patch", "/budget/lines/999999", {"budget": "1"})
    contribution = client.call("patch", "/budget/contributions/999999", {"amount": "1"})

    assert line.json() == {"detail": "No budget line you may see has the ID 999999."}
    assert contribution.json() == {"detail": "No contribution you may see has the ID 999999."}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_sees_the_contributions_the_pages_show(
    budget: dict[str, Any], role: Role
) -> None:
    response = writer(role, agency=budget["own"]).call("get", "/budget/years/2026-27/contributions")

    assert response.status_code == 200
    agencies = sorted(c["agency"]["slug"] for c in response.json()["items"])
    assert agencies == (["other", "own"] if role in SEE_ALL else ["own"])


def test_a_partner_without_a_staff_record_sees_no_contributions(budget: dict[str, Any]) -> None:
    response = writer(Role.PRACTITIONER).call("get", "/budget/years/2026-27/contributions")

    assert response.status_code == 200
    assert response.json()["items"] == []
