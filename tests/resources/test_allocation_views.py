"""The allocation pages over HTTP: who may see and do what, the form's bad input, the result
page for optimal and infeasible runs, the lines limited to a partner's own agency, the CSV
download audited as an export, proposing, and the founding alternatives page."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Agency, Service
from childtrust.resources.models import AllocationRun, AllocationStatus
from childtrust.resources.services.allocation import allocation_run
from tests.factories import StaffMemberFactory, UserFactory
from tests.resources.factories_allocation import (
    InfeasibleAllocationRunFactory,
    SmallPartnership,
    more_services,
    small_partnership,
)
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MANAGERS = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}
SEE_ALL = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER, Role.PARTNERSHIP_ADMIN, Role.AUDITOR}
INDEX = reverse("resources:allocation_index")


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


@pytest.fixture
def run(world: SmallPartnership) -> AllocationRun:
    return allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Board paper",
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )


CSV_HEADER = ["agency", "service", "locality", "places", "spend", "expected_better_outcomes"]


def _detail(run: AllocationRun) -> str:
    return reverse("resources:allocation_detail", args=[run.pk])


def _propose(run: AllocationRun) -> str:
    return reverse("resources:allocation_propose", args=[run.pk])


def _alternatives(world: SmallPartnership) -> str:
    return reverse("resources:alternatives", args=[world.year.label])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(world: SmallPartnership, **changes: str) -> dict[str, str]:
    data = {
        "year": str(world.year.pk),
        "name": "December board",
        "locality_floor_percent": "15",
        "whole_blocks": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_see_the_runs_the_result_and_the_alternatives(
    role: Role, client_for: Callable[[str], Client], world: SmallPartnership, run: AllocationRun
) -> None:
    client = client_for(role)
    index = client.get(INDEX)
    assert index.status_code == 200
    assert "Board paper" in index.content.decode()
    assert ("Run a new allocation" in index.content.decode()) == (role in MANAGERS)
    detail = client.get(_detail(run))
    assert detail.status_code == 200
    assert ("Propose this allocation" in detail.content.decode()) == (role in MANAGERS)
    assert client.get(_detail(run), {"format": "csv"}).status_code == 200
    assert client.get(_alternatives(world)).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_run_an_allocation(
    role: Role, client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    response = client_for(role).post(INDEX, _form(world))
    if role in MANAGERS:
        created = AllocationRun.objects.get()
        assert response.status_code == 302
        assert response["Location"] == _detail(created)
        assert created.name == "December board"
        assert created.locality_floor_share == Decimal("0.15")
        assert created.whole_blocks is True
    else:
        assert response.status_code == 403
        assert not AllocationRun.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_propose(
    role: Role, client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    response = client_for(role).post(_propose(run))
    run.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert response["Location"] == _detail(run)
        assert run.proposed is True
    else:
        assert response.status_code == 403
        assert run.proposed is False


def test_proposing_takes_a_post_only(
    client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    assert client_for(Role.FINANCE_OFFICER).get(_propose(run)).status_code == 405


def test_visitors_are_sent_to_sign_in(
    client: Client, world: SmallPartnership, run: AllocationRun
) -> None:
    for url in (INDEX, _detail(run), f"{_detail(run)}?format=csv", _alternatives(world)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert client.post(INDEX, _form(world)).status_code == 302
    assert client.post(_propose(run)).status_code == 302
    assert AllocationRun.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_unknown_runs_and_years_are_not_found(client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.FINANCE_OFFICER)
    assert client.get(reverse("resources:allocation_detail", args=[999])).status_code == 404
    assert client.post(reverse("resources:allocation_propose", args=[999])).status_code == 404
    assert client.get(reverse("resources:alternatives", args=["1999-00"])).status_code == 404


# --- The form's bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"locality_floor_percent": ""}, "Enter the locality floor as a percentage, such as 15"),
        ({"locality_floor_percent": "lots"}, "The locality floor must be a number, such as 15"),
        ({"locality_floor_percent": "-5"}, "The locality floor must be 0% or more"),
        ({"locality_floor_percent": "150"}, "The locality floor must be 100% or less"),
        (
            {"locality_floor_percent": "12.345"},
            "The locality floor can have at most 2 decimal places",
        ),
        (
            {"locality_floor_percent": "40"},
            "The locality floor is given to each of the 3 localities, so it can be at most 33.33%",
        ),
        ({"year": ""}, "Select the financial year to allocate"),
        ({"year": "999"}, "Select a financial year from the list"),
        ({"name": "x" * 201}, "The name must be 200 characters or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    client_for: Callable[[str], Client],
    world: SmallPartnership,
    changes: dict[str, str],
    message: str,
) -> None:
    response = client_for(Role.FINANCE_OFFICER).post(INDEX, _form(world, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "govuk-form-group--error" in page
    assert not AllocationRun.objects.exists()
    assert not AuditEvent.objects.filter(object_type="resources.allocationrun").exists()


def test_unticked_whole_blocks_funds_posts_in_part(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    data = _form(world, locality_floor_percent="0")
    del data["whole_blocks"]
    client_for(Role.STRATEGIC_LEAD).post(INDEX, data)
    created = AllocationRun.objects.get()
    assert created.whole_blocks is False
    assert created.locality_floor_share == 0


# --- The result page ---------------------------------------------------------------------------


def test_the_result_shows_the_allocation_against_the_current_one(
    client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    page = client_for(Role.FINANCE_OFFICER).get(_detail(run)).content.decode()
    assert "Meets every constraint" in page
    assert "Budget to allocate" in page
    assert "£100,000" in page
    # Health visiting: £20,000 now, £45,000 proposed, +£25,000; 40 children now, 90 proposed.
    assert "Health visiting (Health)" in page
    assert "£45,000" in page
    assert "+£25,000" in page
    assert "Family support (Council)" in page
    assert 'id="by-locality"' in page
    assert 'id="by-outcome"' in page
    assert page.count("<svg") == 2
    assert "The chart shows the children each locality" in page
    assert "Be healthy" in page
    assert "Stay safe" in page
    assert "Budget cut by 10%" in page
    assert "Budget raised by 10%" in page
    assert "Independent agencies" in page
    assert "One trust" in page
    assert "would help" in page  # a marginal value in words
    assert "Youth club is left out of the allocation" in page


def test_an_infeasible_run_is_explained_in_words(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    infeasible = InfeasibleAllocationRunFactory(year=world.year)
    page = client_for(Role.PRACTITIONER).get(_detail(infeasible)).content.decode()
    assert "No allocation meets every constraint" in page
    assert "Why no allocation meets every constraint" in page
    assert "<li>The locality floor asks for £40,000 in each of 3 localities" in page
    assert "<li>No service has demand in Central, so nothing can be spent there.</li>" in page
    assert "Propose this allocation" not in page
    assert 'id="by-service"' not in page


def test_an_infeasible_run_from_the_form_lands_on_its_explanation(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    from childtrust.resources.models import BudgetLine

    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("500000")
    )
    response = client_for(Role.FINANCE_OFFICER).post(INDEX, _form(world), follow=True)
    page = response.content.decode()
    assert AllocationRun.objects.get().status == AllocationStatus.INFEASIBLE
    assert "no allocation meets every constraint" in page
    assert "Health visiting" in page.split("Why no allocation meets every constraint")[1]


def test_a_partner_sees_only_its_own_agencys_lines_but_the_whole_totals(
    world: SmallPartnership, run: AllocationRun
) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=world.health)
    client = _client(user)
    page = client.get(_detail(run)).content.decode()
    table = page.split('id="by-service"')[1].split("</table>")[0]
    assert "Health visiting (Health)" in table
    assert "Family support" not in table
    assert "1 other service not shown" in page
    # The partnership's totals are shown to every partner.
    assert "110" in page.split("Children reached</dt>")[1].split("</dd>")[0]
    rows = list(
        csv.reader(
            io.StringIO(client.get(_detail(run), {"format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert rows[0] == [
        "agency",
        "service",
        "locality",
        "places",
        "spend",
        "expected_better_outcomes",
    ]
    assert {row[1] for row in rows[1:]} == {"Health visiting"}


def test_someone_without_a_staff_record_sees_no_lines(
    client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    client = client_for(Role.PRACTITIONER)
    page = client.get(_detail(run)).content.decode()
    assert 'id="by-service"' not in page
    assert "None of your agency's services are in this allocation." in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(_detail(run), {"format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert rows == [
        ["agency", "service", "locality", "places", "spend", "expected_better_outcomes"]
    ]


@pytest.mark.parametrize("role", sorted(SEE_ALL))
def test_those_who_see_all_resources_see_every_line(
    role: Role, client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    client = client_for(role)
    page = client.get(_detail(run)).content.decode()
    table = page.split('id="by-service"')[1].split("</table>")[0]
    assert "Health visiting (Health)" in table
    assert "Family support (Council)" in table
    assert 'id="own-lines"' not in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(_detail(run), {"format": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert {row[1] for row in rows[1:]} == {"Health visiting", "Family support"}


def test_the_csv_download_quotes_names_a_spreadsheet_would_run(
    client_for: Callable[[str], Client], world: SmallPartnership, run: AllocationRun
) -> None:
    hostile_service = '=HYPERLINK("http://example.com","Click")'
    hostile_agency = "\n+cmd"
    Service.objects.filter(pk=world.health_visiting.pk).update(name=hostile_service)
    Agency.objects.filter(pk=world.health.pk).update(name=hostile_agency)

    response = client_for(Role.AUDITOR).get(_detail(run), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    health_rows = [row for row in rows[1:] if row[1] == f"'{hostile_service}"]
    assert health_rows
    assert {row[0] for row in health_rows} == {f"'{hostile_agency}"}


def test_the_csv_download_is_audited_as_an_export(
    client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    response = client_for(Role.AUDITOR).get(_detail(run), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="allocation-{run.pk}.csv"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_id == str(run.pk)
    assert event.details == {"format": "csv", "view": "allocation_lines", "rows": run.lines.count()}


def test_proposing_from_the_page_says_so_and_marks_the_run(
    client_for: Callable[[str], Client], run: AllocationRun
) -> None:
    response = client_for(Role.STRATEGIC_LEAD).post(_propose(run), follow=True)
    page = response.content.decode()
    assert "is now the proposed allocation for 2026-27" in page
    assert "Proposed to the board" in page
    assert "Propose this allocation" not in page


def test_proposing_an_infeasible_run_is_refused_with_a_message(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    infeasible = InfeasibleAllocationRunFactory(year=world.year)
    response = client_for(Role.FINANCE_OFFICER).post(_propose(infeasible), follow=True)
    assert "Only an allocation that meets every constraint can be proposed" in (
        response.content.decode()
    )
    infeasible.refresh_from_db()
    assert infeasible.proposed is False


# --- The founding alternatives page -------------------------------------------------------------


def test_the_alternatives_page_compares_independent_agencies_with_one_trust(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="No floor",
        locality_floor_share=Decimal("0"),
        whole_blocks=True,
    )
    page = client_for(Role.FINANCE_OFFICER).get(_alternatives(world)).content.decode()
    assert "Independent agencies or one trust" in page
    assert "no locality floor" in page
    assert "whole blocks" in page
    assert "Independent agencies against one trust, by locality" in page
    assert "East" in page
    assert "West" in page
    # Both fund one post and every health visit here: 19.5 better outcomes either way.
    assert "One trust and independent agencies bring as many better outcomes" in page
    assert "Youth club is left out" in page


def test_the_alternatives_page_uses_the_proposed_allocations_settings(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    proposed = allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name="Posts in part",
        locality_floor_share=Decimal("0.1"),
        whole_blocks=False,
    )
    proposed.proposed = True
    proposed.save()
    page = client_for(Role.PRACTITIONER).get(_alternatives(world)).content.decode()
    assert "a locality floor of 10%" in page
    assert "the settings of the proposed allocation “Posts in part”" in page
    assert "One trust does more good: it is expected to bring 1 more better outcome" in page


def test_the_resources_index_links_to_the_allocations(
    client_for: Callable[[str], Client],
) -> None:
    page = client_for(Role.PRACTITIONER).get(reverse("resources:index")).content.decode()
    assert f'href="{INDEX}"' in page


def test_the_page_shows_the_ten_limits_worth_most_and_counts_the_rest(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    values = [
        {
            "constraint": f"the floor for Locality {n}",
            "kind": "locality_floor",
            "key": n,
            "agency_id": None,
            "benefit_per_pound": -0.001 * (13 - n),
        }
        for n in range(13)
    ]
    values.append(
        {
            "constraint": "the capacity of Family support (Council)",
            "kind": "capacity",
            "key": world.family_support.pk,
            "agency_id": world.council.pk,
            "benefit_per_pound": 0.0005,
        }
    )
    shown = AllocationRun.objects.create(
        year=world.year,
        name="Many limits",
        budget=Decimal("100000"),
        locality_floor_share=Decimal("0.15"),
        status=AllocationStatus.OPTIMAL,
        total_benefit=19.5,
        children_reached=110,
        solve_seconds=0.1,
        summary={"marginal_values": values},
    )
    page = client_for(Role.FINANCE_OFFICER).get(_detail(shown)).content.decode()
    listed = page.split('id="marginal-values"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 10
    assert "£1,000 more on the floor for Locality 0 would mean 13 fewer better outcomes" in listed
    assert "Locality 10" not in listed
    # The rest are listed in full, behind a summary that counts them.
    assert "4 more constraints that hold it back by less" in page
    rest = page.split('id="marginal-values-more"')[1].split("</details>")[0]
    assert rest.count("<li>") == 4
    assert "£1,000 more on the floor for Locality 12 would mean 1.0 fewer" in rest
    assert "the capacity of Family support (Council)" in rest
    # A partner of the Health Trust does not see the Council's capacity among the limits.
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=world.health)
    page = _client(user).get(_detail(shown)).content.decode()
    assert "3 more constraints that hold it back by less" in page
    assert "Family support" not in page


def test_the_result_page_reads_a_fixed_number_of_queries(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    client = client_for(Role.FINANCE_OFFICER)

    def queries_for_a_run() -> int:
        run = allocation_run(
            actor=budget_keeper(),
            year=world.year,
            name="Count",
            locality_floor_share=Decimal("0"),
            whole_blocks=True,
        )
        client.get(_detail(run))  # the session and user, read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_detail(run)).status_code == 200
        return len(captured)

    small = queries_for_a_run()
    more_services(world, 10)
    assert queries_for_a_run() == small


def test_a_refused_run_says_what_the_role_may_not_do(
    client_for: Callable[[str], Client], world: SmallPartnership
) -> None:
    response = client_for(Role.PRACTITIONER).post(INDEX, _form(world))

    assert response.status_code == 403
    assert "Your role does not allow you to run allocations." in response.content.decode()
    assert not AllocationRun.objects.exists()
