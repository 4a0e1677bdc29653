"""The true children behind the extracts: households (with siblings and twins), their names,
dates of birth, homes and identifiers. Columns of NumPy arrays, one entry a child."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from childtrust.children.synthetic import identifiers, vocabulary

Strings = NDArray[np.object_]
Ints = NDArray[np.int64]

REFERENCE_DATE = datetime.date(2026, 4, 1)  # fixed, so a seed gives the same children every year
HOUSEHOLD_SIZES = (1, 2, 3, 4)
HOUSEHOLD_SIZE_SHARES = (0.40, 0.35, 0.18, 0.07)
TWINS_IN_A_FAMILY = 0.06  # of households with two or more children: about 3.5% of children
SIMILAR_NAMED_TWINS = 0.3  # of twins: Jack and Jake
OWN_SURNAME = 0.08  # a half-sibling's surname differs from the household's
SCHOOL_AGE = 5

NAMES: Strings = np.array(
    list(
        dict.fromkeys(
            vocabulary.GIRLS
            + vocabulary.BOYS
            + [name for pair in vocabulary.SIMILAR_TWIN_NAMES for name in pair[0::2]]
        )
    ),
    dtype=object,
)
_NAME_INDEX = {name: i for i, name in enumerate(NAMES)}
SURNAMES: Strings = np.array(vocabulary.SURNAMES, dtype=object)
STREETS: Strings = np.array(vocabulary.STREETS, dtype=object)


def by_rank(count: int) -> NDArray[np.float64]:
    """Weights falling with rank (the tenth name about a third as common as the first)."""
    weights = 1.0 / (np.arange(count) + 4.0)
    normalised: NDArray[np.float64] = weights / weights.sum()
    return normalised


def _name_indices(names: list[str]) -> Ints:
    return np.array([_NAME_INDEX[name] for name in names], dtype=np.int64)


_GIRLS = _name_indices(vocabulary.GIRLS)
_BOYS = _name_indices(vocabulary.BOYS)


@dataclass(frozen=True)
class Children:
    """One entry a child; `given` indexes NAMES, `family` SURNAMES, `street` STREETS."""

    household: Ints
    twin_of: Ints  # the other twin's index, or -1
    given: Ints
    family: Ints
    sex: Strings
    born: NDArray[np.datetime64]
    street: Ints
    house_number: Ints
    postcode: Strings
    nhs_number: Strings
    upn: Strings  # blank before school age

    def __len__(self) -> int:
        return len(self.given)

    @property
    def school_age(self) -> NDArray[np.bool_]:
        held: NDArray[np.bool_] = self.upn != ""
        return held


def _households(count: int, rng: np.random.Generator) -> tuple[Ints, Ints]:
    """Each child's household and place in it (0 the eldest)."""
    sizes = rng.choice(HOUSEHOLD_SIZES, size=count, p=HOUSEHOLD_SIZE_SHARES)
    sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), count)) + 1]
    household = np.repeat(np.arange(len(sizes)), sizes)[:count]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    place = np.arange(count) - starts[household]
    return household, place


def _given_names(sex: Strings, rng: np.random.Generator) -> Ints:
    girls = _GIRLS[rng.choice(len(_GIRLS), size=len(sex), p=by_rank(len(_GIRLS)))]
    boys = _BOYS[rng.choice(len(_BOYS), size=len(sex), p=by_rank(len(_BOYS)))]
    either = rng.random(len(sex)) < 0.5
    return np.where((sex == "F") | ((sex == "U") & either), girls, boys)


def _make_twins(place: Ints, given: Ints, sex: Strings, rng: np.random.Generator) -> Ints:
    """In some families the second child is the first's twin: different names (sometimes close
    ones), set in place in `given` and `sex`. Returns each child's twin, or -1."""
    twin_of = np.full(len(given), -1, dtype=np.int64)
    second = np.flatnonzero(place == 1)
    second = second[rng.random(len(second)) < TWINS_IN_A_FAMILY]
    first = second - 1
    twin_of[second], twin_of[first] = first, second
    similar = rng.random(len(second)) < SIMILAR_NAMED_TWINS
    pairs = vocabulary.SIMILAR_TWIN_NAMES
    chosen = rng.integers(0, len(pairs), size=int(similar.sum()))
    for a, b, pair in zip(first[similar], second[similar], chosen, strict=True):
        name_a, sex_a, name_b, sex_b = pairs[pair]
        given[a], sex[a], given[b], sex[b] = _NAME_INDEX[name_a], sex_a, _NAME_INDEX[name_b], sex_b
    same = (given[first] == given[second]) & ~similar
    for a, b in zip(first[same], second[same], strict=True):
        pool = _GIRLS if sex[b] == "F" else _BOYS
        while given[b] == given[a]:  # twins never share a first name
            given[b] = pool[rng.integers(0, len(pool))]
    return twin_of


def _dates_of_birth(household: Ints, twin_of: Ints, rng: np.random.Generator) -> Ints:
    """Days before REFERENCE_DATE: every child under 18, twins born the same day."""
    days_old = rng.integers(0, 18 * 365, size=len(household))
    second = twin_of >= 0
    later = second & (twin_of < np.arange(len(household)))
    days_old[later] = days_old[twin_of[later]]
    return days_old


def make_children(
    count: int, rng: np.random.Generator, *, today: datetime.date = REFERENCE_DATE
) -> Children:
    """`count` children in households, with their true details: each under 18 on `today`."""
    household, place = _households(count, rng)
    households = int(household.max()) + 1 if count else 0
    sex = rng.choice(np.array(["F", "M", "U"], dtype=object), size=count, p=(0.49, 0.505, 0.005))
    given = _given_names(sex, rng)
    twin_of = _make_twins(place, given, sex, rng)
    surname = rng.choice(len(SURNAMES), size=households, p=by_rank(len(SURNAMES)))
    family = surname[household]
    own = rng.random(count) < OWN_SURNAME
    family[own] = rng.choice(len(SURNAMES), size=int(own.sum()), p=by_rank(len(SURNAMES)))
    days_old = _dates_of_birth(household, twin_of, rng)
    born = np.datetime64(today) - days_old.astype("timedelta64[D]")
    street = rng.integers(0, len(STREETS), size=households)
    number = rng.integers(1, 181, size=households)
    postcode = identifiers.postcodes(households, rng)
    school_age = days_old >= SCHOOL_AGE * 365
    serial = rng.permutation(count)
    years = born.astype("datetime64[Y]").astype(np.int64) + 1970 + SCHOOL_AGE
    schools = max(60, count // 900 + 1)
    upn = np.where(school_age, identifiers.upns(serial, years, schools), "").astype(object)
    return Children(
        household=household,
        twin_of=twin_of,
        given=given,
        family=family,
        sex=sex,
        born=born,
        street=street[household],
        house_number=number[household],
        postcode=postcode[household],
        nhs_number=identifiers.nhs_numbers(count, rng),
        upn=upn,
    )
