"""Keeping an indicator: who may change one, what a change saves and records, bad input refused
with a clear message and nothing half-written, and the judgements that follow a new polarity.

Comparisons are worked out when they are read (outcomes.selectors), not stored, so a change of
polarity or value type shows on the next page without any recomputing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.forms import INDICATOR_FORM_FIELDS
from childtrust.outcomes.indicator_page import indicator_page
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.services.indicators import indicator_update
from childtrust.partnership.models import FrameworkIndicator, Priority
from tests.factories import FrameworkIndicatorFactory, PriorityFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MAY_EDIT = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
INDEX = reverse("outcomes:index")


@pytest.fixture
def indicator() -> Indicator:
    """An indicator from the public health profiles, with England and one local authority
    whose value is far above England's (outside England's value at 99.8%)."""
    indicator = Indicator.objects.create(
        external_id="90812",
        name="Hospital admissions for mental health conditions",
        definition="Admissions of children under 18 per 100,000.",
        source="Public health profiles (Fingertips)",
        polarity=Polarity.HIGH_IS_GOOD,
        value_type=ValueType.CRUDE_RATE,
        multiplier=100000,
    )
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    city = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    for area, values in (
        (england, (87.5, 86.9, 88.1, 86.6, 88.4)),
        (city, (140.2, 120.9, 161.7, 111.3, 174.6)),
    ):
        value, lower_95, upper_95, lower_99_8, upper_99_8 = values
        DataPoint.objects.create(
            indicator=indicator,
            area=area,
            period="2022/23",
            period_start=datetime.date(2022, 4, 1),
            value=value,
            lower_95=lower_95,
            upper_95=upper_95,
            lower_99_8=lower_99_8,
            upper_99_8=upper_99_8,
            source=DataSource.IMPORTED,
        )
    return indicator


def edit_url(indicator: Indicator) -> str:
    return reverse("outcomes:indicator_edit", kwargs={"pk": indicator.pk})


def form_data(indicator: Indicator, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for the indicator as it is, with the changes given."""
    data = {
        name: ("" if value is None else value)
        for name, value in model_to_dict(indicator, fields=INDICATOR_FORM_FIELDS).items()
    }
    data.update(changes)
    return data


def as_saved(indicator: Indicator) -> dict[str, Any]:
    return model_to_dict(Indicator.objects.get(pk=indicator.pk), fields=INDICATOR_FORM_FIELDS)


def updates(indicator: Indicator) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="outcomes.indicator", object_id=str(indicator.pk)
    ).count()


def a_priority(**fields: Any) -> Priority:
    return cast(Priority, PriorityFactory(**fields))


def a_framework_indicator(**fields: Any) -> FrameworkIndicator:
    return cast(FrameworkIndicator, FrameworkIndicatorFactory(**fields))


@pytest.fixture
def lead(client_for: Callable[[str], Client]) -> Client:
    return client_for(Role.STRATEGIC_LEAD)


# --- Who may change an indicator ----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_manage_outcomes_may_open_the_edit_page(
    client_for: Callable[[str], Client], role: Role, indicator: Indicator
) -> None:
    response = client_for(role).get(edit_url(indicator))

    assert response.status_code == (200 if role in MAY_EDIT else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_manage_outcomes_may_change_an_indicator(
    client_for: Callable[[str], Client], role: Role, indicator: Indicator
) -> None:
    response = client_for(role).post(
        edit_url(indicator), form_data(indicator, polarity=Polarity.LOW_IS_GOOD)
    )

    saved = Indicator.objects.get(pk=indicator.pk)
    if role in MAY_EDIT:
        assert response.status_code == 302
        assert saved.polarity == Polarity.LOW_IS_GOOD
        assert updates(indicator) == 1
    else:
        assert response.status_code == 403
        assert saved.polarity == Polarity.HIGH_IS_GOOD
        assert updates(indicator) == 0


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_edit_links_are_offered_only_to_those_who_may_edit(
    client_for: Callable[[str], Client], role: Role, indicator: Indicator
) -> None:
    client = client_for(role)
    link = f'href="{edit_url(indicator)}"'

    index = client.get(INDEX).content.decode()
    page = client.get(reverse("outcomes:indicator", kwargs={"pk": indicator.pk})).content.decode()

    assert (link in index) == (role in MAY_EDIT)
    assert (link in page) == (role in MAY_EDIT)


def test_someone_not_signed_in_is_sent_to_sign_in(indicator: Indicator) -> None:
    url = edit_url(indicator)

    response = Client().post(url, form_data(indicator, name="Changed"))

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"
    assert as_saved(indicator)["name"] == indicator.name


def test_an_unknown_indicator_is_not_found(lead: Client) -> None:
    assert lead.get(reverse("outcomes:indicator_edit", kwargs={"pk": 999999})).status_code == 404


# --- A change saved ---------------------------------------------------------------------------


def test_the_form_starts_with_the_indicator_as_it_is(lead: Client, indicator: Indicator) -> None:
    page = lead.get(edit_url(indicator)).content.decode()

    assert 'value="Hospital admissions for mental health conditions"' in page
    assert 'value="high_is_good" checked' in page
    assert '<option value="crude_rate" selected>' in page
    assert 'value="100000"' in page
    assert "Fingertips indicator ID 90812" in page


def test_every_field_is_saved_and_the_change_is_audited_with_the_fields_changed(
    lead: Client, indicator: Indicator
) -> None:
    framework_indicator = a_framework_indicator(name="Admissions for self-harm")
    priority = framework_indicator.priority

    response = lead.post(
        edit_url(indicator),
        form_data(
            indicator,
            name="  Admissions for mental health   conditions (under 18s) ",
            definition="Emergency and elective admissions of under 18s.",
            source="NHS Digital Hospital Episode Statistics",
            priority=priority.pk,
            framework_indicator=framework_indicator.pk,
            polarity=Polarity.LOW_IS_GOOD,
            value_type=ValueType.DIRECTLY_STANDARDISED_RATE,
            multiplier=10000,
            comparison_method="confidence intervals 95/99.8",
            age="<18 yrs",
            sex="Persons",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:indicator", kwargs={"pk": indicator.pk})
    saved = Indicator.objects.get(pk=indicator.pk)
    assert saved.name == "Admissions for mental health conditions (under 18s)"
    assert saved.definition == "Emergency and elective admissions of under 18s."
    assert saved.source == "NHS Digital Hospital Episode Statistics"
    assert saved.priority == priority
    assert saved.framework_indicator == framework_indicator
    assert saved.polarity == Polarity.LOW_IS_GOOD
    assert saved.value_type == ValueType.DIRECTLY_STANDARDISED_RATE
    assert saved.multiplier == 10000
    assert saved.comparison_method == "confidence intervals 95/99.8"
    assert (saved.age, saved.sex) == ("<18 yrs", "Persons")
    assert saved.external_id == "90812", "the Fingertips ID is not editable"
    assert saved.modified_by is not None
    assert saved.modified_by.role == Role.STRATEGIC_LEAD
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(indicator.pk))
    assert event.details["changed"] == [
        "age",
        "comparison_method",
        "definition",
        "framework_indicator",
        "multiplier",
        "name",
        "polarity",
        "priority",
        "sex",
        "source",
        "value_type",
    ]
    assert event.details["from"]["polarity"] == "high_is_good"
    assert event.details["to"]["polarity"] == "low_is_good"
    assert event.details["from"]["priority"] is None
    assert event.details["to"]["priority"] == {"id": priority.pk, "name": str(priority)}
    assert event.details["to"]["multiplier"] == 10000


def test_the_indicator_page_shows_the_change_with_a_confirmation(
    lead: Client, indicator: Indicator
) -> None:
    response = lead.post(
        edit_url(indicator), form_data(indicator, source="Hospital Episode Statistics"), follow=True
    )

    page = response.content.decode()
    assert "has been updated" in page
    assert "Hospital Episode Statistics" in page


def test_saving_without_a_change_writes_nothing(lead: Client, indicator: Indicator) -> None:
    response = lead.post(edit_url(indicator), form_data(indicator))

    assert response.status_code == 302
    assert updates(indicator) == 0


def test_a_priority_can_be_set_without_a_framework_indicator_and_links_can_be_removed(
    lead: Client, indicator: Indicator
) -> None:
    priority = a_priority()
    lead.post(edit_url(indicator), form_data(indicator, priority=priority.pk))
    assert Indicator.objects.get(pk=indicator.pk).priority == priority

    lead.post(edit_url(indicator), form_data(Indicator.objects.get(pk=indicator.pk), priority=""))

    assert Indicator.objects.get(pk=indicator.pk).priority is None
    assert updates(indicator) == 2


# --- Bad input: a clear message and nothing written --------------------------------------------


def _other_priority_indicator() -> dict[str, Any]:
    chosen = a_priority(title="Reduce tooth decay")
    elsewhere = a_framework_indicator(name="Emergency admissions for self-harm")
    return {"priority": chosen.pk, "framework_indicator": elsewhere.pk}


def _framework_indicator_without_priority() -> dict[str, Any]:
    return {"priority": "", "framework_indicator": a_framework_indicator(name="Self-harm").pk}


BAD_INPUT: list[tuple[str, Callable[[], dict[str, Any]], str, str]] = [
    ("blank name", lambda: {"name": "   "}, "name", "Enter the indicator&#x27;s name"),
    ("name too long", lambda: {"name": "x" * 301}, "name", "300 characters or fewer"),
    ("multiplier 0", lambda: {"multiplier": "0"}, "multiplier", "between 1 and 1,000,000"),
    ("negative multiplier", lambda: {"multiplier": "-100"}, "multiplier", "between 1 and"),
    ("multiplier too big", lambda: {"multiplier": "10000000"}, "multiplier", "between 1 and"),
    ("multiplier not a number", lambda: {"multiplier": "a hundred"}, "multiplier", "whole number"),
    ("multiplier blank", lambda: {"multiplier": ""}, "multiplier", "Enter the multiplier"),
    (
        "proportion per 100,000",
        lambda: {"value_type": ValueType.PROPORTION, "multiplier": "100000"},
        "multiplier",
        "A proportion&#x27;s multiplier must be 1 (a fraction), 100 (a percentage) or 1000",
    ),
    (
        "framework indicator of another priority",
        _other_priority_indicator,
        "framework_indicator",
        "measures the priority",
    ),
    (
        "framework indicator without a priority",
        _framework_indicator_without_priority,
        "framework_indicator",
        "choose that priority",
    ),
    ("unknown priority", lambda: {"priority": "999999"}, "priority", "Choose a priority from"),
    (
        "unknown framework indicator",
        lambda: {"framework_indicator": "999999"},
        "framework_indicator",
        "Choose a framework indicator from the list",
    ),
    ("no polarity", lambda: {"polarity": ""}, "polarity", "Choose the indicator&#x27;s polarity"),
    ("unknown polarity", lambda: {"polarity": "sideways"}, "polarity", "Select a valid choice"),
    ("unknown value type", lambda: {"value_type": "ratio"}, "value_type", "Choose a value type"),
    ("sex too long", lambda: {"sex": "x" * 41}, "sex", "Sex must be 40 characters or fewer"),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [pytest.param(c, f, m, id=name) for name, c, f, m in BAD_INPUT],
)
def test_bad_input_is_refused_with_a_message_on_its_field_and_nothing_is_written(
    lead: Client,
    indicator: Indicator,
    changes: Callable[[], dict[str, Any]],
    field: str,
    message: str,
) -> None:
    before = as_saved(indicator)
    # A good change beside the bad one, to show that nothing of the form is half-saved.
    data = form_data(indicator, source="Changed source", **changes())

    response = lead.post(edit_url(indicator), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f"{field}-error" in page or f"id_{field}_0" in page
    assert as_saved(indicator) == before
    assert updates(indicator) == 0


def test_a_local_indicator_cannot_take_another_local_indicators_name(lead: Client) -> None:
    Indicator.objects.create(name="School sessions missed for tooth extraction")
    local = Indicator.objects.create(name="Extractions under general anaesthetic")

    response = lead.post(
        edit_url(local), form_data(local, name="school sessions missed for tooth extraction")
    )

    assert response.status_code == 200
    assert "There is already an indicator called" in response.content.decode()
    assert as_saved(local)["name"] == "Extractions under general anaesthetic"


def test_a_proportion_may_be_a_fraction_a_percentage_or_per_thousand(
    lead: Client, indicator: Indicator
) -> None:
    for multiplier in (1, 100, 1000):
        current = Indicator.objects.get(pk=indicator.pk)
        lead.post(
            edit_url(current),
            form_data(current, value_type=ValueType.PROPORTION, multiplier=multiplier),
        )
        assert as_saved(indicator)["multiplier"] == multiplier


# --- The service ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - MAY_EDIT))
def test_the_service_refuses_anyone_who_does_not_manage_outcomes_and_writes_nothing(
    indicator: Indicator, user_with_role: Callable[[str], User], role: Role
) -> None:
    with pytest.raises(PermissionDenied, match="Your role does not allow you to change an"):
        indicator_update(
            actor=user_with_role(role), indicator=indicator, polarity=Polarity.LOW_IS_GOOD
        )

    assert as_saved(indicator)["polarity"] == Polarity.HIGH_IS_GOOD
    assert updates(indicator) == 0


def test_the_service_refuses_a_field_it_does_not_keep(
    indicator: Indicator, user_with_role: Callable[[str], User]
) -> None:
    with pytest.raises(TypeError, match="external_id"):
        indicator_update(
            actor=user_with_role(Role.STRATEGIC_LEAD), indicator=indicator, external_id="1"
        )


def test_a_refused_change_leaves_the_callers_indicator_as_it_was(
    indicator: Indicator, user_with_role: Callable[[str], User]
) -> None:
    other = a_framework_indicator()
    chosen = a_priority()

    with pytest.raises(ValidationError) as refused:
        indicator_update(
            actor=user_with_role(Role.PARTNERSHIP_ADMIN),
            indicator=indicator,
            name="A new name",
            priority=chosen,
            framework_indicator=other,
            multiplier=0,
        )

    assert set(refused.value.message_dict) == {"framework_indicator", "multiplier"}
    assert indicator.name == "Hospital admissions for mental health conditions"
    assert indicator.priority is None
    assert indicator.framework_indicator is None
    assert indicator.multiplier == 100000
    assert updates(indicator) == 0


# --- The judgement follows the indicator --------------------------------------------------------


def _latest_judgement(indicator: Indicator) -> str:
    return indicator_page(Indicator.objects.get(pk=indicator.pk)).trend[-1].judgement


@pytest.mark.parametrize(
    ("polarity", "judgement"),
    [
        (Polarity.LOW_IS_GOOD, "worse"),
        (Polarity.NO_JUDGEMENT, "higher"),
    ],
)
def test_a_new_polarity_changes_the_judgement_on_the_next_page(
    lead: Client, indicator: Indicator, polarity: Polarity, judgement: str
) -> None:
    page_url = reverse("outcomes:indicator", kwargs={"pk": indicator.pk})
    assert _latest_judgement(indicator) == "better"
    assert "govuk-tag--green" in lead.get(page_url).content.decode()

    response = lead.post(edit_url(indicator), form_data(indicator, polarity=polarity), follow=True)

    assert _latest_judgement(indicator) == judgement
    page = response.content.decode()
    assert f">{judgement.capitalize()} than England</strong>" in page
    assert ">Better than England</strong>" not in page
    profile = lead.get(reverse("outcomes:profile")).content.decode()
    assert f"{judgement.capitalize()} than England" in profile


# --- The unit ---------------------------------------------------------------------------------


def test_a_strategic_lead_sets_the_unit_and_every_value_shows_it(
    lead: Client, indicator: Indicator
) -> None:
    page_url = reverse("outcomes:indicator", kwargs={"pk": indicator.pk})
    assert "per 100,000" in lead.get(page_url).content.decode()
    assert 'name="unit"' in lead.get(edit_url(indicator)).content.decode()

    response = lead.post(
        edit_url(indicator),
        form_data(indicator, unit="  per 100,000   aged under 18 "),
        follow=True,
    )

    assert Indicator.objects.get(pk=indicator.pk).unit == "per 100,000 aged under 18"
    page = response.content.decode()
    assert "Value (per 100,000 aged under 18)" in page
    event = AuditEvent.objects.filter(object_id=str(indicator.pk)).latest("pk")
    assert "unit" in str(event.details)
