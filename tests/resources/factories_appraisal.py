"""Factories for the appraisal part: a decision record, its options, their years and risks.

`two_option_appraisal()` builds the worked example of tests/resources/test_appraisal_maths.py
(options A and B) in the database, so that pages and the API can be checked against figures
worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import factory

from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)


class AppraisalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appraisal

    title = factory.Sequence(lambda n: f"Appraisal {n}")
    question = "Which way should the partnership go?"
    first_year = 2027
    status = AppraisalStatus.DRAFT


class AppraisalOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppraisalOption

    appraisal = factory.SubFactory(AppraisalFactory)
    name = factory.Sequence(lambda n: f"Option {n}")
    description = "What the option is."
    people_affected = "Children and their families."
    people_benefited = 100
    optimism_bias_costs = Decimal("0")
    optimism_bias_benefits = Decimal("0")
    position = factory.Sequence(lambda n: n)


class OptionYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OptionYear

    option = factory.SubFactory(AppraisalOptionFactory)
    year_index = 0
    costs = Decimal("1000.00")
    benefits = Decimal("0.00")


class OptionRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OptionRisk

    option = factory.SubFactory(AppraisalOptionFactory)
    description = "Staff resist the change"
    likelihood = Decimal("0.5")
    cost_if_it_happens = Decimal("207.00")
    year_index = 1
    mitigation = "Involve staff early"


def two_option_appraisal(**appraisal_fields: object) -> Appraisal:
    """Option A: PV costs 1,300 (1,000 + 20% optimism bias + a risk worth 100), PV benefits
    1,800 (2,000 less 10%), NPV 500, 100 people. Option B: PV costs 500, PV benefits 800, NPV
    300, 200 people."""
    appraisal = AppraisalFactory(**appraisal_fields)
    a = AppraisalOptionFactory(
        appraisal=appraisal,
        name="A",
        people_benefited=100,
        optimism_bias_costs=Decimal("20"),
        optimism_bias_benefits=Decimal("10"),
        position=0,
        pros="Reaches children sooner\nOne budget",
        cons="Costly to set up",
    )
    for year, costs, benefits in ((0, "1000", "0"), (1, "0", "1035"), (2, "0", "1071.23")):
        OptionYearFactory(
            option=a, year_index=year, costs=Decimal(costs), benefits=Decimal(benefits)
        )
    OptionRiskFactory(option=a)
    b = AppraisalOptionFactory(appraisal=appraisal, name="B", people_benefited=200, position=1)
    OptionYearFactory(option=b, year_index=0, costs=Decimal("500"), benefits=Decimal("0"))
    OptionYearFactory(option=b, year_index=1, costs=Decimal("0"), benefits=Decimal("828"))
    return appraisal
