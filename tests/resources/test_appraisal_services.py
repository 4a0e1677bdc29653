"""The appraisal services: what each write saves and audits, and bad input refused with a clear
message and nothing half-written (a duplicated year, negative figures, a likelihood over 1, a
second option of the same name, changes to a decided appraisal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)
from childtrust.resources.selectors.appraisal import appraisal_figures, appraisal_with_options
from childtrust.resources.services.appraisal import (
    YearInput,
    appraisal_create,
    appraisal_decide,
    appraisal_update,
    option_create,
    option_update,
    risk_create,
    risk_delete,
)
from tests.factories import UserFactory
from tests.resources.factories_appraisal import (
    AppraisalFactory,
    AppraisalOptionFactory,
    OptionRiskFactory,
    two_option_appraisal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance() -> User:
    return UserFactory(username="finance", role=Role.FINANCE_OFFICER)


def _years(*rows: tuple[int, str, str]) -> list[YearInput]:
    return [YearInput(year, Decimal(costs), Decimal(benefits)) for year, costs, benefits in rows]


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- Appraisals --------------------------------------------------------------------------------


def test_an_appraisal_is_created_in_draft_and_audited(finance: User) -> None:
    appraisal = appraisal_create(
        actor=finance, title=" One  front door ", question="Should we?", first_year=2027
    )

    assert appraisal.title == "One front door"
    assert appraisal.status == AppraisalStatus.DRAFT
    assert appraisal.created_by == finance
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id) == (AuditAction.CREATE, str(appraisal.pk))
    assert event.actor_username == "finance"


def test_an_appraisal_title_is_unique_ignoring_capitals(finance: User) -> None:
    AppraisalFactory(title="Shared IT")
    with pytest.raises(ValidationError) as error:
        appraisal_create(actor=finance, title="shared it", question="Q", first_year=2027)
    assert "There is already an appraisal called “shared it”" in _messages(error)
    assert Appraisal.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_an_appraisal_update_records_what_changed(finance: User) -> None:
    appraisal = AppraisalFactory(title="Old", first_year=2027)

    appraisal_update(
        actor=finance,
        appraisal=appraisal,
        title="New",
        question=appraisal.question,
        first_year=2028,
    )

    appraisal.refresh_from_db()
    assert (appraisal.title, appraisal.first_year) == ("New", 2028)
    event = AuditEvent.objects.get()
    assert event.details["changed"] == ["first_year", "title"]
    assert event.details["from"] == {"first_year": 2027, "title": "Old"}


def test_a_refused_update_leaves_the_appraisal_as_it_was(finance: User) -> None:
    appraisal = AppraisalFactory(title="Old", first_year=2027)
    with pytest.raises(ValidationError):
        appraisal_update(
            actor=finance, appraisal=appraisal, title="", question="Q", first_year=1800
        )
    assert (appraisal.title, appraisal.first_year) == ("Old", 2027)
    assert not AuditEvent.objects.exists()


def test_an_update_that_changes_nothing_is_not_audited(finance: User) -> None:
    appraisal = AppraisalFactory()
    appraisal_update(
        actor=finance,
        appraisal=appraisal,
        title=appraisal.title,
        question=appraisal.question,
        first_year=appraisal.first_year,
    )
    assert not AuditEvent.objects.exists()


# --- Options -------------------------------------------------------------------------------------


def test_an_option_is_saved_with_its_years_and_audited(finance: User) -> None:
    appraisal = AppraisalFactory()

    option = option_create(
        actor=finance,
        appraisal=appraisal,
        name="One trust",
        people_benefited=60000,
        optimism_bias_costs=Decimal("20"),
        years=_years((1, "50", "0"), (0, "100", "0"), (2, "0", "300")),
    )

    assert [(y.year_index, y.costs) for y in option.years.all()] == [
        (0, Decimal("100.00")),
        (1, Decimal("50.00")),
        (2, Decimal("0.00")),
    ]
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CREATE
    assert event.details["years"]["2"] == ["0", "300"]
    assert event.details["optimism_bias_costs"] == "20"


def test_options_are_numbered_in_the_order_added(finance: User) -> None:
    appraisal = AppraisalFactory()
    first = option_create(actor=finance, appraisal=appraisal, name="First", years=[])
    second = option_create(actor=finance, appraisal=appraisal, name="Second", years=[])
    assert (first.position, second.position) == (0, 1)


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (_years((1, "10", "0"), (1, "20", "0")), "Year 1 is given more than once"),
        (_years((0, "-10", "0")), "The costs in year 0 cannot be negative"),
        (_years((0, "0", "-1")), "The benefits in year 0 cannot be negative"),
        (_years((101, "1", "1")), "Year 101 is outside the appraisal"),
    ],
)
def test_bad_years_are_refused_and_nothing_is_saved(
    finance: User, years: list[YearInput], message: str
) -> None:
    appraisal = AppraisalFactory()

    with pytest.raises(ValidationError) as error:
        option_create(actor=finance, appraisal=appraisal, name="Bad", years=years)

    assert message in _messages(error)
    assert not AppraisalOption.objects.exists()
    assert not OptionYear.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_option_name_is_unique_within_its_appraisal_only(finance: User) -> None:
    appraisal = two_option_appraisal()
    with pytest.raises(ValidationError) as error:
        option_create(actor=finance, appraisal=appraisal, name=" a ", years=[])
    assert "This appraisal already has an option called “a”" in _messages(error)

    other = AppraisalFactory()
    assert option_create(actor=finance, appraisal=other, name="A", years=[]).name == "A"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"optimism_bias_costs": Decimal("-1")}, "optimism bias on costs as 0 to 200"),
        ({"optimism_bias_benefits": Decimal("101")}, "optimism bias on benefits as 0 to 100"),
        ({"people_benefited": -5}, "people benefited as 0 or more"),
        ({"name": "  "}, "Enter a name for the option"),
    ],
)
def test_bad_option_fields_are_refused(
    finance: User, fields: dict[str, object], message: str
) -> None:
    appraisal = AppraisalFactory()
    arguments: dict[str, object] = {"name": "Option", **fields}
    with pytest.raises(ValidationError) as error:
        option_create(actor=finance, appraisal=appraisal, years=[], **arguments)  # type: ignore[arg-type]
    assert message in _messages(error)
    assert not AppraisalOption.objects.exists()


def test_an_option_update_replaces_its_years_and_records_them(finance: User) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="B")

    option_update(
        actor=finance,
        option=option,
        name="B",
        people_benefited=250,
        years=_years((0, "400", "0"), (3, "0", "900")),
    )

    assert list(option.years.values_list("year_index", "costs", "benefits")) == [
        (0, Decimal("400.00"), Decimal("0.00")),
        (3, Decimal("0.00"), Decimal("900.00")),
    ]
    event = AuditEvent.objects.get()
    assert event.details["changed"] == ["people_benefited"]
    assert event.details["years"] == {"0": ["400", "0"], "3": ["0", "900"]}


def test_a_refused_option_update_keeps_the_old_years(finance: User) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="B")
    before = list(option.years.values_list("year_index", "costs", "benefits"))

    with pytest.raises(ValidationError):
        option_update(
            actor=finance,
            option=option,
            name="B",
            years=_years((0, "1", "0"), (0, "2", "0")),
        )

    assert list(option.years.values_list("year_index", "costs", "benefits")) == before
    assert not AuditEvent.objects.exists()


def test_an_option_update_refuses_unknown_fields(finance: User) -> None:
    option = AppraisalOptionFactory()
    with pytest.raises(TypeError):
        option_update(actor=finance, option=option, years=[], position=9)


# --- Risks ---------------------------------------------------------------------------------------


def test_a_risk_is_added_and_counts_at_its_expected_cost(finance: User) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="B")

    risk_create(
        actor=finance,
        option=option,
        description="IT systems do not join up",
        likelihood=Decimal("0.25"),
        cost_if_it_happens=Decimal("414"),
        year_index=1,
    )

    # 0.25 x 414 = 103.50 in year 1 -> 100 today; B's PV costs 500 -> 600, NPV 300 -> 200.
    figures = appraisal_figures(appraisal_with_options(appraisal.pk))
    b = figures.options[1]
    assert b.pv_risks == pytest.approx(100)
    assert b.npv == pytest.approx(200)
    assert AuditEvent.objects.get().details["likelihood"] == "0.25"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"likelihood": Decimal("1.2")}, "Enter the likelihood as a number from 0 to 1"),
        ({"likelihood": Decimal("-0.1")}, "Enter the likelihood as a number from 0 to 1"),
        ({"cost_if_it_happens": Decimal("-1")}, "The cost if it happens cannot be negative"),
        ({"year_index": 101}, "Enter the year as a year of the appraisal, 0 to 100"),
        ({"description": " "}, "Describe the risk"),
    ],
)
def test_bad_risks_are_refused(finance: User, fields: dict[str, object], message: str) -> None:
    option = AppraisalOptionFactory()
    arguments: dict[str, object] = {
        "description": "Staff leave",
        "likelihood": Decimal("0.5"),
        "cost_if_it_happens": Decimal("100"),
        "year_index": 0,
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        risk_create(actor=finance, option=option, **arguments)  # type: ignore[arg-type]
    assert message in _messages(error)
    assert not OptionRisk.objects.exists()


def test_a_risk_is_deleted_with_a_record_of_what_it_was(finance: User) -> None:
    risk = OptionRiskFactory(description="Budget cut")
    risk_delete(actor=finance, risk=risk)
    assert not OptionRisk.objects.exists()
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.DELETE
    assert event.details["description"] == "Budget cut"


# --- The decision ------------------------------------------------------------------------------


def test_the_decision_is_recorded_and_audited(finance: User) -> None:
    appraisal = two_option_appraisal()
    chosen = appraisal.options.get(name="A")

    appraisal_decide(
        actor=finance, appraisal=appraisal, chosen_option=chosen, decision=" Board, 1 May. "
    )

    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.DECIDED
    assert appraisal.chosen_option == chosen
    assert appraisal.decision == "Board, 1 May."
    assert AuditEvent.objects.get().details["chosen_option_name"] == "A"


def test_a_decided_appraisal_keeps_its_options_and_risks(finance: User) -> None:
    appraisal = two_option_appraisal()
    option = appraisal.options.get(name="A")
    appraisal_decide(actor=finance, appraisal=appraisal, chosen_option=option, decision="Yes.")
    risk = OptionRisk.objects.get()
    events = AuditEvent.objects.count()

    for attempt in (
        lambda: option_create(actor=finance, appraisal=appraisal, name="Late", years=[]),
        lambda: option_update(actor=finance, option=option, name="Changed", years=[]),
        lambda: risk_create(
            actor=finance,
            option=option,
            description="Late risk",
            likelihood=Decimal("0.1"),
            cost_if_it_happens=Decimal("1"),
        ),
        lambda: risk_delete(actor=finance, risk=risk),
        lambda: appraisal_decide(
            actor=finance, appraisal=appraisal, chosen_option=option, decision="Again."
        ),
    ):
        with pytest.raises(ValidationError, match="has been decided"):
            attempt()

    assert AuditEvent.objects.count() == events
    assert OptionRisk.objects.filter(pk=risk.pk).exists()
    assert AppraisalOption.objects.get(pk=option.pk).name == "A"


def test_the_option_chosen_must_be_one_of_the_appraisals(finance: User) -> None:
    appraisal = two_option_appraisal()
    stranger = AppraisalOptionFactory()
    with pytest.raises(ValidationError) as error:
        appraisal_decide(actor=finance, appraisal=appraisal, chosen_option=stranger, decision="x")
    assert "Choose one of this appraisal's options" in _messages(error)
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.DRAFT
