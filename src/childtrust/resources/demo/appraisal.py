"""The demo partnership's founding appraisal: whether the city's agencies should carry on
independently or join in one children's trust, as the Children Act 2004 asked every area to
consider. Year 0 is 2005 and the appraisal runs ten years (2005 to 2014).

Every figure is an invented, labelled demonstration figure, in pounds at 2005 prices, chosen to
be plausible for a city of about 250,000 people and 50,000 children; none comes from the real
city's accounts. The pros and cons are drawn from the Southampton case (messages that did not
reach the front line, duplicated services, budget pressure with no way to move money between
agencies serving the same children, staff not involved in the change).

The figures are fixed, so the demo is the same every time: with the Green Book's 3.5%, the trust
has the higher net present value (about £4.3 million against £1.3 million) and reaches more
children, and its lead would go if its costs rose by about 15% or its benefits fell by about
13%."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from childtrust.partnership.demo.loader import DemoLoadRefusedError, demo_created_record
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)

SOURCE = "demo data"
TITLE = "Agencies independent or one children's trust"
FIRST_YEAR = 2005
YEARS = 10  # years 0 to 9: 2005 to 2014
INDEPENDENT = "Agencies carry on independently"
TRUST = "One children's trust (pooled budget, shared vision, locality teams)"

QUESTION = (
    "Should the city's agencies for children (children's social care, schools, health visiting "
    "and school nursing, child and adolescent mental health, police, youth services and the "
    "voluntary sector) carry on working independently, each with its own mission, budget and "
    "records, or join in one children's trust with a pooled budget, a shared vision and "
    "multi-agency locality teams?\n\n"
    "Why now: the Children Act 2004 asks every area to make arrangements for its agencies to "
    "cooperate, budgets are under pressure, services are duplicated, and children still come to "
    "harm that several agencies have each seen a part of.\n\n"
    "Demonstration record: every figure is invented for the demo, in pounds at 2005 prices."
)
DECISION = (
    "The partnership board chose one children's trust in 2005. It has the higher net present "
    "value after optimism bias and risks, and it benefits more children: both the net benefit "
    "and the number of people benefited point the same way. Its lead is not large (it would go "
    "if the trust's costs rose by about 15 per cent), so the board asked for the set-up costs "
    "and the IT integration to be reported to it every quarter, and for staff in every agency "
    "to be involved in designing the locality teams.\n\n"
    "Demonstration record: invented for the demo."
)


@dataclass(frozen=True)
class DemoRisk:
    description: str
    likelihood: str
    cost_if_it_happens: int
    year_index: int
    mitigation: str


@dataclass(frozen=True)
class DemoOption:
    name: str
    description: str
    people_affected: str
    people_benefited: int
    optimism_bias_costs: str
    optimism_bias_benefits: str
    costs: tuple[int, ...]  # years 0 to 9, pounds at 2005 prices
    benefits: tuple[int, ...]
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    risks: tuple[DemoRisk, ...] = field(default=())


OPTIONS = (
    DemoOption(
        name=INDEPENDENT,
        description=(
            "Each agency keeps its own budget, management and records, and works with the "
            "others through liaison meetings and referrals, as now. Costs (demonstration "
            "figures): the agencies' duplicated assessments, separate management of overlapping "
            "services and liaison, £1.5 million a year rising with budget pressure. Benefits: "
            "late intervention avoided and outcomes gained by the joint work the agencies "
            "already do, valued at £2.0 million a year."
        ),
        people_affected=(
            "Children and families: about 38,000 of the city's 50,000 children are reached by "
            "one agency's services or another; families with several needs tell their story to "
            "each agency in turn. Staff: no change to their teams or managers."
        ),
        people_benefited=38_000,
        optimism_bias_costs="5",
        optimism_bias_benefits="0",
        costs=tuple(1_500_000 + 30_000 * year for year in range(YEARS)),
        benefits=(2_000_000,) * YEARS,
        pros=(
            "No upheaval: staff keep their teams, managers and ways of working",
            "No set-up costs",
            "Each agency stays plainly accountable for its own budget and statutory duties",
        ),
        cons=(
            "Messages and priorities do not reach front-line staff in the same way in every agency",
            "Duplicated services and assessments: families tell their story several times",
            "Budget pressure with no clear way to move money between agencies serving the same "
            "children",
            "Each agency sees only part of a child: the missed chances of the Climbié inquiry "
            "remain possible",
        ),
        risks=(
            DemoRisk(
                description="A child comes to serious harm after a missed chance between "
                "agencies, with a serious case review",
                likelihood="0.3",
                cost_if_it_happens=2_500_000,
                year_index=3,
                mitigation="Liaison meetings and a protocol for sharing concerns",
            ),
            DemoRisk(
                description="Budget pressure forces one agency to cut early help that others "
                "rely on",
                likelihood="0.5",
                cost_if_it_happens=1_200_000,
                year_index=2,
                mitigation="None agreed: each agency sets its own budget",
            ),
        ),
    ),
    DemoOption(
        name=TRUST,
        description=(
            "The agencies form one children's trust: a shared vision and outcomes framework, a "
            "pooled budget under a section 75 agreement, and multi-agency teams in the West, "
            "Central and East localities. Costs (demonstration figures): setting up (programme "
            "team, joining up case systems, locality bases and training) £2.6 million in 2005 "
            "and £1.8 million in 2006; running the trust's joint arrangements £1.3 million a "
            "year. Benefits: late intervention avoided (fewer children reaching care and "
            "specialist services) and better outcomes valued, rising from £2.0 million in the "
            "first year to £3.5 million a year as the locality teams settle."
        ),
        people_affected=(
            "Children and families: about 46,000 children reached, as locality teams find "
            "children no single agency saw; one team around the child and one lead "
            "professional. Staff: new teams, managers and bases in the localities, and new "
            "ways of sharing information. Agencies: part of each budget is pooled."
        ),
        people_benefited=46_000,
        optimism_bias_costs="20",
        optimism_bias_benefits="10",
        costs=(3_900_000, 3_100_000) + (1_300_000,) * (YEARS - 2),
        benefits=(2_000_000, 2_400_000, 2_900_000, 3_300_000) + (3_500_000,) * (YEARS - 4),
        pros=(
            "One shared vision and outcomes framework that every partner owns",
            "A pooled budget: money can move to where it does the most good for the most children",
            "Locality teams around the child: fewer hand-offs and fewer missed chances",
            "Duplicated services found and combined",
        ),
        cons=(
            "Set-up costs in the first two years, under budget pressure",
            "Change is slow and unsettling: staff must be involved and the emotional side of "
            "change managed",
            "Eight agencies' case systems to join up",
            "Agencies give up some control of their own budgets",
        ),
        risks=(
            DemoRisk(
                description="Staff resist the change and the locality teams form slowly",
                likelihood="0.4",
                cost_if_it_happens=1_500_000,
                year_index=1,
                mitigation="Involve staff in designing the teams; a communications cascade "
                "and pulse surveys through the change",
            ),
            DemoRisk(
                description="Joining up the agencies' IT and case systems overruns",
                likelihood="0.5",
                cost_if_it_happens=1_200_000,
                year_index=1,
                mitigation="A shared child index first; full integration later",
            ),
        ),
    ),
)


class AppraisalDemoRefusedError(DemoLoadRefusedError):
    pass


def appraisal_demo_load() -> dict[type[models.Model], int]:
    """Writes the founding appraisal, decided for one children's trust, with one audit event per
    kind of record."""
    if Appraisal.objects.filter(title=TITLE).exists():
        raise AppraisalDemoRefusedError(f"An appraisal called “{TITLE}” already exists.")
    appraisal = Appraisal.objects.create(title=TITLE, question=QUESTION, first_year=FIRST_YEAR)
    years: list[OptionYear] = []
    risks: list[OptionRisk] = []
    chosen: AppraisalOption | None = None
    for position, demo in enumerate(OPTIONS):
        option = AppraisalOption.objects.create(
            appraisal=appraisal,
            name=demo.name,
            description=demo.description,
            people_affected=demo.people_affected,
            people_benefited=demo.people_benefited,
            optimism_bias_costs=Decimal(demo.optimism_bias_costs),
            optimism_bias_benefits=Decimal(demo.optimism_bias_benefits),
            pros="\n".join(demo.pros),
            cons="\n".join(demo.cons),
            position=position,
        )
        years += [
            OptionYear(option=option, year_index=year, costs=costs, benefits=benefits)
            for year, (costs, benefits) in enumerate(zip(demo.costs, demo.benefits, strict=True))
        ]
        risks += [
            OptionRisk(
                option=option,
                description=risk.description,
                likelihood=Decimal(risk.likelihood),
                cost_if_it_happens=risk.cost_if_it_happens,
                year_index=risk.year_index,
                mitigation=risk.mitigation,
            )
            for risk in demo.risks
        ]
        if demo.name == TRUST:
            chosen = option
    OptionYear.objects.bulk_create(years)
    OptionRisk.objects.bulk_create(risks)
    appraisal.chosen_option = chosen
    appraisal.decision = DECISION
    appraisal.status = AppraisalStatus.DECIDED
    appraisal.save()
    created: dict[type[models.Model], int] = {
        Appraisal: 1,
        AppraisalOption: len(OPTIONS),
        OptionYear: len(years),
        OptionRisk: len(risks),
    }
    demo_created_record(created, source=SOURCE)
    return created
