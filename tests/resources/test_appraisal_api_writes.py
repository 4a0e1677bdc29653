"""The option appraisals' write endpoints: opening a record, changing it, adding and replacing
options with their years, adding and removing risks, and recording the decision, for strategic
leads and finance officers only; a refusal answers 400 with the service's reasons and writes
nothing. Each write answers with the whole record."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from childtrust.accounts.models import Role
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)
from tests.conftest import ALL_ROLES
from tests.resources.api_writes import MANAGERS, resources_audit_count, writer
from tests.resources.factories_appraisal import two_option_appraisal

pytestmark = pytest.mark.django_db

OPTION = {
    "name": "C",
    "years": [
        {"year_index": 0, "costs": "400", "benefits": "0"},
        {"year_index": 1, "costs": "0", "benefits": "621"},
    ],
    "people_benefited": 50,
}
RISK = {"description": "Delay", "likelihood": "0.25", "cost_if_it_happens": "400"}


@pytest.fixture
def record() -> dict[str, Any]:
    appraisal = two_option_appraisal(title="Trust or not")
    a = appraisal.options.get(name="A")
    b = appraisal.options.get(name="B")
    return {"appraisal": appraisal, "a": a, "b": b, "risk": a.risks.get()}


WRITES: dict[
    str, tuple[Callable[[dict[str, Any]], tuple[str, str, dict[str, Any] | None]], Any]
] = {
    "open a record": (
        lambda _r: (
            "post",
            "/appraisals",
            {"title": "New", "question": "Why?", "first_year": 2027},
        ),
        lambda _r: Appraisal.objects.filter(title="New").exists(),
    ),
    "change a record": (
        lambda r: ("patch", f"/appraisals/{r['appraisal'].pk}", {"title": "Renamed"}),
        lambda _r: Appraisal.objects.filter(title="Renamed").exists(),
    ),
    "add an option": (
        lambda r: ("post", f"/appraisals/{r['appraisal'].pk}/options", OPTION),
        lambda _r: AppraisalOption.objects.filter(name="C").exists(),
    ),
    "replace an option": (
        lambda r: (
            "put",
            f"/appraisals/{r['appraisal'].pk}/options/{r['b'].pk}",
            {**OPTION, "name": "B"},
        ),
        lambda r: OptionYear.objects.filter(option=r["b"], costs=Decimal("400")).exists(),
    ),
    "add a risk": (
        lambda r: ("post", f"/appraisals/{r['appraisal'].pk}/options/{r['b'].pk}/risks", RISK),
        lambda r: OptionRisk.objects.filter(option=r["b"]).exists(),
    ),
    "remove a risk": (
        lambda r: ("delete", f"/appraisals/{r['appraisal'].pk}/risks/{r['risk'].pk}", None),
        lambda r: not OptionRisk.objects.filter(pk=r["risk"].pk).exists(),
    ),
    "decide": (
        lambda r: (
            "post",
            f"/appraisals/{r['appraisal'].pk}/decision",
            {"chosen_option": r["a"].pk, "decision": "The board chose A: more benefit."},
        ),
        lambda r: Appraisal.objects.get(pk=r["appraisal"].pk).status == AppraisalStatus.DECIDED,
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_keep_appraisals(
    record: dict[str, Any], role: Role, write: str
) -> None:
    request, written = WRITES[write]
    method, path, body = request(record)

    response = writer(role).call(method, path, body)

    if role in MANAGERS:
        assert response.status_code in {200, 201, 204}, response.content
        assert written(record)
    else:
        assert response.status_code == 403
        assert "Your role does not allow you to" in response.json()["detail"]
        assert not written(record)


def test_adding_an_option_answers_with_the_record_and_its_figures(
    record: dict[str, Any],
) -> None:
    response = writer(Role.FINANCE_OFFICER).call(
        "post", f"/appraisals/{record['appraisal'].pk}/options", OPTION
    )

    assert response.status_code == 201
    options = {o["name"]: o for o in response.json()["options"]}
    assert set(options) == {"A", "B", "C"}
    # 621 discounted one year at 3.5% is 600; less 400 in year 0.
    assert options["C"]["npv"] == pytest.approx(200, abs=0.01)
    assert [y["year_index"] for y in options["C"]["years"]] == [0, 1]


def test_the_record_gives_each_risk_its_id_to_remove_it(record: dict[str, Any]) -> None:
    body = writer(Role.AUDITOR).call("get", f"/appraisals/{record['appraisal'].pk}").json()

    [risk] = next(o for o in body["options"] if o["name"] == "A")["risks"]
    assert risk["id"] == record["risk"].pk


def _state() -> tuple[Any, ...]:
    return (
        list(Appraisal.objects.values_list("pk", "title", "question", "first_year", "status")),
        list(AppraisalOption.objects.values_list("pk", "name", "people_benefited")),
        list(OptionYear.objects.values_list("option_id", "year_index", "costs", "benefits")),
        list(OptionRisk.objects.values_list("pk", "likelihood")),
        resources_audit_count(),
    )


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (
            lambda _r: (
                "post",
                "/appraisals",
                {"title": "trust or not", "question": "Why?", "first_year": 2027},
            ),
            "There is already an appraisal called “trust or not”.",
        ),
        (
            lambda r: ("patch", f"/appraisals/{r['appraisal'].pk}", {"first_year": 1800}),
            "Enter the first year as a year from 1990 to 2100.",
        ),
        (
            lambda r: ("patch", f"/appraisals/{r['appraisal'].pk}", {"title": None}),
            "Give a value for title, or leave it out to keep it.",
        ),
        (
            lambda r: (
                "post",
                f"/appraisals/{r['appraisal'].pk}/options",
                {
                    **OPTION,
                    "years": [
                        {"year_index": 0, "costs": "1", "benefits": "0"},
                        {"year_index": 0, "costs": "2", "benefits": "0"},
                    ],
                },
            ),
            "Year 0 is given more than once: give each year once.",
        ),
        (
            lambda r: (
                "put",
                f"/appraisals/{r['appraisal'].pk}/options/{r['b'].pk}",
                {**OPTION, "name": "a"},
            ),
            "This appraisal already has an option called “a”",
        ),
        (
            lambda r: (
                "post",
                f"/appraisals/{r['appraisal'].pk}/options/{r['b'].pk}/risks",
                {**RISK, "likelihood": "1.5"},
            ),
            "Enter the likelihood as a number from 0 to 1",
        ),
        (
            lambda r: (
                "post",
                f"/appraisals/{r['appraisal'].pk}/decision",
                {"chosen_option": r["a"].pk, "decision": "  "},
            ),
            "Enter what was decided, by whom and why.",
        ),
        (
            lambda r: (
                "post",
                f"/appraisals/{r['appraisal'].pk}/decision",
                {"chosen_option": two_option_appraisal().options.first().pk, "decision": "A"},
            ),
            "Choose one of this appraisal's options.",
        ),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_is_written(
    record: dict[str, Any], write: Any, expected: str
) -> None:
    method, path, body = write(record)
    before = _state()

    response = writer(Role.FINANCE_OFFICER).call(method, path, body)

    assert response.status_code == 400, response.content
    assert expected in response.json()["detail"]
    assert _state() == before


def test_a_decided_appraisal_refuses_new_options_and_risks(record: dict[str, Any]) -> None:
    client = writer(Role.STRATEGIC_LEAD)
    pk = record["appraisal"].pk
    client.call(
        "post", f"/appraisals/{pk}/decision", {"chosen_option": record["a"].pk, "decision": "A"}
    )
    before = _state()

    for method, path, body in [
        ("post", f"/appraisals/{pk}/options", OPTION),
        ("post", f"/appraisals/{pk}/options/{record['b'].pk}/risks", RISK),
        ("delete", f"/appraisals/{pk}/risks/{record['risk'].pk}", None),
        ("post", f"/appraisals/{pk}/decision", {"chosen_option": record["b"].pk, "decision": "B"}),
    ]:
        response = client.call(method, path, body)
        assert response.status_code == 400, path
        assert "This appraisal has been decided" in response.json()["detail"]
    assert _state() == before


def test_unknown_appraisals_options_and_risks_are_not_found(record: dict[str, Any]) -> None:
    client = writer(Role.FINANCE_OFFICER)
    pk = record["appraisal"].pk
    other = two_option_appraisal()
    other_option = other.options.first()

    for method, path, body in [
        ("patch", "/appraisals/999999", {"title": "X"}),
        ("post", "/appraisals/999999/options", OPTION),
        ("put", f"/appraisals/{pk}/options/{other_option.pk}", OPTION),
        ("post", f"/appraisals/{pk}/options/999999/risks", RISK),
        ("delete", f"/appraisals/{other.pk}/risks/{record['risk'].pk}", None),
        ("post", "/appraisals/999999/decision", {"chosen_option": 1, "decision": "A"}),
    ]:
        assert client.call(method, path, body).status_code == 404, path
