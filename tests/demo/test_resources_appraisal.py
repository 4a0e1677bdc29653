"""The founding appraisal in the demo: agencies independent against one children's trust, decided
for the trust, with the same figures every time, labelled as demonstration data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.resources.demo.appraisal import (
    INDEPENDENT,
    TITLE,
    TRUST,
    AppraisalDemoRefusedError,
    appraisal_demo_load,
)
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)
from childtrust.resources.selectors.appraisal import appraisal_figures, appraisal_with_options

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_founding_appraisal_decided_for_the_trust() -> None:
    created = appraisal_demo_load()

    assert created == {Appraisal: 1, AppraisalOption: 2, OptionYear: 20, OptionRisk: 4}
    appraisal = Appraisal.objects.get()
    assert appraisal.title == TITLE
    assert (appraisal.first_year, appraisal.status) == (2005, AppraisalStatus.DECIDED)
    assert appraisal.chosen_option is not None
    assert appraisal.chosen_option.name == TRUST
    assert "Demonstration record" in appraisal.question
    assert "Demonstration record" in appraisal.decision
    assert [o.name for o in appraisal.options.order_by("position")] == [INDEPENDENT, TRUST]
    assert AuditEvent.objects.filter(details__source="demo data").count() == 4


def test_the_demo_figures_are_the_same_every_time() -> None:
    appraisal_demo_load()
    figures = appraisal_figures(appraisal_with_options(Appraisal.objects.get().pk))
    independent, trust = figures.options

    # Fixed inputs, so fixed results (to the pound): the trust leads on both measures.
    assert round(independent.npv) == 1_278_364
    assert round(trust.npv) == 4_346_878
    assert (trust.rank_by_npv, trust.rank_by_people) == (1, 1)
    assert trust.people_benefited > independent.people_benefited
    assert 40_000 <= trust.people_benefited <= 50_000
    switch = figures.switch_to_runner_up
    assert switch is not None
    assert switch.costs_rise_percent == pytest.approx(15.50, abs=0.01)
    assert switch.benefits_fall_percent == pytest.approx(12.71, abs=0.01)
    assert figures.last_year == 9  # a ten-year horizon: 2005 to 2014


def test_the_demo_is_not_loaded_twice() -> None:
    appraisal_demo_load()
    with pytest.raises(AppraisalDemoRefusedError):
        appraisal_demo_load()
    assert Appraisal.objects.count() == 1


def test_the_demo_appraisal_page_reads_well(client_for: Callable[[str], Client]) -> None:
    appraisal_demo_load()
    url = reverse("resources:appraisal_detail", args=[Appraisal.objects.get().pk])
    html = client_for(Role.PRACTITIONER).get(url).content.decode()

    assert "The partnership chose <strong>One children&#x27;s trust" in html
    assert "£4,346,878" in html
    assert "Messages and priorities do not reach front-line staff" in html
    assert "Joining up the agencies&#x27; IT and case systems overruns" in html
    assert "Staff resist the change" in html
    assert "15.5%" in html
