"""Attaching an indicator to a priority of the outcomes framework, from either side (issue 14):
who may, what it saves and records, bad input refused with a clear message, one indicator's
figures per framework indicator, and the framework showing the figures under the priority."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.outcomes.services.attachments import indicator_priority_attach
from childtrust.partnership.models import FrameworkIndicator, Priority
from tests.factories import FrameworkIndicatorFactory, PriorityFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MAY_ATTACH = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
FRAMEWORK = reverse("partnership:framework")


def a_priority(title: str = "Improve school readiness") -> Priority:
    return cast(Priority, PriorityFactory(title=title))


def a_framework_indicator(priority: Priority, name: str) -> FrameworkIndicator:
    return cast(FrameworkIndicator, FrameworkIndicatorFactory(priority=priority, name=name))


def an_indicator(name: str = "School readiness: a good level of development") -> Indicator:
    return Indicator.objects.create(
        name=name,
        polarity=Polarity.HIGH_IS_GOOD,
        value_type=ValueType.PROPORTION,
        multiplier=100,
    )


def with_figures(indicator: Indicator) -> Indicator:
    """England and the partnership's city (with a locality under it, so that it is the
    partnership's own) over five years: the city below England and falling."""
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    city = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    Area.objects.create(code="L1", name="Central", area_type=AreaType.LOCALITY, parent=city)
    for year, (england_count, city_count) in enumerate(
        ((7000, 700), (7000, 660), (7000, 620), (7000, 580), (7000, 540)), start=2019
    ):
        for area, count in ((england, england_count), (city, city_count)):
            DataPoint.objects.create(
                indicator=indicator,
                area=area,
                period=f"{year}/{(year + 1) % 100:02d}",
                period_start=datetime.date(year, 4, 1),
                value=count / 1000 * 100 if area == city else count / 10000 * 100,
                count=count,
                denominator=1000 if area == city else 10000,
                source=DataSource.IMPORTED,
            )
    return indicator


def attach_events(indicator: Indicator) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.UPDATE,
            object_type="outcomes.indicator",
            object_id=str(indicator.pk),
        )
    )


# --- The service ---------------------------------------------------------------------------------


def test_a_strategic_lead_attaches_an_indicator_to_a_priority_and_it_is_recorded(
    user_with_role: Callable[[str], User],
) -> None:
    priority = a_priority()
    own = a_framework_indicator(priority, "Children with a good level of development")
    indicator = an_indicator()

    indicator_priority_attach(
        actor=user_with_role(Role.STRATEGIC_LEAD),
        indicator=indicator,
        priority=priority,
        framework_indicator=own,
    )

    indicator.refresh_from_db()
    assert indicator.priority == priority
    assert indicator.framework_indicator == own
    (event,) = attach_events(indicator)
    assert event.details["changed"] == ["framework_indicator", "priority"]


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - MAY_ATTACH))
def test_other_roles_are_refused_attaching_an_indicator(
    user_with_role: Callable[[str], User], role: Role
) -> None:
    indicator = an_indicator()

    with pytest.raises(PermissionDenied):
        indicator_priority_attach(
            actor=user_with_role(role), indicator=indicator, priority=a_priority()
        )

    indicator.refresh_from_db()
    assert indicator.priority is None
    assert not attach_events(indicator)


def test_a_framework_indicator_of_another_priority_is_refused(
    user_with_role: Callable[[str], User],
) -> None:
    other = a_framework_indicator(a_priority("Reduce child poverty"), "Children in low income")
    indicator = an_indicator()

    with pytest.raises(ValidationError) as refused:
        indicator_priority_attach(
            actor=user_with_role(Role.STRATEGIC_LEAD),
            indicator=indicator,
            priority=a_priority(),
            framework_indicator=other,
        )

    assert "measures the priority “Reduce child poverty”" in str(refused.value)
    indicator.refresh_from_db()
    assert indicator.priority is None


def test_a_framework_indicator_already_given_figures_is_refused_with_who_gives_them(
    user_with_role: Callable[[str], User],
) -> None:
    lead = user_with_role(Role.STRATEGIC_LEAD)
    priority = a_priority()
    own = a_framework_indicator(priority, "Children with a good level of development")
    first = an_indicator("School readiness (published)")
    indicator_priority_attach(
        actor=lead, indicator=first, priority=priority, framework_indicator=own
    )
    second = an_indicator("School readiness (local count)")

    with pytest.raises(ValidationError) as refused:
        indicator_priority_attach(
            actor=lead, indicator=second, priority=priority, framework_indicator=own
        )

    assert "“School readiness (published)” already gives the figures for" in str(refused.value)
    second.refresh_from_db()
    assert second.priority is None


def test_the_database_holds_one_indicator_per_framework_indicator() -> None:
    own = a_framework_indicator(a_priority(), "Children with a good level of development")
    Indicator.objects.create(name="One", priority=own.priority, framework_indicator=own)

    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(name="Two", priority=own.priority, framework_indicator=own)


def test_attaching_to_no_priority_lets_go_of_the_framework_indicator_too(
    user_with_role: Callable[[str], User],
) -> None:
    lead = user_with_role(Role.STRATEGIC_LEAD)
    priority = a_priority()
    own = a_framework_indicator(priority, "Children with a good level of development")
    indicator = an_indicator()
    indicator_priority_attach(
        actor=lead, indicator=indicator, priority=priority, framework_indicator=own
    )

    indicator_priority_attach(actor=lead, indicator=indicator, priority=None)

    indicator.refresh_from_db()
    assert (indicator.priority, indicator.framework_indicator) == (None, None)


# --- From the indicator's page -------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_may_attach_see_the_link_and_open_the_page_from_the_indicator(
    client_for: Callable[[str], Client], role: Role
) -> None:
    indicator = an_indicator()
    client = client_for(role)
    page = reverse("outcomes:indicator_priority", args=[indicator.pk])

    indicator_page = client.get(reverse("outcomes:indicator", args=[indicator.pk])).content.decode()

    assert (page in indicator_page) == (role in MAY_ATTACH)
    assert client.get(page).status_code == (200 if role in MAY_ATTACH else 403)
    response = client.post(page, {"priority": a_priority().pk})
    indicator.refresh_from_db()
    assert (indicator.priority is not None) == (role in MAY_ATTACH)
    if role not in MAY_ATTACH:
        assert response.status_code == 403


def test_attaching_from_the_indicator_returns_to_it_saying_where_it_now_shows(
    client_for: Callable[[str], Client],
) -> None:
    indicator = an_indicator()
    priority = a_priority()

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("outcomes:indicator_priority", args=[indicator.pk]),
        {"priority": priority.pk, "framework_indicator": ""},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("outcomes:indicator", args=[indicator.pk])
    assert "now shows progress on “Improve school readiness”" in page


def test_the_indicator_side_shows_every_error_at_once_for_choices_not_in_the_lists(
    client_for: Callable[[str], Client],
) -> None:
    indicator = an_indicator()

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("outcomes:indicator_priority", args=[indicator.pk]),
        {"priority": "999999", "framework_indicator": "not a number"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Choose a priority from the list" in page
    assert "Choose one of the framework&#x27;s indicators from the list" in page
    indicator.refresh_from_db()
    assert indicator.priority is None


# --- From the priority's place in the framework ----------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_may_attach_see_the_link_and_attach_from_the_priority(
    client_for: Callable[[str], Client], role: Role
) -> None:
    priority = a_priority()
    indicator = an_indicator()
    client = client_for(role)
    page = reverse("outcomes:priority_attach", args=[priority.pk])

    framework = client.get(FRAMEWORK).content.decode()
    response = client.post(page, {"indicator": indicator.pk})

    assert (page in framework) == (role in MAY_ATTACH)
    indicator.refresh_from_db()
    if role in MAY_ATTACH:
        assert response.status_code == 302
        assert response["Location"] == f"{FRAMEWORK}#priority-{priority.pk}"
        assert indicator.priority == priority
    else:
        assert response.status_code == 403
        assert indicator.priority is None


def test_the_priority_side_offers_only_the_priority_s_own_framework_indicators(
    client_for: Callable[[str], Client],
) -> None:
    priority = a_priority()
    a_framework_indicator(priority, "Children with a good level of development")
    elsewhere = a_framework_indicator(a_priority("Reduce child poverty"), "Children in low income")
    indicator = an_indicator()
    client = client_for(Role.STRATEGIC_LEAD)
    page = reverse("outcomes:priority_attach", args=[priority.pk])

    form = client.get(page).content.decode()
    refused = client.post(page, {"indicator": indicator.pk, "framework_indicator": elsewhere.pk})

    assert "Children with a good level of development" in form
    assert "Children in low income" not in form
    assert "Choose one of this priority&#x27;s indicators from the list" in refused.content.decode()
    indicator.refresh_from_db()
    assert indicator.priority is None


def test_the_priority_side_asks_for_an_indicator(client_for: Callable[[str], Client]) -> None:
    priority = a_priority()

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("outcomes:priority_attach", args=[priority.pk]), {"indicator": ""}
    )

    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Choose the indicator to attach" in page


def test_a_priority_that_does_not_exist_answers_404(client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.STRATEGIC_LEAD).get(
        reverse("outcomes:priority_attach", args=[999999])
    )

    assert response.status_code == 404


# --- The framework shows the figures ----------------------------------------------------------


def test_the_framework_shows_an_attached_indicator_s_latest_value_trend_and_england(
    client_for: Callable[[str], Client], user_with_role: Callable[[str], User]
) -> None:
    priority = a_priority()
    indicator = with_figures(an_indicator())
    indicator_priority_attach(
        actor=user_with_role(Role.STRATEGIC_LEAD), indicator=indicator, priority=priority
    )

    page = client_for(Role.PRACTITIONER).get(FRAMEWORK).content.decode()

    section = page[page.index(f'id="priority-{priority.pk}"') :]
    assert "Latest (2023/24)" in section
    assert "54.0%" in section
    assert "England 70.0%" in section
    assert "Worse than England" in section
    assert "Decreasing and getting worse" in section
    assert reverse("outcomes:indicator", args=[indicator.pk]) in section


def test_the_framework_lists_a_measure_once_when_an_indicator_gives_its_figures(
    client_for: Callable[[str], Client], user_with_role: Callable[[str], User]
) -> None:
    priority = a_priority()
    own = a_framework_indicator(priority, "Children with a good level of development")
    indicator = with_figures(an_indicator("School readiness (published)"))
    indicator_priority_attach(
        actor=user_with_role(Role.STRATEGIC_LEAD),
        indicator=indicator,
        priority=priority,
        framework_indicator=own,
    )

    page = client_for(Role.PRACTITIONER).get(FRAMEWORK).content.decode()

    assert page.count("Children with a good level of development</p>") == 1
    assert "Figures from “School readiness (published)”" in page
    assert page.count("54.0%") == 1


def test_an_indicator_without_figures_for_the_area_says_so(
    client_for: Callable[[str], Client], user_with_role: Callable[[str], User]
) -> None:
    priority = a_priority()
    indicator_priority_attach(
        actor=user_with_role(Role.STRATEGIC_LEAD), indicator=an_indicator(), priority=priority
    )

    page = client_for(Role.PRACTITIONER).get(FRAMEWORK).content.decode()

    assert "No figures are held yet for the partnership's area" in page
