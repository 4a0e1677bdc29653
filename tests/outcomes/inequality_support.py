"""Wards with deprivation deciles and an indicator's figures for them, shared by the inequality
tests (selector, page, API)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np

from childtrust.outcomes import methods
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)

PERIOD = "2023/24"
START = datetime.date(2023, 4, 1)
SOURCE = "English Indices of Deprivation 2019"


def city() -> Area:
    found = Area.objects.filter(code="E06000045").first()
    return found or Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY
    )


def ward(code: str, decile: int | None, *, source: str = SOURCE) -> Area:
    return Area.objects.create(
        code=code,
        name=f"Ward {code}",
        area_type=AreaType.WARD,
        parent=city(),
        imd_decile=decile,
        imd_decile_source=source if decile is not None else "",
    )


def indicator(value_type: str = ValueType.CRUDE_RATE, multiplier: int = 100_000) -> Indicator:
    return Indicator.objects.create(
        name=f"Admissions ({value_type})",
        polarity=Polarity.LOW_IS_GOOD,
        value_type=value_type,
        multiplier=multiplier,
    )


def point(found: Indicator, area: Area, **figures: Any) -> DataPoint:
    values: dict[str, Any] = {"period": PERIOD, "period_start": START}
    values.update(figures)
    return DataPoint.objects.create(indicator=found, area=area, source=DataSource.LOCAL, **values)


def rate_wards(found: Indicator, rows: Sequence[tuple[str, int, float, float]]) -> dict[str, Area]:
    """(code, decile, count, denominator) for each ward: a point with the rate as its value."""
    made = {}
    for code, decile, count, denominator in rows:
        area = ward(code, decile)
        point(
            found,
            area,
            value=count / denominator * found.multiplier,
            count=count,
            denominator=denominator,
        )
        made[code] = area
    return made


#: Ten deciles, two wards in each: admissions falling from the most deprived to the least.
GRADIENT: tuple[tuple[str, int, float, float], ...] = tuple(
    (f"W{decile}{half}", decile, float(60 - 4 * decile + half), 10_000.0 + 500 * half)
    for decile in range(1, 11)
    for half in (0, 1)
)


class RecordedSii:
    """A stand-in for methods.sii that records what it was given and answers fixed figures,
    for tests of what the selector passes it (methods.sii's own figures are tested with it)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self,
        values: Any,
        populations: Any,
        standard_errors: Any,
        confidence: float = 0.95,
        repetitions: int = 100_000,
        seed: int | None = None,
    ) -> tuple[float, float, float, float, float, float]:
        self.calls.append(
            {
                "values": np.asarray(values, dtype=float),
                "populations": np.asarray(populations, dtype=float),
                "standard_errors": np.asarray(standard_errors, dtype=float),
                "confidence": confidence,
                "repetitions": repetitions,
                "seed": seed,
            }
        )
        return -300.0, -400.0, -200.0, 0.4, 0.3, 0.5


def has_sii() -> bool:
    return hasattr(methods, "sii")
