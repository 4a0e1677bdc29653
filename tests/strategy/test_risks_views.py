"""The risk register's pages: every role reads the register, a risk and the CSV; only the
plan's keepers reach the forms (GET and POST) and the close and reopen pages; bad input shows
every message at once with nothing written; the heat map switches to inherent scores by a
link; the CSV is safe in a spreadsheet."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.strategy.models import Objective, Risk, RiskStatus
from tests.conftest import ALL_ROLES
from tests.factories import PriorityFactory, StaffMemberFactory, UserFactory
from tests.strategy.factories_change import ClosedRiskFactory, PlanFactory, RiskFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
READERS = [role for role in ALL_ROLES if role not in KEEPERS]
TODAY = timezone.localdate()


def _client(role: Role) -> Client:
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


def form_data(owner_pk: int, **changes: Any) -> dict[str, Any]:
    review = TODAY + datetime.timedelta(days=40)
    data: dict[str, Any] = {
        "title": "Health visitors leave",
        "cause": "Pay falls behind.",
        "effect": "Fewer contacts made.",
        "owner": owner_pk,
        "inherent_likelihood": "4",
        "inherent_impact": "4",
        "residual_likelihood": "3",
        "residual_impact": "2",
        "controls": "",
        "actions": "",
        "proximity": "near",
        "review_on_day": str(review.day),
        "review_on_month": str(review.month),
        "review_on_year": str(review.year),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_the_register_a_risk_and_the_csv(role: Role) -> None:
    risk = RiskFactory(
        title="Schools leave the scheme", review_on=TODAY - datetime.timedelta(days=4)
    )
    ClosedRiskFactory(title="Old risk")
    client = _client(role)

    register = client.get("/plan/risks/")
    page = client.get(f"/plan/risks/{risk.pk}/")
    csv = client.get("/plan/risks/register.csv")

    assert register.status_code == page.status_code == csv.status_code == 200
    text = register.content.decode()
    assert "Schools leave the scheme" in text
    assert "Review overdue by 4 days" in text
    assert "Old risk" in text
    assert "1 risk, medium" in text  # residual 3 x 3 = 9
    assert ("Add a risk" in text) == (role in KEEPERS)
    assert ("Change this risk" in page.content.decode()) == (role in KEEPERS)


def test_the_heat_map_switches_to_inherent_scores_by_a_link() -> None:
    RiskFactory(inherent_likelihood=5, inherent_impact=5, residual_likelihood=1, residual_impact=1)
    client = _client(Role.PRACTITIONER)

    residual = client.get("/plan/risks/").content.decode()
    inherent = client.get("/plan/risks/?scores=inherent").content.decode()

    assert "Open risks by residual likelihood and impact" in residual
    assert "1 risk, low" in residual
    assert "1 risk, very high" not in residual
    assert 'href="?scores=inherent"' in residual
    assert "Open risks by inherent likelihood and impact" in inherent
    assert "1 risk, very high" in inherent


def test_the_csv_is_formula_safe() -> None:
    RiskFactory(title='=HYPERLINK("http://x")')

    body = _client(Role.PRACTITIONER).get("/plan/risks/register.csv").content.decode("utf-8-sig")

    assert "Reference,Title" in body
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("role", READERS)
def test_others_cannot_reach_the_risk_forms(role: Role) -> None:
    risk = RiskFactory(title="Unchanged")
    owner = StaffMemberFactory()
    client = _client(role)

    for url in (
        "/plan/risks/new/",
        f"/plan/risks/{risk.pk}/edit/",
        f"/plan/risks/{risk.pk}/close/",
        f"/plan/risks/{risk.pk}/reopen/",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(owner.pk)).status_code == 403
    risk.refresh_from_db()
    assert (risk.title, risk.status) == ("Unchanged", RiskStatus.OPEN)
    assert Risk.objects.count() == 1


@pytest.mark.parametrize("role", sorted(KEEPERS))
def test_keepers_add_a_risk_linked_to_an_objective(role: Role) -> None:
    owner = StaffMemberFactory()
    plan = PlanFactory()
    objective = Objective.objects.create(plan=plan, title="Teeth", owner=owner)
    objective.priorities.set([PriorityFactory()])

    response = _client(role).post(
        "/plan/risks/new/", form_data(owner.pk, objectives=[objective.pk])
    )

    risk = Risk.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plan/risks/{risk.pk}/"
    assert risk.reference == "R01"
    assert list(risk.objectives.all()) == [objective]


def test_bad_input_shows_every_message_at_once_and_writes_nothing() -> None:
    response = _client(Role.STRATEGIC_LEAD).post(
        "/plan/risks/new/",
        form_data(
            StaffMemberFactory().pk,
            cause="",
            residual_likelihood="5",
            inherent_impact="6",
            review_on_day="1",
            review_on_month="1",
            review_on_year=str(TODAY.year - 1),
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Enter the risk&#x27;s cause: what could make it happen" in page
    assert "The inherent impact must be a whole number from 1 to 5" in page
    assert (
        "The residual likelihood cannot be higher than the inherent likelihood: controls do not "
        "make a risk more likely" in page
    )
    assert "The review date must be today or in the future" in page
    assert not Risk.objects.exists()


def test_a_risk_is_changed_closed_and_reopened_through_its_pages() -> None:
    owner = StaffMemberFactory()
    risk = RiskFactory(owner=owner)
    client = _client(Role.PARTNERSHIP_ADMIN)

    edit = client.get(f"/plan/risks/{risk.pk}/edit/")
    changed = client.post(f"/plan/risks/{risk.pk}/edit/", form_data(owner.pk, title="Renamed"))
    closed = client.post(f"/plan/risks/{risk.pk}/close/")
    closed_again = client.post(f"/plan/risks/{risk.pk}/close/")

    assert edit.status_code == 200
    assert changed.status_code == closed.status_code == 302
    assert "is already closed" in closed_again.content.decode()
    risk.refresh_from_db()
    assert (risk.title, risk.status) == ("Renamed", RiskStatus.CLOSED)
    assert client.post(f"/plan/risks/{risk.pk}/reopen/").status_code == 302
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN


def test_a_missing_risk_is_404_and_anonymous_visitors_sign_in() -> None:
    assert _client(Role.STRATEGIC_LEAD).get("/plan/risks/999/").status_code == 404
    assert Client().get("/plan/risks/").status_code == 302


def test_the_objective_fragment_lists_its_risks() -> None:
    owner = StaffMemberFactory()
    objective = Objective.objects.create(plan=PlanFactory(), title="Teeth", owner=owner)
    linked = RiskFactory(title="Dentists leave", review_on=TODAY - datetime.timedelta(days=1))
    linked.objectives.set([objective])
    RiskFactory(title="Unlinked")

    html = Template("{% load strategy_change %}{% objective_risks objective %}").render(
        Context({"objective": objective})
    )

    assert "Dentists leave" in html
    assert "Review overdue by 1 day" in html
    assert "Unlinked" not in html


def test_the_objective_page_shows_its_risks() -> None:
    owner = StaffMemberFactory()
    objective = Objective.objects.create(plan=PlanFactory(), title="Teeth", owner=owner)
    objective.priorities.set([PriorityFactory()])
    RiskFactory(title="Dentists leave").objectives.set([objective])

    page = _client(Role.PRACTITIONER).get(f"/plan/objectives/{objective.pk}/").content.decode()

    assert "Dentists leave" in page


def test_closing_a_closed_risk_shows_the_refusal_in_the_summary_and_title() -> None:
    risk = ClosedRiskFactory(title="Already closed")
    response = _client(Role.STRATEGIC_LEAD).post(f"/plan/risks/{risk.pk}/close/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<title>Error: ") == 1
    summary = page[page.index("govuk-error-summary__list") :]
    assert re.search(r'<a href="#non-field">[^<]*is already closed[^<]*</a>', summary)
    assert 'id="non-field"' in page
    risk.refresh_from_db()
    assert risk.status == RiskStatus.CLOSED


def test_the_close_page_has_no_error_before_a_post() -> None:
    risk = RiskFactory()
    page = _client(Role.STRATEGIC_LEAD).get(f"/plan/risks/{risk.pk}/close/").content.decode()
    assert "Error: " not in page[: page.index("</title>")]
    assert "govuk-error-summary" not in page
