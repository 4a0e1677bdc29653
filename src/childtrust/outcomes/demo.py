"""The demo's outcome indicators: England, the South East, Southampton, its three localities and
its wards, with seven children's indicators over six periods for England and the city and the
latest period for each ward and locality; and twelve comparable unitary authorities (real names
and ONS codes, invented figures) over the same six periods, so that the spine charts show a real
spread among local authorities and their quintiles mean something. Loaded by `childtrust load_demo`.
Two of the seven indicators are an indirectly standardised rate and a mean (their points made
by outcomes.demo_kinds), so that every kind of value shows; every ward carries an invented
deprivation decile labelled "Demonstration deciles, not published figures", for the inequality
view.

Every figure is invented, though of a plausible size, and every indicator says "Demonstration
data" in its source. Southampton's hospital admissions for mental health conditions stand well
above England's, as the partnership's case for its mental health priority says. The wards and
localities are the partnership's own (read from its Locality and Ward records); their figures
are the partnership's local counts and denominators, so their confidence limits are worked out
when they are shown, as for any local counts.

The records are written in bulk, with one audit event per kind of record, in the caller's
transaction. Given the same seed the data is the same.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.db import models, transaction

from childtrust.outcomes import demo_kinds, methods
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from childtrust.partnership.demo.loader import DemoLoadRefusedError, demo_created_record
from childtrust.partnership.selectors.framework import (
    framework_indicators_with_priority,
    priorities_by_outcome,
)
from childtrust.partnership.selectors.registry import localities_with_wards

SEED: Final = 2004  # the Children Act 2004
SOURCE: Final = "demo data"
DEMO_SOURCE: Final = "Demonstration data: invented figures, not published statistics"
FIRST_YEAR: Final = 2018
YEARS: Final = 6

ENGLAND_CODE: Final = "E92000001"
SOUTH_EAST_CODE: Final = "E12000008"
SOUTHAMPTON_CODE: Final = "E06000045"


@dataclass(frozen=True)
class Comparator:
    """A comparable unitary authority: its ONS code, name and region, and its size against
    Southampton's (which scales the denominators). The figures given it are invented."""

    code: str
    name: str
    region: str
    size: float


#: Regions of the comparators, by ONS code.
REGIONS: Final[dict[str, str]] = {
    SOUTH_EAST_CODE: "South East",
    "E12000006": "East of England",
    "E12000009": "South West",
}
#: Cities and large towns much like Southampton (unitary, urban, a port or a university); names
#: and codes as the ONS gives them, sizes rounded.
COMPARATORS: Final[tuple[Comparator, ...]] = (
    Comparator("E06000044", "Portsmouth", SOUTH_EAST_CODE, 0.85),
    Comparator("E06000043", "Brighton and Hove", SOUTH_EAST_CODE, 1.0),
    Comparator("E06000038", "Reading", SOUTH_EAST_CODE, 0.7),
    Comparator("E06000042", "Milton Keynes", SOUTH_EAST_CODE, 1.25),
    Comparator("E06000035", "Medway", SOUTH_EAST_CODE, 1.25),
    Comparator("E06000033", "Southend-on-Sea", "E12000006", 0.7),
    Comparator("E06000032", "Luton", "E12000006", 0.95),
    Comparator("E06000031", "Peterborough", "E12000006", 0.95),
    Comparator("E06000026", "Plymouth", "E12000009", 1.05),
    Comparator("E06000023", "Bristol", "E12000009", 1.8),
    Comparator("E06000030", "Swindon", "E12000009", 0.95),
    Comparator("E06000058", "Bournemouth, Christchurch and Poole", "E12000009", 1.5),
)

#: How much more (above 1) or less of a bad outcome each ward has than the city as a whole:
#: invented, but with the city's more deprived wards higher. Wards not named here have 1.
WARD_NEED: Final[dict[str, float]] = {
    "Bargate": 1.3,
    "Bassett": 0.6,
    "Banister & Polygon": 1.1,
    "Bevois": 1.5,
    "Bitterne Park": 0.75,
    "Coxford": 1.25,
    "Freemantle": 0.95,
    "Harefield": 1.15,
    "Millbrook": 1.3,
    "Peartree": 1.0,
    "Portswood": 0.8,
    "Redbridge": 1.4,
    "Sholing": 0.85,
    "Shirley": 0.9,
    "Swaythling": 1.0,
    "Thornhill": 1.35,
    "Woolston": 1.2,
}


class OutcomesDemoRefusedError(DemoLoadRefusedError):
    """Outcome data already exists, or the partnership has no localities to show."""


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    definition: str
    polarity: Polarity
    value_type: ValueType
    multiplier: int
    priority: str  # the framework priority's title, or ""
    england: tuple[float, ...]  # one value per period, per `multiplier`
    england_denominator: int
    southampton: tuple[float, ...]
    southampton_denominator: int
    calendar_years: bool = False
    events_per_count: int = 1  # each counted event adds this many to the count
    #: The lowest and highest comparator authority's level as a multiple of England's.
    spread: tuple[float, float] = (0.7, 1.4)
    #: The name of the priority's own framework indicator that this one gives the figures for
    #: (the same measure, named as the framework names it), or "": listed on its own.
    framework_indicator: str = ""
    #: What each value is per, as pages show it (Indicator.unit)
    unit: str = ""


INDICATORS: Final[tuple[IndicatorSpec, ...]] = (
    IndicatorSpec(
        name="School sessions missed for tooth extraction under general anaesthetic",
        definition="School sessions (half days) missed by pupils for a tooth extraction under "
        "general anaesthetic, per 1,000 pupils. Each extraction is counted as 2 sessions.",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.CRUDE_RATE,
        multiplier=1000,
        priority="Improve children's oral health",
        england=(2.3, 2.1, 0.9, 1.5, 1.9, 1.8),
        england_denominator=8_300_000,
        southampton=(4.0, 3.8, 1.6, 2.9, 3.6, 3.4),
        southampton_denominator=34_000,
        events_per_count=2,
        spread=(0.4, 2.1),
        unit="per 1,000 pupils",
    ),
    IndicatorSpec(
        name="Hospital admissions for mental health conditions (under 18s) per 100,000",
        definition="Admissions to hospital of children and young people under 18 with a mental "
        "health condition as the main diagnosis, per 100,000 population aged under 18.",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.CRUDE_RATE,
        multiplier=100_000,
        priority="Improve children and young people's mental health",
        england=(84.7, 88.3, 89.5, 99.8, 87.5, 85.1),
        england_denominator=12_100_000,
        southampton=(188.0, 201.3, 176.4, 231.5, 219.6, 225.8),
        southampton_denominator=50_500,
        spread=(0.6, 2.0),
        unit="per 100,000 aged under 18",
    ),
    IndicatorSpec(
        name="School readiness: children with a good level of development at the end of Reception",
        definition="Percentage of children with a good level of development in the early years "
        "foundation stage profile at the end of the Reception year.",
        polarity=Polarity.HIGH_IS_GOOD,
        value_type=ValueType.PROPORTION,
        multiplier=100,
        priority="Improve school readiness",
        framework_indicator=(
            "Children achieving a good level of development at the end of Reception"
        ),
        england=(71.8, 71.5, 65.2, 65.2, 67.2, 67.7),
        england_denominator=620_000,
        southampton=(68.9, 68.4, 61.0, 62.4, 64.1, 64.8),
        southampton_denominator=3_050,
        spread=(0.9, 1.05),
        unit="%",
    ),
    IndicatorSpec(
        name="Children in absolute low income families (under 16s)",
        definition="Percentage of children aged under 16 living in families with an income "
        "below 60% of the 2010/11 median before housing costs, held constant in real terms.",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.PROPORTION,
        multiplier=100,
        priority="Reduce child poverty",
        england=(15.1, 15.4, 15.6, 15.1, 15.3, 15.6),
        england_denominator=10_700_000,
        southampton=(17.2, 17.6, 18.1, 18.6, 19.0, 19.5),
        southampton_denominator=45_500,
        spread=(0.6, 1.6),
        unit="%",
    ),
    IndicatorSpec(
        name="Under 18s conception rate per 1,000 females aged 15 to 17",
        definition="Conceptions to women aged under 18, per 1,000 females aged 15 to 17.",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.CRUDE_RATE,
        multiplier=1000,
        priority="",
        england=(16.7, 15.7, 13.1, 13.1, 13.2, 12.6),
        england_denominator=870_000,
        southampton=(25.3, 22.1, 19.8, 18.9, 20.4, 19.6),
        southampton_denominator=3_300,
        calendar_years=True,
        spread=(0.75, 1.6),
        unit="per 1,000 females aged 15 to 17",
    ),
    # Two indicators of the value types that are not a count out of a denominator, so that the
    # pages show each kind (outcomes.demo_kinds makes their points).
    IndicatorSpec(
        name="Emergency hospital admissions for asthma (under 19s), indirectly standardised",
        definition="Emergency admissions to hospital of children and young people aged under 19 "
        "with asthma as the main diagnosis, indirectly standardised for age to England's rates, "
        "per 100,000 aged under 19. The denominator is the admissions expected at England's "
        "rates.",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=ValueType.INDIRECTLY_STANDARDISED_RATE,
        multiplier=100_000,
        priority="",
        england=(186.1, 179.5, 103.2, 128.8, 142.0, 150.4),
        england_denominator=12_700_000,
        southampton=(228.4, 215.0, 126.3, 160.1, 171.9, 180.2),
        southampton_denominator=53_000,
        spread=(0.6, 1.6),
        unit="per 100,000 aged under 19",
    ),
    IndicatorSpec(
        name="Average Attainment 8 score",
        definition="The mean Attainment 8 score of pupils at the end of key stage 4: each "
        "pupil's points across eight GCSE-level qualifications (at most 90), averaged over the "
        "pupils.",
        polarity=Polarity.HIGH_IS_GOOD,
        value_type=ValueType.MEAN,
        multiplier=1,
        priority="",
        england=(46.5, 46.7, 50.2, 50.9, 48.8, 46.4),
        england_denominator=600_000,
        southampton=(42.1, 42.5, 46.8, 47.3, 44.6, 42.9),
        southampton_denominator=2_300,
        spread=(0.9, 1.1),
        unit="points per pupil",
    ),
)


def _period(spec: IndicatorSpec, index: int) -> tuple[str, datetime.date]:
    year = FIRST_YEAR + index
    if spec.calendar_years:
        return str(year), datetime.date(year, 1, 1)
    return f"{year}/{(year + 1) % 100:02d}", datetime.date(year, 4, 1)


def _count(spec: IndicatorSpec, value: float, denominator: float) -> int:
    events = round(value * denominator / spec.multiplier / spec.events_per_count)
    return events * spec.events_per_count


def _published_point(
    indicator: Indicator, spec: IndicatorSpec, area: Area, index: int, value: float, n: int
) -> DataPoint:
    """A point as the public health profiles publish it: value with its 95% and 99.8% limits."""
    count = _count(spec, value, n)
    limits: dict[str, float] = {}
    for suffix, confidence in (("95", 0.95), ("99_8", 0.998)):
        if spec.value_type == ValueType.PROPORTION:
            lower, upper = methods.wilson_ci(count, n, confidence)
            lower, upper = lower * spec.multiplier, upper * spec.multiplier
        else:
            _, lower, upper = methods.rate(count, n, spec.multiplier, confidence)
        limits[f"lower_{suffix}"], limits[f"upper_{suffix}"] = float(lower), float(upper)
    period, start = _period(spec, index)
    return DataPoint(
        indicator=indicator,
        area=area,
        period=period,
        period_start=start,
        value=count / n * spec.multiplier,
        count=count,
        denominator=n,
        source=DataSource.IMPORTED,
        **limits,
    )


def _local_point(
    indicator: Indicator, spec: IndicatorSpec, area: Area, count: int, n: int
) -> DataPoint:
    period, start = _period(spec, YEARS - 1)
    return DataPoint(
        indicator=indicator,
        area=area,
        period=period,
        period_start=start,
        value=count / n * spec.multiplier,
        count=count,
        denominator=n,
        source=DataSource.LOCAL,
    )


def ward_figures(
    spec: IndicatorSpec, ward_names: list[str], rng: random.Random
) -> dict[str, tuple[int, int]]:
    """Each ward's count and denominator in the latest period: the city's denominator shared
    among the wards, and its events (or, where high is good, the children without the good
    outcome) shared by each ward's need, so that the wards add up to the city, give or take
    rounding."""
    weights = [rng.uniform(0.7, 1.3) for _ in ward_names]
    total = spec.southampton_denominator
    denominators = [max(1, round(total * w / sum(weights))) for w in weights]
    needs = [WARD_NEED.get(name, 1.0) * rng.uniform(0.9, 1.1) for name in ward_names]
    city_share = spec.southampton[-1] / spec.multiplier
    if spec.polarity == Polarity.HIGH_IS_GOOD:
        city_share = 1 - city_share  # share out the children without the good outcome
    shares = [need * n for need, n in zip(needs, denominators, strict=True)]
    city_events = city_share * total
    figures: dict[str, tuple[int, int]] = {}
    for name, n, share in zip(ward_names, denominators, shares, strict=True):
        events = min(city_events * share / sum(shares), float(n))
        if spec.polarity == Polarity.HIGH_IS_GOOD:
            events = n - events
        figures[name] = (_count(spec, events / n * spec.multiplier, n), n)
    return figures


def comparator_values(
    spec: IndicatorSpec, comparators: Sequence[Comparator], rng: random.Random
) -> dict[str, tuple[tuple[float, ...], int]]:
    """Each comparator's values in every period and its denominator: a level of its own within
    the indicator's spread around England, moving with England from year to year, give or take
    a little. Invented; the same for the same random generator."""
    low, high = spec.spread
    figures: dict[str, tuple[tuple[float, ...], int]] = {}
    for comparator in comparators:
        level = rng.uniform(low, high)
        # A proportion stays below its whole; a rate or a mean has no such ceiling.
        ceiling = spec.multiplier * 0.99 if spec.value_type == ValueType.PROPORTION else math.inf
        values = tuple(
            min(england * level * rng.uniform(0.96, 1.04), ceiling) for england in spec.england
        )
        figures[comparator.code] = (values, round(spec.southampton_denominator * comparator.size))
    return figures


def outcomes_has_records() -> bool:
    return Indicator.objects.exists() or Area.objects.exists() or DataPoint.objects.exists()


def _bulk(
    created: dict[type[models.Model], int],
    model: type[models.Model],
    objects: Sequence[models.Model],
) -> None:
    for obj in objects:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    model._default_manager.bulk_create(list(objects))
    created[model] = created.get(model, 0) + len(objects)


@transaction.atomic
def outcomes_demo_load(*, seed: int = SEED) -> dict[type[models.Model], int]:
    """Loads the demo's areas, indicators and data points on top of the demo partnership, and
    records one audit event per kind of record. Returns how many of each it created. Raises
    OutcomesDemoRefusedError when outcome data exists or the partnership has no localities."""
    if outcomes_has_records():
        raise OutcomesDemoRefusedError("Outcome indicators or areas already exist.")
    localities = list(localities_with_wards())
    if not localities:
        raise OutcomesDemoRefusedError("The partnership has no localities and wards to show.")
    rng = random.Random(seed)  # noqa: S311 (invented data, not security)
    created: dict[type[models.Model], int] = {}

    england = Area(code=ENGLAND_CODE, name="England", area_type=AreaType.ENGLAND)
    _bulk(created, Area, [england])
    regions = {
        code: Area(code=code, name=name, area_type=AreaType.REGION, parent=england)
        for code, name in REGIONS.items()
    }
    _bulk(created, Area, list(regions.values()))
    region = regions[SOUTH_EAST_CODE]
    city = Area(
        code=SOUTHAMPTON_CODE,
        name="Southampton",
        area_type=AreaType.LOCAL_AUTHORITY,
        parent=region,
    )
    _bulk(created, Area, [city])
    comparator_areas = [
        Area(
            code=c.code,
            name=c.name,
            area_type=AreaType.LOCAL_AUTHORITY,
            parent=regions[c.region],
        )
        for c in COMPARATORS
    ]
    _bulk(created, Area, comparator_areas)
    locality_areas = [
        Area(
            code=f"DEMO-L{i:02d}",
            name=f"{locality.name} locality",
            area_type=AreaType.LOCALITY,
            parent=city,
        )
        for i, locality in enumerate(localities, start=1)
    ]
    wards = sorted(
        (ward for locality in localities for ward in locality.wards.all()), key=lambda w: w.name
    )
    ward_areas = [
        Area(
            code=ward.code or f"DEMO-W{i:02d}",
            name=ward.name,
            area_type=AreaType.WARD,
            parent=city,
            imd_decile=demo_kinds.demonstration_decile(WARD_NEED.get(ward.name, 1.0)),
            imd_decile_source=demo_kinds.DEMONSTRATION_DECILES,
        )
        for i, ward in enumerate(wards, start=1)
    ]
    _bulk(created, Area, [*locality_areas, *ward_areas])
    ward_area = {area.name: area for area in ward_areas}

    priorities = {
        priority.title: priority
        for _outcome, outcome_priorities in priorities_by_outcome()
        for priority in outcome_priorities
    }
    framework_indicators = {
        (indicator.priority.title, indicator.name): indicator
        for indicator in framework_indicators_with_priority()
    }
    indicators = [
        Indicator(
            name=spec.name,
            definition=spec.definition,
            source=DEMO_SOURCE,
            priority=priorities.get(spec.priority),
            framework_indicator=framework_indicators.get((spec.priority, spec.framework_indicator)),
            polarity=spec.polarity,
            value_type=spec.value_type,
            multiplier=spec.multiplier,
            comparison_method="confidence intervals 95/99.8",
            unit=spec.unit,
        )
        for spec in INDICATORS
    ]
    _bulk(created, Indicator, indicators)

    points: list[DataPoint] = []
    ward_names = [ward.name for ward in wards]
    # The comparators draw from their own generator, so that the wards' figures stay as they were.
    comparator_rng = random.Random(seed + 1)  # noqa: S311 (invented data, not security)
    for spec, indicator in zip(INDICATORS, indicators, strict=True):
        if spec.value_type in demo_kinds.KINDS:
            levels = comparator_values(spec, COMPARATORS, comparator_rng)
            places = demo_kinds.Places(
                england=england,
                city=city,
                comparators=[(area, *levels[area.code]) for area in comparator_areas],
                wards={name: (area, WARD_NEED.get(name, 1.0)) for name, area in ward_area.items()},
                localities=[
                    (area, [ward.name for ward in locality.wards.all()])
                    for locality, area in zip(localities, locality_areas, strict=True)
                ],
            )
            periods = [_period(spec, index) for index in range(YEARS)]
            points += demo_kinds.kind_points(indicator, spec, places, periods, rng)
            continue
        for index in range(YEARS):
            points.append(
                _published_point(
                    indicator, spec, england, index, spec.england[index], spec.england_denominator
                )
            )
            points.append(
                _published_point(
                    indicator,
                    spec,
                    city,
                    index,
                    spec.southampton[index],
                    spec.southampton_denominator,
                )
            )
        comparator_figures = comparator_values(spec, COMPARATORS, comparator_rng)
        for area in comparator_areas:
            values, n = comparator_figures[area.code]
            points.extend(
                _published_point(indicator, spec, area, index, value, n)
                for index, value in enumerate(values)
            )
        figures = ward_figures(spec, ward_names, rng)
        for name, (count, n) in figures.items():
            points.append(_local_point(indicator, spec, ward_area[name], count, n))
        for locality, area in zip(localities, locality_areas, strict=True):
            members = [figures[ward.name] for ward in locality.wards.all()]
            if members:
                count = sum(c for c, _ in members)
                n = sum(d for _, d in members)
                points.append(_local_point(indicator, spec, area, count, n))
    _bulk(created, DataPoint, points)

    demo_created_record(created, source=SOURCE)
    return created
