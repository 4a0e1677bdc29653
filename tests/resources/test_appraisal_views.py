"""The appraisal pages: who may read them (every role: they are the partnership's decisions) and
who may write (strategic leads and finance officers), the decision record's figures against the
worked example, the chart with its table and sentence, the audited CSV, and the forms' bad input
refused with a clear message and nothing half-written."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)
from tests.resources.factories_appraisal import (
    AppraisalFactory,
    AppraisalOptionFactory,
    OptionRiskFactory,
    two_option_appraisal,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MAY_MANAGE = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}
FORM_PAGES = [
    "create",
    "edit",
    "decide",
    "option_create",
    "option_edit",
    "risk_create",
    "risk_delete",
]

ClientFor = Callable[[str], Client]


def _urls(appraisal: Appraisal) -> dict[str, str]:
    option = appraisal.options.order_by("position").first()
    assert option is not None
    risk = OptionRisk.objects.filter(option__appraisal=appraisal).first()
    assert risk is not None
    return {
        "create": reverse("resources:appraisal_create"),
        "edit": reverse("resources:appraisal_edit", args=[appraisal.pk]),
        "decide": reverse("resources:appraisal_decide", args=[appraisal.pk]),
        "option_create": reverse("resources:appraisal_option_create", args=[appraisal.pk]),
        "option_edit": reverse("resources:appraisal_option_edit", args=[appraisal.pk, option.pk]),
        "risk_create": reverse("resources:appraisal_risk_create", args=[appraisal.pk, option.pk]),
        "risk_delete": reverse("resources:appraisal_risk_delete", args=[appraisal.pk, risk.pk]),
    }


# --- Who may read --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_read_the_list_and_the_record(client_for: ClientFor, role: Role) -> None:
    appraisal = two_option_appraisal(title="Where the money goes")
    client = client_for(role)

    listing = client.get(reverse("resources:appraisal_list"))
    record = client.get(reverse("resources:appraisal_detail", args=[appraisal.pk]))

    assert listing.status_code == 200
    assert "Where the money goes" in listing.content.decode()
    assert record.status_code == 200
    assert "Where the money goes" in record.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_manage_links_show_only_to_those_who_may_manage(client_for: ClientFor, role: Role) -> None:
    appraisal = two_option_appraisal()
    client = client_for(role)

    listing = client.get(reverse("resources:appraisal_list")).content.decode()
    record = client.get(reverse("resources:appraisal_detail", args=[appraisal.pk])).content.decode()

    shown = role in MAY_MANAGE
    assert ("Start an appraisal" in listing) is shown
    assert ("Add an option" in record) is shown
    assert ("Record the decision" in record) is shown


def test_visitors_are_sent_to_sign_in() -> None:
    appraisal = AppraisalFactory()
    for url in (
        reverse("resources:appraisal_list"),
        reverse("resources:appraisal_detail", args=[appraisal.pk]),
        reverse("resources:appraisal_csv", args=[appraisal.pk]),
        reverse("resources:appraisal_create"),
    ):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "sign-in" in response["Location"] or "login" in response["Location"], url


def test_an_unknown_appraisal_is_not_found(client_for: ClientFor) -> None:
    response = client_for(Role.PRACTITIONER).get(
        reverse("resources:appraisal_detail", args=[999999])
    )
    assert response.status_code == 404


# --- Who may write -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "page",
    ["create", "edit", "decide", "option_create", "option_edit", "risk_create", "risk_delete"],
)
def test_only_managers_may_open_the_forms(client_for: ClientFor, role: Role, page: str) -> None:
    appraisal = two_option_appraisal()
    response = client_for(role).get(_urls(appraisal)[page])
    assert response.status_code == (200 if role in MAY_MANAGE else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "page",
    ["create", "edit", "decide", "option_create", "option_edit", "risk_create", "risk_delete"],
)
def test_only_managers_may_post_and_a_refused_post_changes_nothing(
    client_for: ClientFor, role: Role, page: str
) -> None:
    appraisal = two_option_appraisal()
    urls = _urls(appraisal)
    option = appraisal.options.order_by("position").first()
    assert option is not None
    posts: dict[str, dict[str, Any]] = {
        "create": {"title": "New", "question": "Why?", "first_year": "2027"},
        "edit": {"title": "Renamed", "question": "Why?", "first_year": "2027"},
        "decide": {"chosen_option": str(option.pk), "decision": "The board chose A."},
        "option_create": {**_option_post("C"), "years": "3"},
        "option_edit": {**_option_post("A renamed"), "years": "3"},
        "risk_create": {
            "description": "IT fails",
            "likelihood": "0.2",
            "cost_if_it_happens": "1000",
            "year_index": "1",
        },
        "risk_delete": {},
    }
    events = AuditEvent.objects.count()

    response = client_for(role).post(urls[page], posts[page])

    if role in MAY_MANAGE:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert AuditEvent.objects.count() == events + 1
    else:
        assert response.status_code == 403
        assert AuditEvent.objects.count() == events
        appraisal.refresh_from_db()
        assert appraisal.title != "Renamed"
        assert appraisal.status == AppraisalStatus.DRAFT
        assert Appraisal.objects.count() == 1
        assert appraisal.options.count() == 2
        assert OptionRisk.objects.count() == 1


def _option_post(name: str, **years: str) -> dict[str, str]:
    data = {
        "name": name,
        "description": "",
        "people_affected": "",
        "people_benefited": "150",
        "optimism_bias_costs": "0",
        "optimism_bias_benefits": "0",
        "pros": "",
        "cons": "",
        "year_0_costs": "100",
        "year_0_benefits": "",
        "year_1_costs": "",
        "year_1_benefits": "207",
        "year_2_costs": "",
        "year_2_benefits": "",
    }
    data.update(years)
    return data


# --- The decision record ---------------------------------------------------------------------


def test_the_record_shows_the_figures_worked_by_hand(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    page = client_for(Role.PRACTITIONER).get(
        reverse("resources:appraisal_detail", args=[appraisal.pk])
    )
    html = page.content.decode()

    # A: PV costs £1,300, PV benefits £1,800, NPV £500, BCR 1.38; B: £500, £800, £300, 1.60.
    for text in ("£1,300", "£1,800", "£500", "1.38", "£800", "£300", "1.60"):
        assert text in html, text
    assert "Years 0 to 30: 3.5% a year" in html
    assert "“A” has the highest net present value, £500, £200 more than “B”." in html
    assert "“B” benefits the most people (200)" in html
    # Switching: A's costs up 15.4% or benefits down 11.1%; to zero, 38.5% and 27.8%.
    for text in ("15.4%", "11.1%", "38.5%", "27.8%", "60.0%", "37.5%"):
        assert text in html, text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "The chart shows the net present value of each option in millions of pounds" in html
    assert "Reaches children sooner" in html
    assert "Staff resist the change" in html


def test_an_appraisal_without_options_says_so(client_for: ClientFor) -> None:
    appraisal = AppraisalFactory()
    html = (
        client_for(Role.PRACTITIONER)
        .get(reverse("resources:appraisal_detail", args=[appraisal.pk]))
        .content.decode()
    )
    assert "No options have been added yet." in html
    assert "<svg" not in html


def test_a_single_option_has_no_runner_up_on_the_page(client_for: ClientFor) -> None:
    option = AppraisalOptionFactory(name="Only")
    html = (
        client_for(Role.PRACTITIONER)
        .get(reverse("resources:appraisal_detail", args=[option.appraisal.pk]))
        .content.decode()
    )
    assert "With only one option there is no runner-up" in html
    assert "infinite (no costs)" not in html
    assert "no costs" in html  # no years: no ratio


def test_a_negative_net_present_value_is_drawn_below_zero_and_named(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    loss = AppraisalOptionFactory(appraisal=appraisal, name="Loss", position=2)
    OptionYear.objects.create(option=loss, year_index=0, costs=Decimal("90"), benefits=0)
    html = (
        client_for(Role.PRACTITIONER)
        .get(reverse("resources:appraisal_detail", args=[appraisal.pk]))
        .content.decode()
    )
    assert (
        "A bar below the line at zero is an option whose net present value is below zero "
        "(“Loss”)." in html
    )
    assert "has no bar" not in html
    assert "\u2212£90" in html  # a true minus sign (core.money)
    drawn = re.search(r"<svg.*?</svg>", html, re.DOTALL)
    assert drawn is not None
    svg = ElementTree.fromstring(drawn[0])  # noqa: S314 (our own page, not untrusted input)
    ns = "{http://www.w3.org/2000/svg}"
    [zero] = [line for line in svg.iter(f"{ns}line") if line.get("class") == "app-chart__zero"]
    zero_y = float(zero.get("y1", "0"))
    tops = [float(rect.get("y", "0")) for rect in svg.iter(f"{ns}rect")]
    heights = [float(rect.get("height", "0")) for rect in svg.iter(f"{ns}rect")]
    # Options A and B rise from the line; Loss hangs below it, with a bar of its own.
    assert len(tops) == 3
    assert tops[0] + heights[0] == pytest.approx(zero_y)
    assert tops[1] + heights[1] == pytest.approx(zero_y)
    assert tops[2] == pytest.approx(zero_y)
    assert heights[2] > 0


def test_the_csv_download_holds_the_figures_and_is_audited(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()

    response = client_for(Role.PRACTITIONER).get(
        reverse("resources:appraisal_csv", args=[appraisal.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Option"
    a, b = rows[1], rows[2]
    assert a[0] == "A"
    assert float(a[4]) == pytest.approx(1300, abs=0.01)
    assert float(a[7]) == pytest.approx(1800, abs=0.01)
    assert float(a[8]) == pytest.approx(500, abs=0.01)
    assert a[11:13] == ["1", "2"]
    assert float(a[13]) == pytest.approx(15.38, abs=0.01)
    assert b[13:15] == ["", ""]  # only the best has a switching value against the runner-up
    assert float(b[15]) == pytest.approx(60, abs=0.01)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_id == str(appraisal.pk)
    assert event.details == {"format": "csv", "rows": 2}


def test_the_csv_download_quotes_an_option_name_a_spreadsheet_would_run(
    client_for: ClientFor,
) -> None:
    appraisal = two_option_appraisal()
    hostile = {"A": '=HYPERLINK("http://example.com","Click")', "B": " \t@SUM(A1)"}
    for name, written in hostile.items():
        AppraisalOption.objects.filter(appraisal=appraisal, name=name).update(name=written)

    response = client_for(Role.PRACTITIONER).get(
        reverse("resources:appraisal_csv", args=[appraisal.pk])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {f"'{name}" for name in hostile.values()}


# --- The forms ------------------------------------------------------------------------------------


def test_a_manager_opens_an_appraisal(client_for: ClientFor) -> None:
    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("resources:appraisal_create"),
        {"title": "  Shared IT  ", "question": "One system or eight?", "first_year": "2027"},
    )

    appraisal = Appraisal.objects.get()
    assert response["Location"] == reverse("resources:appraisal_detail", args=[appraisal.pk])
    assert appraisal.title == "Shared IT"
    assert appraisal.status == AppraisalStatus.DRAFT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "question": "Q", "first_year": "2027"}, "Enter a title for the appraisal"),
        ({"title": "T", "question": "Q", "first_year": "twenty"}, "Enter the first year as a year"),
        ({"title": "T", "question": "Q", "first_year": "1850"}, "Enter a first year from 1990"),
        ({"title": "Taken", "question": "Q", "first_year": "2027"}, "already an appraisal called"),
    ],
)
def test_bad_appraisals_are_refused_with_a_message(
    client_for: ClientFor, data: dict[str, str], message: str
) -> None:
    AppraisalFactory(title="Taken")
    response = client_for(Role.STRATEGIC_LEAD).post(reverse("resources:appraisal_create"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Appraisal.objects.count() == 1


def test_a_manager_adds_an_option_from_the_years_table(client_for: ClientFor) -> None:
    appraisal = AppraisalFactory()
    client = client_for(Role.STRATEGIC_LEAD)
    form = client.get(reverse("resources:appraisal_option_create", args=[appraisal.pk]))
    assert 'name="year_9_costs"' in form.content.decode()  # ten years to start with
    assert 'name="year_10_costs"' not in form.content.decode()

    response = client.post(
        reverse("resources:appraisal_option_create", args=[appraisal.pk]),
        {**_option_post("Trust", year_1_costs="£1,250.50"), "years": "10"},
    )

    assert response.status_code == 302
    option = AppraisalOption.objects.get()
    assert [(y.year_index, y.costs, y.benefits) for y in option.years.all()] == [
        (0, Decimal("100.00"), Decimal("0.00")),
        (1, Decimal("1250.50"), Decimal("207.00")),
    ]


def test_more_years_can_be_shown_without_javascript(client_for: ClientFor) -> None:
    appraisal = AppraisalFactory()
    url = reverse("resources:appraisal_option_create", args=[appraisal.pk])
    html = client_for(Role.STRATEGIC_LEAD).get(url, {"years": "15"}).content.decode()
    assert 'name="year_14_costs"' in html
    assert 'href="?years=20"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year_0_costs": "-5"}, "The costs in year 0 cannot be negative"),
        ({"year_1_benefits": "lots"}, "Enter the benefits in year 1 as an amount in pounds"),
        ({"people_benefited": "-1"}, "The number of people benefited cannot be negative"),
        ({"people_benefited": "many"}, "Enter the number of people benefited as a whole number"),
        ({"optimism_bias_costs": "250"}, "Enter the optimism bias on costs as 0 to 200 per cent"),
        ({"optimism_bias_benefits": "x"}, "Enter the optimism bias on benefits as a percentage"),
        ({"name": "b"}, "This appraisal already has an option called “b”"),
        ({"name": ""}, "Enter a name for the option"),
    ],
)
def test_bad_options_are_refused_with_a_message_and_nothing_saved(
    client_for: ClientFor, changes: dict[str, str], message: str
) -> None:
    appraisal = two_option_appraisal()
    before = (AppraisalOption.objects.count(), OptionYear.objects.count())
    events = AuditEvent.objects.count()

    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("resources:appraisal_option_create", args=[appraisal.pk]),
        {**_option_post("C"), "years": "3", **changes},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert (AppraisalOption.objects.count(), OptionYear.objects.count()) == before
    assert AuditEvent.objects.count() == events


def test_a_refused_change_to_an_option_keeps_its_years(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="A")
    years = list(option.years.values_list("year_index", "costs", "benefits"))

    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("resources:appraisal_option_edit", args=[appraisal.pk, option.pk]),
        {**_option_post("B"), "years": "3"},
    )

    assert "already has an option called “B”" in response.content.decode()
    option.refresh_from_db()
    assert option.name == "A"
    assert list(option.years.values_list("year_index", "costs", "benefits")) == years


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"likelihood": "1.5"}, "The likelihood cannot be more than 1"),
        ({"likelihood": "likely"}, "Enter the likelihood as a number from 0 to 1"),
        ({"cost_if_it_happens": "-10"}, "The cost if it happens cannot be negative"),
        ({"description": ""}, "Describe the risk"),
        ({"year_index": "101"}, "Enter the year as 0 to 100"),
    ],
)
def test_bad_risks_are_refused_with_a_message(
    client_for: ClientFor, changes: dict[str, str], message: str
) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="B")
    data = {
        "description": "IT fails",
        "likelihood": "0.2",
        "cost_if_it_happens": "1000",
        "year_index": "1",
        **changes,
    }

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("resources:appraisal_risk_create", args=[appraisal.pk, option.pk]), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert OptionRisk.objects.count() == 1


def test_recording_the_decision_locks_the_options(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="B")
    client = client_for(Role.STRATEGIC_LEAD)

    client.post(
        reverse("resources:appraisal_decide", args=[appraisal.pk]),
        {"chosen_option": str(option.pk), "decision": "The board chose B: it reaches more."},
    )
    appraisal.refresh_from_db()
    page = client.get(reverse("resources:appraisal_detail", args=[appraisal.pk])).content.decode()
    refused = client.post(
        reverse("resources:appraisal_option_create", args=[appraisal.pk]),
        {**_option_post("Late"), "years": "3"},
    )

    assert appraisal.status == AppraisalStatus.DECIDED
    assert appraisal.chosen_option == option
    assert "The partnership chose <strong>B</strong>" in page
    assert "not the one with the highest net present value" in page
    assert "Add an option" not in page
    assert refused.status_code == 200
    assert "This appraisal has been decided" in refused.content.decode()
    assert not AppraisalOption.objects.filter(name="Late").exists()


def test_a_decision_needs_an_option_and_words(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    other = AppraisalOptionFactory(name="Elsewhere")

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("resources:appraisal_decide", args=[appraisal.pk]),
        {"chosen_option": str(other.pk), "decision": ""},
    )

    html = response.content.decode()
    assert "Choose one of this appraisal&#x27;s options" in html
    assert "Enter what was decided, by whom and why" in html
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.DRAFT


def test_removing_a_risk_asks_first_and_then_removes_it(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    risk = OptionRiskFactory(option=appraisal.options.get(name="B"), description="Budget cut")
    url = reverse("resources:appraisal_risk_delete", args=[appraisal.pk, risk.pk])
    client = client_for(Role.FINANCE_OFFICER)

    question = client.get(url)
    response = client.post(url)

    assert "Remove the risk “Budget cut”" in question.content.decode()
    assert response.status_code == 302
    assert not OptionRisk.objects.filter(pk=risk.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.details["description"] == "Budget cut"


def test_a_risk_of_another_appraisal_is_not_found(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal()
    elsewhere = OptionRiskFactory()
    response = client_for(Role.FINANCE_OFFICER).post(
        reverse("resources:appraisal_risk_delete", args=[appraisal.pk, elsewhere.pk])
    )
    assert response.status_code == 404
    assert OptionRisk.objects.filter(pk=elsewhere.pk).exists()


def test_the_resources_index_links_to_the_appraisals(client_for: ClientFor) -> None:
    html = client_for(Role.PRACTITIONER).get(reverse("resources:index")).content.decode()
    assert f'href="{reverse("resources:appraisal_list")}"' in html


def test_the_list_shows_the_status_and_the_option_chosen(client_for: ClientFor) -> None:
    appraisal = two_option_appraisal(title="Decided one")
    appraisal.status = AppraisalStatus.DECIDED
    appraisal.chosen_option = appraisal.options.get(name="B")
    appraisal.save()
    AppraisalFactory(title="Still open")

    html = client_for(Role.AUDITOR).get(reverse("resources:appraisal_list")).content.decode()

    assert "Decided one" in html
    assert "Still open" in html
    assert "Decided</strong>" in html
    assert "Draft</strong>" in html
    assert "Not yet decided" in html


def _queries(client: Client, url: str) -> int:
    """Statements sent while answering (the test client's request resets Django's own query
    log, so they are counted as they go)."""
    seen: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_record_reads_the_database_the_same_number_of_times_for_any_number_of_options(
    client_for: ClientFor,
) -> None:
    appraisal = two_option_appraisal()
    client = client_for(Role.PRACTITIONER)
    url = reverse("resources:appraisal_detail", args=[appraisal.pk])
    client.get(url)  # the session and the user are read once and cached
    two = _queries(client, url)
    for number in range(4):
        option = AppraisalOptionFactory(appraisal=appraisal, name=f"More {number}", position=9)
        OptionYear.objects.bulk_create(
            OptionYear(option=option, year_index=year, costs=Decimal("10"), benefits=0)
            for year in range(20)
        )
        OptionRiskFactory(option=option)

    assert _queries(client, url) == two
