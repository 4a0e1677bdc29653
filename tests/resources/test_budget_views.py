"""The budget pages: who may open each and who may post to it, what each role sees, the forms'
refusals of bad input, and the audited CSV download."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import BudgetLine, Contribution, FinancialYear, MonthlySpend
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
)

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}
SEE_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}


@pytest.fixture
def budget() -> dict[str, Any]:
    """Two partners in 2026-27: the user's own agency with a line heading for overspend, and
    another partner's line underspending."""
    year = FinancialYearFactory()
    own = AgencyFactory(name="Own Agency", short_name="Own")
    other = AgencyFactory(name="Other Agency", short_name="Other")
    own_line = BudgetLineFactory(
        year=year,
        service=ServiceFactory(agency=own, name="Family support", slug="family-support"),
        budget=Decimal("120000"),
    )
    other_line = BudgetLineFactory(
        year=year,
        service=ServiceFactory(agency=other, name="Youth work", slug="youth-work"),
        budget=Decimal("240000"),
    )
    for month in (4, 5):
        MonthlySpendFactory(
            line=own_line, month=datetime.date(2026, month, 1), amount=Decimal("15000")
        )
        MonthlySpendFactory(
            line=other_line, month=datetime.date(2026, month, 1), amount=Decimal("5000")
        )
    return {
        "year": year,
        "own": own,
        "other": other,
        "own_line": own_line,
        "other_line": other_line,
        "own_money": ContributionFactory(year=year, agency=own, amount=Decimal("120000")),
        "other_money": ContributionFactory(year=year, agency=other, amount=Decimal("240000")),
    }


def _client(role: str, agency: Any = None) -> tuple[Client, User]:
    user = UserFactory(role=role)
    if agency is not None:
        StaffMemberFactory(user=user, agency=agency)
    client = Client()
    client.force_login(user)
    return client, user


def _year_url(name: str = "resources:budget_year", **kwargs: Any) -> str:
    return reverse(name, kwargs={"label": "2026-27", **kwargs})


# --- Who may open and post to each page


def _pages(budget: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Each page's address and whether only those who keep the budget may open it."""
    line, contribution = budget["own_line"], budget["own_money"]
    return {
        "index": (reverse("resources:index"), False),
        "year": (_year_url(), False),
        "year csv": (_year_url() + "?format=csv", False),
        "line": (_year_url("resources:budget_line", pk=line.pk), False),
        "year add": (reverse("resources:budget_year_add"), True),
        "contribution add": (_year_url("resources:budget_contribution_add"), True),
        "contribution edit": (
            _year_url("resources:budget_contribution_edit", pk=contribution.pk),
            True,
        ),
        "line add": (_year_url("resources:budget_line_add"), True),
        "line edit": (_year_url("resources:budget_line_edit", pk=line.pk), True),
        "upload": (_year_url("resources:budget_spend_upload"), True),
    }


PAGE_NAMES = [
    "index",
    "year",
    "year csv",
    "line",
    "year add",
    "contribution add",
    "contribution edit",
    "line add",
    "line edit",
    "upload",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_open_each_page(budget: dict[str, Any], role: Role, page: str) -> None:
    client, _ = _client(role, budget["own"])
    url, managers_only = _pages(budget)[page]

    response = client.get(url)

    allowed = role in MANAGERS or not managers_only
    assert response.status_code == (200 if allowed else 403)


POSTED_PAGES = [
    "year add",
    "contribution add",
    "contribution edit",
    "line add",
    "line edit",
    "upload",
    "line",
]


@pytest.mark.parametrize("page", POSTED_PAGES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_keep_the_budget_may_post(
    budget: dict[str, Any], role: Role, page: str
) -> None:
    client, _ = _client(role, budget["own"])
    url, _managers_only = _pages(budget)[page]
    events = AuditEvent.objects.count()

    response = client.post(url, {})

    if role in MANAGERS:
        assert response.status_code == 200  # the form again, with its errors
        assert "There is a problem" in response.content.decode()
    else:
        assert response.status_code == 403
    assert AuditEvent.objects.count() == events  # nothing written either way


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_visitors_are_sent_to_sign_in(budget: dict[str, Any], page: str) -> None:
    response = Client().get(_pages(budget)[page][0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_an_unknown_year_is_not_found(client: Client) -> None:
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    assert (
        client.get(reverse("resources:budget_year", kwargs={"label": "2031-32"})).status_code == 404
    )


# --- What each role sees


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_year_page_shows_all_lines_or_only_the_partners_own(
    budget: dict[str, Any], role: Role
) -> None:
    client, _ = _client(role, budget["own"])

    page = client.get(_year_url()).content.decode()

    assert "Family support" in page
    assert ("Youth work" in page) == (role in SEE_ALL)
    assert ("Other Agency" in page) == (role in SEE_ALL)
    assert ("Add a budget line" in page) == (role in MANAGERS)
    assert ("Change<span" in page) == (role in MANAGERS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_partners_line_is_not_found_unless_the_role_sees_all(
    budget: dict[str, Any], role: Role
) -> None:
    client, _ = _client(role, budget["own"])
    url = _year_url("resources:budget_line", pk=budget["other_line"].pk)
    assert client.get(url).status_code == (200 if role in SEE_ALL else 404)


def test_a_partner_without_a_staff_record_sees_no_lines_and_is_told_why(
    budget: dict[str, Any],
) -> None:
    client, _ = _client(Role.PRACTITIONER)

    page = client.get(_year_url()).content.decode()

    assert "not linked to a partner agency" in page
    assert "Family support" not in page
    assert "Youth work" not in page
    url = _year_url("resources:budget_line", pk=budget["own_line"].pk)
    assert client.get(url).status_code == 404


def test_the_year_page_flags_in_words_and_draws_the_chart(budget: dict[str, Any]) -> None:
    client, _ = _client(Role.AUDITOR)

    page = client.get(_year_url()).content.decode()

    # Family support: £30,000 in two months, so £180,000 against £120,000.
    assert "Heading for overspend" in page
    assert "£180,000" in page
    assert "£60,000 (50.0%)" in page
    # Youth work: £10,000 in two months, so £60,000 against £240,000.
    assert "Underspending" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Budget and forecast outturn by partner, 2026-27" in page
    assert "Forecast to spend more than their budget: Own." in page
    assert "more than 1% over its budget" in page


def test_the_line_page_shows_each_month_and_the_form_only_to_keepers(
    budget: dict[str, Any],
) -> None:
    url = _year_url("resources:budget_line", pk=budget["own_line"].pk)
    viewer, _ = _client(Role.PRACTITIONER, budget["own"])
    keeper, _ = _client(Role.FINANCE_OFFICER)

    seen = viewer.get(url).content.decode()
    kept = keeper.get(url).content.decode()

    assert "April 2026" in seen
    assert "£15,000.00" in seen
    assert "Not recorded" in seen
    assert "Record the spend" not in seen
    assert "Record the spend" in kept


def test_the_line_page_flags_a_budget_below_its_statutory_minimum(
    budget: dict[str, Any],
) -> None:
    line = budget["own_line"]
    line.statutory_minimum, line.statutory_basis = Decimal("150000"), "Children Act 1989"
    line.save()
    client, _ = _client(Role.FINANCE_OFFICER)

    page = client.get(_year_url("resources:budget_line", pk=line.pk)).content.decode()

    assert "Below statutory minimum" in page
    assert "£30,000 short of it" in page


# --- The CSV download


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PRACTITIONER])
def test_the_csv_download_holds_the_visible_lines_and_is_audited(
    budget: dict[str, Any], role: Role
) -> None:
    client, user = _client(role, budget["own"])

    response = client.get(_year_url() + "?format=csv")

    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Family support" in body
    assert ("Youth work" in body) == (role == Role.AUDITOR)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_id == user.pk
    assert event.object_type == "resources.financialyear"
    assert event.details["rows"] == (2 if role == Role.AUDITOR else 1)


# --- The forms, good and bad input


@pytest.fixture
def keeper() -> Client:
    client, _ = _client(Role.FINANCE_OFFICER)
    return client


def test_adding_a_year(keeper: Client) -> None:
    response = keeper.post(reverse("resources:budget_year_add"), {"start_year": "2027"})
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:budget_year", kwargs={"label": "2027-28"})
    assert FinancialYear.objects.filter(label="2027-28").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the year it starts, such as 2027"),
        ("next year", "Enter the year it starts as 4 digits"),
        ("1990", "Enter a year between 2004 and 2100"),
        ("2026", "The financial year 2026-27 has already been added"),
    ],
)
def test_adding_a_year_refuses_bad_input(
    budget: dict[str, Any], keeper: Client, value: str, message: str
) -> None:
    response = keeper.post(reverse("resources:budget_year_add"), {"start_year": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FinancialYear.objects.count() == 1


def test_adding_a_contribution(budget: dict[str, Any], keeper: Client) -> None:
    response = keeper.post(
        _year_url("resources:budget_contribution_add"),
        {
            "agency": budget["own"].pk,
            "kind": "aligned",
            "amount": "£1,250.50",
            "ring_fenced_service": budget["own_line"].service.pk,
            "description": "Public health grant",
        },
    )
    assert response.status_code == 302
    added = Contribution.objects.get(description="Public health grant")
    assert added.amount == Decimal("1250.50")
    assert added.ring_fenced_service == budget["own_line"].service


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "pooled", "amount": "1"}, "Choose the partner making the contribution"),
        ({"kind": "", "amount": "1"}, "Select whether the contribution is pooled or aligned"),
        ({"kind": "pooled", "amount": ""}, "Enter the amount in pounds"),
        (
            {"kind": "pooled", "amount": "lots"},
            "Enter the amount in pounds, like 1,250 or 1,250.50",
        ),
        ({"kind": "pooled", "amount": "-5"}, "The amount must be £0 or more"),
        ({"kind": "pooled", "amount": "1.234"}, "at most 2 decimal places"),
        ({"kind": "aligned", "amount": "1", "other_line": True}, "Aligned money stays with"),
    ],
)
def test_adding_a_contribution_refuses_bad_input(
    budget: dict[str, Any], keeper: Client, data: dict[str, Any], message: str
) -> None:
    post = {"agency": budget["own"].pk, **data}
    if data.get("kind") == "pooled" and "Choose the partner" in message:
        post.pop("agency")
    if post.pop("other_line", False):
        post["ring_fenced_service"] = budget["other_line"].service.pk
    count = Contribution.objects.count()

    response = keeper.post(_year_url("resources:budget_contribution_add"), post)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Contribution.objects.count() == count


def test_changing_a_contribution(budget: dict[str, Any], keeper: Client) -> None:
    money = budget["own_money"]
    response = keeper.post(
        _year_url("resources:budget_contribution_edit", pk=money.pk),
        {"kind": "aligned", "amount": "99000", "description": "Revised"},
    )
    assert response.status_code == 302
    money.refresh_from_db()
    assert (money.kind, money.amount) == ("aligned", Decimal("99000.00"))
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_changing_a_contribution_refuses_bad_input(budget: dict[str, Any], keeper: Client) -> None:
    money = budget["own_money"]
    response = keeper.post(
        _year_url("resources:budget_contribution_edit", pk=money.pk),
        {"kind": "pooled", "amount": "-1"},
    )
    assert "The amount must be £0 or more" in response.content.decode()
    money.refresh_from_db()
    assert money.amount == Decimal("120000.00")


def test_adding_a_budget_line(budget: dict[str, Any], keeper: Client) -> None:
    service = ServiceFactory(agency=budget["own"], name="School nursing")
    response = keeper.post(
        _year_url("resources:budget_line_add"),
        {
            "service": service.pk,
            "budget": "500,000",
            "statutory_minimum": "400000",
            "statutory_basis": "Public health grant conditions",
        },
    )
    line = BudgetLine.objects.get(service=service)
    assert response["Location"] == _year_url("resources:budget_line", pk=line.pk)
    assert line.budget == Decimal("500000.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"budget": "1"}, "Choose the service the budget is for"),
        ({"service": True, "budget": ""}, "Enter the budget in pounds"),
        ({"service": True, "budget": "-1"}, "The budget must be £0 or more"),
        (
            {"service": True, "budget": "10", "statutory_minimum": "5"},
            "Enter the duty behind the statutory minimum",
        ),
        ({"existing": True, "budget": "10"}, "Select a valid choice"),
    ],
)
def test_adding_a_budget_line_refuses_bad_input(
    budget: dict[str, Any], keeper: Client, data: dict[str, Any], message: str
) -> None:
    post = dict(data)
    if post.pop("service", False):
        post["service"] = ServiceFactory().pk
    if post.pop("existing", False):
        post["service"] = budget["own_line"].service.pk  # already has a line: not offered
    response = keeper.post(_year_url("resources:budget_line_add"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert BudgetLine.objects.count() == 2


def test_changing_a_budget_line(budget: dict[str, Any], keeper: Client) -> None:
    line = budget["own_line"]
    response = keeper.post(
        _year_url("resources:budget_line_edit", pk=line.pk),
        {"budget": "130000", "statutory_minimum": "", "statutory_basis": ""},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.budget == Decimal("130000.00")


def test_changing_a_budget_line_refuses_bad_input(budget: dict[str, Any], keeper: Client) -> None:
    line = budget["own_line"]
    response = keeper.post(
        _year_url("resources:budget_line_edit", pk=line.pk),
        {"budget": "130000", "statutory_minimum": "100", "statutory_basis": ""},
    )
    assert "Enter the duty behind the statutory minimum" in response.content.decode()
    line.refresh_from_db()
    assert line.budget == Decimal("120000.00")


def test_recording_a_months_spend(budget: dict[str, Any], keeper: Client) -> None:
    line = budget["own_line"]
    response = keeper.post(
        _year_url("resources:budget_line", pk=line.pk),
        {"month": "2026-06", "amount": "-250", "note": "credit"},
    )
    assert response.status_code == 302
    spend = MonthlySpend.objects.get(line=line, month=datetime.date(2026, 6, 1))
    assert spend.amount == Decimal("-250.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"month": "", "amount": "1"}, "Choose the month"),
        ({"month": "2027-03", "amount": "1"}, "Choose a month of this year that has begun"),
        ({"month": "2025-04", "amount": "1"}, "Choose a month of this year that has begun"),
        (
            {"month": "2026-06", "amount": "ten"},
            "Enter the spend in pounds, like 1,250 or 1,250.50",
        ),
        ({"month": "2026-06", "amount": ""}, "Enter the spend in pounds"),
    ],
)
def test_recording_spend_refuses_bad_input(
    budget: dict[str, Any], keeper: Client, data: dict[str, str], message: str
) -> None:
    line = budget["own_line"]
    response = keeper.post(_year_url("resources:budget_line", pk=line.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MonthlySpend.objects.filter(line=line).count() == 2


# --- The upload page


def _upload(client: Client, text: str, name: str = "spend.csv") -> Any:
    return client.post(
        _year_url("resources:budget_spend_upload"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )


def test_uploading_a_good_file(budget: dict[str, Any], keeper: Client) -> None:
    response = _upload(keeper, "Service,Month,Amount\nfamily-support,2026-06,100\n")
    assert response.status_code == 302
    assert MonthlySpend.objects.filter(month=datetime.date(2026, 6, 1)).count() == 1
    page = keeper.get(response["Location"]).content.decode()
    assert "Loaded 1 rows of spend for 2026-27 from spend.csv" in page


def test_uploading_a_bad_file_lists_every_bad_line_and_loads_nothing(
    budget: dict[str, Any], keeper: Client
) -> None:
    response = _upload(
        keeper,
        "Service,Month,Amount\nfamily-support,2026-06,100\nnobody,2026-06,1\n"
        "youth-work,2027-06,1\nyouth-work,2026-07,x\n",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file spend.csv has 3 problems. Nothing was loaded" in page
    assert "Line 3: no service is called" in page
    assert "Line 4: June 2027 is not in the financial year 2026-27" in page
    assert "Line 5: the amount" in page
    assert not MonthlySpend.objects.filter(month=datetime.date(2026, 6, 1)).exists()


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("Service,Month,Amount\n", "spend.csv", "has a header but no rows"),
        ("Code,Period\nx,y\n", "spend.csv", "has no column called service, month, amount"),
        ("Service,Month,Amount\nx,2026-04,1\n", "spend.xlsx", "The selected file must be a CSV"),
    ],
)
def test_uploading_a_file_that_cannot_be_read_is_refused(
    budget: dict[str, Any], keeper: Client, text: str, name: str, message: str
) -> None:
    response = _upload(keeper, text, name)
    assert message in response.content.decode()
    assert MonthlySpend.objects.count() == 4


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_index_links_each_year_and_offers_a_new_year_to_keepers(
    budget: dict[str, Any], role: Role
) -> None:
    client, _ = _client(role)

    page = client.get(reverse("resources:index")).content.decode()

    assert f'href="{_year_url()}"' in page
    assert ("Add a financial year" in page) == (role in MANAGERS)


def test_the_index_says_when_no_year_has_been_added(client: Client) -> None:
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    page = client.get(reverse("resources:index")).content.decode()
    assert "No financial year's budget has been added yet" in page


def test_recording_spend_on_the_line_page_is_refused_saying_what_was_tried(
    budget: dict[str, Any],
) -> None:
    client, _ = _client(Role.PRACTITIONER, budget["own"])
    line = budget["own_line"]
    recorded = list(line.spend.values_list("month", "amount"))

    response = client.post(
        _year_url("resources:budget_line", pk=line.pk), {"month": "2026-05", "amount": "100"}
    )

    assert response.status_code == 403
    assert "Your role does not allow you to record spend." in response.content.decode()
    assert list(line.spend.values_list("month", "amount")) == recorded
