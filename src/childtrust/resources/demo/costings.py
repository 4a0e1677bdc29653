"""The demo partnership's costings: what each active service costs, how many children it can take,
the demand for it in each locality, and its expected benefit on one to three of the Every Child
Matters outcomes with the strength of the evidence. Invented, labelled demonstration data for a
city of about 250,000 people and 50,000 children.

Three pairs of services are duplicated on purpose (different agencies, the same outcome, target
group and locality) so that the duplication page has something to show:

- Positive Parenting Groups (the council) and Family Learning Parenting Courses (Itchen
  Families): parents, enjoy and achieve, the whole city;
- Mental Health Support Teams in Schools (CAMHS) and School-based Counselling (Harbour
  Counselling): secondary pupils, be healthy, the whole city;
- Early Help Family Support (the council) and Family Key Work (Itchen Families): whole families,
  stay safe and achieve economic well-being, in East.

Two services lack figures on purpose, so that the services page shows what the optimiser still
needs: the Designated Safeguarding Lead Network has neither demand by locality nor an expected
benefit (it serves schools' staff, not children one by one, and nobody has yet estimated what it
achieves for children), and Child Abuse Investigation has no expected benefit yet.

The budget and allocation demos read the rows this writes (`costings_demo_load` runs first); the
table `COSTINGS` is public so that they can read the figures without the database too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models, transaction

from childtrust.partnership.demo.loader import demo_created_record
from childtrust.partnership.selectors.framework import outcomes_in_order
from childtrust.partnership.selectors.registry import localities_by_name, services_active
from childtrust.resources.models import (
    EvidenceRating,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)

SEED = 2011  # any fixed number: the demand split is the same every time
SOURCE = "demo data"

COST_SOURCE = "Demonstration figure: service accounts 2025-26, uplifted for 2026-27 pay"
BLOCK_COST_SOURCE = "Demonstration figure: post cost 2026-27 (salary, on-costs, travel)"
CAPACITY_SOURCE = "Demonstration figure: service plan 2026-27"
DEMAND_SOURCE = "Demonstration figure: needs estimate for the JSNA refresh, 2026"
BENEFIT_SOURCE = "Demonstration figure (EIF guidebook rating style)"
COST_AS_OF = date(2026, 3, 31)
CAPACITY_AS_OF = date(2026, 4, 1)
DEMAND_AS_OF = date(2026, 9, 30)
BENEFIT_AS_OF = date(2026, 6, 30)

HEALTHY = "Be healthy"
SAFE = "Stay safe"
ACHIEVE = "Enjoy and achieve"
CONTRIBUTE = "Make a positive contribution"
WELL_BEING = "Achieve economic well-being"

# Each locality's share of the city's need: Central, the most deprived, needs more of the
# targeted services; universal services follow the child population more closely.
TARGETED_SHARES = {"West": 0.28, "Central": 0.44, "East": 0.28}
UNIVERSAL_SHARES = {"West": 0.32, "Central": 0.37, "East": 0.31}


@dataclass(frozen=True)
class BenefitSpec:
    outcome: str
    per_100: Decimal  # children better off per 100 supported
    rating: EvidenceRating
    source: str = BENEFIT_SOURCE


@dataclass(frozen=True)
class CostingSpec:
    """A service's figures. `demand` is the city's total need in a year (children), spread over
    the localities the service works in; `block` is (cost of one block, children it serves)."""

    target_group: TargetGroup
    cost_per_child: Decimal
    capacity: int
    demand: int | None
    benefits: tuple[BenefitSpec, ...]
    block: tuple[Decimal, int] | None = None
    universal: bool = False


def _b(outcome: str, per_100: str, rating: int) -> BenefitSpec:
    return BenefitSpec(outcome, Decimal(per_100), EvidenceRating(rating))


TG = TargetGroup
D = Decimal

# Keyed by the service's name in the partnership demo. Costs per child run from tens of pounds
# for universal contacts to tens of thousands for a placement in care.
COSTINGS: dict[str, CostingSpec] = {
    # Southampton City Council, Children's Services
    "Early Help Family Support": CostingSpec(
        TG.FAMILIES,
        D("1680"),
        900,
        1150,
        (_b(SAFE, "8", 3), _b(WELL_BEING, "3", 2)),
        block=(D("42000"), 25),  # a family support worker's post serves 25 families a year
    ),
    "Positive Parenting Groups": CostingSpec(
        TG.FAMILIES, D("650"), 300, 420, (_b(ACHIEVE, "6", 4),)
    ),
    "Family Hubs": CostingSpec(
        TG.EARLY_YEARS, D("175"), 4000, 4600, (_b(ACHIEVE, "4", 2),), universal=True
    ),
    "Multi-Agency Safeguarding Hub": CostingSpec(
        TG.CHILDREN_IN_NEED, D("125"), 6000, 6400, (_b(SAFE, "2", 1),)
    ),
    "Child in Need and Child Protection Social Work": CostingSpec(
        TG.CHILDREN_IN_NEED, D("4300"), 1200, 1350, (_b(SAFE, "14", 2),)
    ),
    "Children in Care and Care Leavers": CostingSpec(
        TG.CHILDREN_IN_CARE,
        D("58500"),
        520,
        540,
        (_b(SAFE, "12", 2), _b(WELL_BEING, "6", 2)),
    ),
    "Fostering and Adoption": CostingSpec(
        TG.CHILDREN_IN_CARE, D("26500"), 180, 210, (_b(SAFE, "15", 3), _b(ACHIEVE, "5", 2))
    ),
    "Short Breaks for Disabled Children": CostingSpec(
        TG.CHILDREN_IN_NEED, D("3500"), 250, 330, (_b(ACHIEVE, "4", 1),)
    ),
    # Southampton Schools and Education Partnership
    "Education Welfare Service": CostingSpec(
        TG.SECONDARY, D("360"), 1400, 1900, (_b(ACHIEVE, "5", 2),)
    ),
    "Educational Psychology Service": CostingSpec(
        TG.PRIMARY,
        D("1200"),
        600,
        820,
        (_b(ACHIEVE, "4", 2),),
        block=(D("72000"), 60),  # an educational psychologist's post: 60 children a year
    ),
    "SEND Information, Advice and Support": CostingSpec(
        TG.FAMILIES, D("150"), 800, 950, (_b(CONTRIBUTE, "3", 1),)
    ),
    "Inclusion Support and Alternative Provision": CostingSpec(
        TG.SECONDARY,
        D("18000"),
        220,
        260,
        (_b(ACHIEVE, "10", 2), _b(WELL_BEING, "8", 2)),
    ),
    "Designated Safeguarding Lead Network": CostingSpec(
        TG.CHILDREN_IN_NEED, D("40"), 2000, None, ()
    ),
    "School Breakfast Clubs": CostingSpec(
        TG.PRIMARY, D("95"), 2500, 3200, (_b(ACHIEVE, "2", 3),), universal=True
    ),
    # Southampton Community Health NHS Trust
    "Health Visiting": CostingSpec(
        TG.EARLY_YEARS,
        D("220"),
        12000,
        13500,
        (_b(HEALTHY, "3", 2), _b(SAFE, "1.5", 2)),
        universal=True,
    ),
    "School Nursing": CostingSpec(
        TG.PRIMARY, D("60"), 8000, 9000, (_b(HEALTHY, "1", 1),), universal=True
    ),
    "Supervised Toothbrushing in Early Years": CostingSpec(
        TG.EARLY_YEARS, D("15"), 3000, 3400, (_b(HEALTHY, "1.2", 3),), universal=True
    ),
    "Children's Community Nursing": CostingSpec(
        TG.FAMILIES, D("2800"), 400, 430, (_b(HEALTHY, "9", 2),)
    ),
    "Speech and Language Therapy": CostingSpec(
        TG.EARLY_YEARS, D("900"), 1500, 2100, (_b(HEALTHY, "5", 3),)
    ),
    "Family Nurse Partnership": CostingSpec(
        TG.EARLY_YEARS,
        D("3200"),
        100,
        160,
        (_b(HEALTHY, "6", 4), _b(SAFE, "4", 4)),
        block=(D("64000"), 20),  # a family nurse's caseload of 20 first-time parents
    ),
    "Healthy Weight Service for Children": CostingSpec(
        TG.PRIMARY, D("450"), 300, 700, (_b(HEALTHY, "7", 2),)
    ),
    # Southampton Child and Adolescent Mental Health Service
    "CAMHS Single Point of Access": CostingSpec(
        TG.CHILDREN_IN_NEED, D("80"), 3000, 3300, (_b(HEALTHY, "1", 1),)
    ),
    "Mental Health Support Teams in Schools": CostingSpec(
        TG.SECONDARY,
        D("420"),
        2000,
        2600,
        (_b(HEALTHY, "6", 3),),
        block=(D("210000"), 500),  # a team's contract supports 500 pupils a year
    ),
    "Community CAMHS": CostingSpec(
        TG.CHILDREN_IN_NEED, D("2600"), 1600, 2100, (_b(HEALTHY, "12", 3),)
    ),
    "Eating Disorders Service": CostingSpec(
        TG.CHILDREN_IN_NEED, D("9500"), 90, 100, (_b(HEALTHY, "25", 3),)
    ),
    "Crisis and Home Treatment": CostingSpec(
        TG.CHILDREN_IN_NEED, D("4200"), 250, 290, (_b(HEALTHY, "15", 2),)
    ),
    # Southampton Police, Public Protection Unit
    "Child Abuse Investigation": CostingSpec(TG.CHILDREN_IN_NEED, D("3000"), 450, 470, ()),
    "Missing and Exploited Children": CostingSpec(
        TG.SECONDARY, D("2500"), 200, 240, (_b(SAFE, "10", 2),)
    ),
    "Domestic Abuse Notifications to Schools": CostingSpec(
        TG.PRIMARY, D("25"), 2000, 2300, (_b(SAFE, "1", 2),)
    ),
    "Youth Diversion Scheme": CostingSpec(
        TG.SECONDARY, D("1100"), 150, 190, (_b(CONTRIBUTE, "12", 3),)
    ),
    # Southampton Youth Trust
    "Youth Clubs and Detached Youth Work": CostingSpec(
        TG.YOUNG_PEOPLE, D("150"), 2500, 2900, (_b(CONTRIBUTE, "2", 1),), universal=True
    ),
    "Targeted Youth Support": CostingSpec(
        TG.YOUNG_PEOPLE, D("1300"), 400, 560, (_b(CONTRIBUTE, "8", 2), _b(WELL_BEING, "5", 2))
    ),
    "Careers Information, Advice and Guidance": CostingSpec(
        TG.YOUNG_PEOPLE, D("180"), 1200, 1450, (_b(WELL_BEING, "4", 3),)
    ),
    "Youth Council and Participation": CostingSpec(
        TG.YOUNG_PEOPLE, D("200"), 80, 90, (_b(CONTRIBUTE, "5", 1),)
    ),
    # Itchen Families
    "Family Learning Parenting Courses": CostingSpec(
        TG.FAMILIES, D("480"), 200, 380, (_b(ACHIEVE, "5", 2),)
    ),
    "Young Carers Support": CostingSpec(
        TG.YOUNG_PEOPLE, D("700"), 250, 420, (_b(ACHIEVE, "5", 2),)
    ),
    "Family Key Work": CostingSpec(
        TG.FAMILIES,
        D("2100"),
        120,
        170,
        (_b(SAFE, "7", 2), _b(WELL_BEING, "4", 2)),
        block=(D("37800"), 18),  # a key worker's post: 18 families a year
    ),
    "Holiday Activities and Food": CostingSpec(
        TG.PRIMARY, D("95"), 1500, 2600, (_b(WELL_BEING, "1.5", 2),)
    ),
    # Harbour Counselling for Young People
    "School-based Counselling": CostingSpec(
        TG.SECONDARY, D("520"), 700, 1100, (_b(HEALTHY, "7", 3),)
    ),
    "Drop-in and Online Counselling": CostingSpec(
        TG.YOUNG_PEOPLE, D("260"), 900, 1000, (_b(HEALTHY, "4", 2),)
    ),
}


class CostingsDemoRefusedError(Exception):
    pass


def _demand_split(spec: CostingSpec, localities: list[str], rng: random.Random) -> dict[str, int]:
    """Spreads a service's demand over the localities it works in, by each locality's share of
    need, moved a little (by up to 8 per cent) so that no two services look alike. The parts add
    up to the service's demand: what rounding leaves over goes to the largest."""
    shares = UNIVERSAL_SHARES if spec.universal else TARGETED_SHARES
    weights = {name: shares.get(name, 1 / 3) * rng.uniform(0.92, 1.08) for name in localities}
    total = sum(weights.values())
    assert spec.demand is not None
    split = {name: round(spec.demand * weight / total) for name, weight in weights.items()}
    largest = max(split, key=lambda name: split[name])
    split[largest] += spec.demand - sum(split.values())
    return split


def _bulk(
    created: dict[type[models.Model], int], model: type[models.Model], rows: list[models.Model]
) -> None:
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    model._default_manager.bulk_create(rows)
    created[model] = created.get(model, 0) + len(rows)


@transaction.atomic
def costings_demo_load(*, seed: int = SEED) -> dict[type[models.Model], int]:
    """Writes a costing for every active service in the demo partnership, its demand by locality
    and its expected benefits, with one audit event per kind of record. Services the table does
    not know (added to the directory later) are left uncosted."""
    if ServiceCosting.objects.exists():
        raise CostingsDemoRefusedError("Service costings already exist.")
    rng = random.Random(seed)  # noqa: S311 (invented data, not security)
    outcomes = {outcome.name: outcome for outcome in outcomes_in_order()}
    all_localities = list(localities_by_name())
    services = [
        service
        for service in services_active().prefetch_related("localities").order_by("name")
        if service.name in COSTINGS
    ]
    costings: list[models.Model] = []
    demand: list[models.Model] = []
    benefits: list[models.Model] = []
    for service in services:
        spec = COSTINGS[service.name]
        block_cost, block_children = spec.block if spec.block else (None, None)
        costings.append(
            ServiceCosting(
                service=service,
                target_group=spec.target_group,
                cost_per_child=spec.cost_per_child,
                cost_source=BLOCK_COST_SOURCE if spec.block else COST_SOURCE,
                cost_as_of=COST_AS_OF,
                capacity=spec.capacity,
                capacity_source=CAPACITY_SOURCE,
                capacity_as_of=CAPACITY_AS_OF,
                block_cost=block_cost,
                block_children=block_children,
            )
        )
        if spec.demand is not None:
            served = list(service.localities.all()) or all_localities
            split = _demand_split(spec, [locality.name for locality in served], rng)
            demand.extend(
                LocalityDemand(
                    service=service,
                    locality=locality,
                    children=split[locality.name],
                    source=DEMAND_SOURCE,
                    as_of=DEMAND_AS_OF,
                )
                for locality in served
            )
        benefits.extend(
            ServiceBenefit(
                service=service,
                outcome=outcomes[benefit.outcome],
                benefit_per_child=benefit.per_100 / 100,
                evidence_rating=benefit.rating,
                source=benefit.source,
                as_of=BENEFIT_AS_OF,
            )
            for benefit in spec.benefits
            if benefit.outcome in outcomes
        )
    created: dict[type[models.Model], int] = {}
    _bulk(created, ServiceCosting, costings)
    _bulk(created, LocalityDemand, demand)
    _bulk(created, ServiceBenefit, benefits)
    demo_created_record(created, source=SOURCE)
    return created
