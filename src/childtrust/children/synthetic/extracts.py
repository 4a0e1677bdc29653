"""Agency extracts of synthetic children: which agencies hold each child, and each agency's own
spelling of the child's details (typos, nicknames, swapped names, changed surnames, moved homes,
day and month swapped, missing and wrong identifiers), with the truth kept alongside."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from childtrust.children.record_rows import COLUMNS as RECORD_COLUMNS
from childtrust.children.synthetic import errors, identifiers, vocabulary
from childtrust.children.synthetic.population import (
    NAMES,
    REFERENCE_DATE,
    STREETS,
    SURNAMES,
    Children,
    Strings,
    by_rank,
    make_children,
)

# The import file's columns, in order: the extracts are written as agencies send them.
COLUMNS = RECORD_COLUMNS
HEALTH, SCHOOL, YOUTH, OTHER = "health", "school", "youth", "other"
# How likely each kind of agency is to know a child (a school only a child of school age).
PREVALENCE = {HEALTH: 1.0, SCHOOL: 0.8, YOUTH: 0.25, OTHER: 0.25}
# With `by_age`, the ages (in whole years, first and last) at which each kind holds a child's
# record: community health by health visiting before 5 and school nursing after; schools from
# reception at 4 to sixth form; the youth service from 11 to 19; children's social care and
# the police at any age.
AGES = {HEALTH: (0, 19), SCHOOL: (4, 18), YOUTH: (11, 19), OTHER: (0, 120)}
AGENCIES_PER_CHILD = ((1, 0.35), (2, 0.35), (3, 0.2), (4, 0.1))
SECOND_RECORD = 0.01  # an agency holds two records of the same child
NHS_NUMBER_HELD = {HEALTH: 0.97, SCHOOL: 0.1, YOUTH: 0.15, OTHER: 0.15}
UPN_HELD = 0.95  # by schools, of children of school age
# Per record, the intended share with each mistake (some cannot apply: a name with no
# nickname, a date whose day cannot be a month).
ERROR_RATES = {
    "given_typo": 0.03,
    "family_typo": 0.03,
    "nickname": 0.10,
    "swapped_names": 0.01,
    "changed_surname": 0.03,
    "moved_address": 0.05,
    "day_month_swapped": 0.02,
    "wrong_nhs_number": 0.005,
    "missing_given_name": 0.01,
    "missing_date_of_birth": 0.01,
    "missing_sex": 0.02,
    "missing_address": 0.03,
    "missing_postcode": 0.03,
}


def agency_kind(slug: str) -> str:
    """Health, school, youth or other, from an agency's slug ('community-health', 'schools',
    'youth-service')."""
    if any(word in slug for word in ("health", "nhs", "camhs", "hospital", "gp")):
        return HEALTH
    if any(word in slug for word in ("school", "education", "academy")):
        return SCHOOL
    if "youth" in slug:
        return YOUTH
    return OTHER


@dataclass(frozen=True)
class Extracts:
    """Every agency's records, one entry a record: the agency, the import columns and the child
    (an index into the true children) each record really is."""

    agency: Strings
    columns: dict[str, Strings]
    child: NDArray[np.int64]
    children: Children

    def __len__(self) -> int:
        return len(self.child)

    def rows(self) -> Iterator[dict[str, str]]:
        """Each record as a dict of the import columns and its agency."""
        lists = [self.agency.tolist()] + [self.columns[name].tolist() for name in COLUMNS]
        keys = ("agency", *COLUMNS)
        for values in zip(*lists, strict=True):
            yield dict(zip(keys, values, strict=True))

    def truth(self) -> dict[tuple[str, str], int]:
        """(agency, record_id) to the true child."""
        return dict(
            zip(
                zip(self.agency.tolist(), self.columns["record_id"].tolist(), strict=True),
                self.child.tolist(),
                strict=True,
            )
        )


def ages_on(children: Children, today: datetime.date) -> NDArray[np.int64]:
    """Each child's age in whole years on `today`."""
    born: list[datetime.date] = children.born.astype("datetime64[D]").tolist()
    return np.array(
        [today.year - b.year - ((today.month, today.day) < (b.month, b.day)) for b in born],
        dtype=np.int64,
    )


def _holdings(
    children: Children,
    agencies: Sequence[str],
    rng: np.random.Generator,
    *,
    ages: NDArray[np.int64] | None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(child, agency index) for every record: each child held by 1 to 4 agencies, chosen by
    how likely each kind is to know a child, and a few held twice by the same agency. A
    school holds only children of school age; given `ages`, each kind holds only the ages in
    AGES."""
    kinds = [agency_kind(slug) for slug in agencies]
    weight = np.tile(np.array([PREVALENCE[kind] for kind in kinds]), (len(children), 1))
    schools = np.array([kind == SCHOOL for kind in kinds])
    if ages is None:
        weight[np.ix_(~children.school_age, schools)] = 0.0
    else:
        for index, kind in enumerate(kinds):
            first, last = AGES[kind]
            weight[(ages < first) | (ages > last), index] = 0.0
    # Weighted choice without replacement: the k smallest exponential keys over the weights.
    with np.errstate(divide="ignore"):
        keys = rng.exponential(size=weight.shape) / weight
    order = np.argsort(keys, axis=1)
    counts, shares = zip(*AGENCIES_PER_CHILD, strict=True)
    wanted = rng.choice(np.array(counts), size=len(children), p=np.array(shares))
    wanted = np.minimum(wanted, (weight > 0).sum(axis=1))
    taken = np.arange(len(agencies))[None, :] < wanted[:, None]
    child = np.repeat(np.arange(len(children)), wanted)
    agency = order[taken]
    twice = rng.random(len(child)) < SECOND_RECORD
    return np.concatenate([child, child[twice]]), np.concatenate([agency, agency[twice]])


def _record_ids(
    agency: NDArray[np.int64], agencies: Sequence[str], rng: np.random.Generator
) -> Strings:
    """Each agency's own ids, in an order that says nothing about the children."""
    ids = np.empty(len(agency), dtype=object)
    for index, slug in enumerate(agencies):
        mine = np.flatnonzero(agency == index)
        prefix = "".join(word[0] for word in slug.split("-") if word).upper() or "R"
        serial = rng.permutation(len(mine)) + 100_001
        ids[mine] = np.char.add(f"{prefix}-", serial.astype(str)).astype(object)
    return ids


def _true_columns(children: Children, child: NDArray[np.int64]) -> dict[str, Strings]:
    address = (
        children.house_number[child].astype(str).astype(object)
        + " "
        + STREETS[children.street[child]]
    )
    return {
        "given_name": NAMES[children.given[child]],
        "family_name": SURNAMES[children.family[child]],
        "date_of_birth": children.born[child].astype(str).astype(object),
        "sex": children.sex[child].copy(),
        "address": address,
        "postcode": children.postcode[child].copy(),
        "nhs_number": children.nhs_number[child].copy(),
        "upn": children.upn[child].copy(),
    }


def _blank_identifiers(
    columns: dict[str, Strings],
    kinds: list[str],
    agency: NDArray[np.int64],
    rng: np.random.Generator,
) -> None:
    kind = np.array(kinds, dtype=object)[agency]
    held = np.zeros(len(agency))
    for name, share in NHS_NUMBER_HELD.items():
        held[kind == name] = share
    columns["nhs_number"][rng.random(len(agency)) >= held] = ""
    upn_held = (kind == SCHOOL) & (rng.random(len(agency)) < UPN_HELD)
    columns["upn"][~upn_held] = ""


def _each(mask: NDArray[np.bool_], column: Strings, change: Callable[[str], str]) -> None:
    for i in np.flatnonzero(mask):
        if column[i]:
            column[i] = change(column[i])


def _apply_errors(
    columns: dict[str, Strings], children: Children, child: NDArray[np.int64], seed: int
) -> None:
    """Each mistake on its own random share of the records (a record may have several)."""
    draw = np.random.default_rng([seed, 1])
    text_rng = random.Random(seed)  # noqa: S311 (invented data, not security)
    count = len(child)

    def chosen(error: str) -> NDArray[np.bool_]:
        mask: NDArray[np.bool_] = draw.random(count) < ERROR_RATES[error]
        return mask

    given, family = columns["given_name"], columns["family_name"]
    nicknames = vocabulary.NICKNAMES
    _each(chosen("nickname"), given, lambda name: text_rng.choice(nicknames.get(name, (name,))))
    _each(chosen("given_typo"), given, lambda name: errors.typo(name, text_rng))
    changed = chosen("changed_surname")
    family[changed] = SURNAMES[
        draw.choice(len(SURNAMES), size=int(changed.sum()), p=by_rank(len(SURNAMES)))
    ]
    _each(chosen("family_typo"), family, lambda name: errors.typo(name, text_rng))
    swapped = chosen("swapped_names")
    given[swapped], family[swapped] = family[swapped], given[swapped].copy()
    moved = chosen("moved_address")
    homes = int(moved.sum())
    columns["address"][moved] = (
        draw.integers(1, 181, size=homes).astype(str).astype(object)
        + " "
        + STREETS[draw.integers(0, len(STREETS), size=homes)]
    )
    columns["postcode"][moved] = identifiers.postcodes(homes, draw)
    _each(chosen("day_month_swapped"), columns["date_of_birth"], errors.day_month_swapped)
    wrong = chosen("wrong_nhs_number") & (columns["nhs_number"] != "")
    # Half another child's number, half a valid number nobody in the extracts holds.
    others = children.nhs_number[draw.integers(0, len(children), size=int(wrong.sum()))]
    fresh = identifiers.nhs_numbers(int(wrong.sum()), draw)
    own = columns["nhs_number"][wrong]
    replacement = np.where(draw.random(len(own)) < 0.5, others, fresh)
    replacement = np.where(replacement == own, fresh, replacement)
    columns["nhs_number"][wrong] = replacement
    for error, column in (
        ("missing_given_name", "given_name"),
        ("missing_date_of_birth", "date_of_birth"),
        ("missing_sex", "sex"),
        ("missing_address", "address"),
        ("missing_postcode", "postcode"),
    ):
        columns[column][chosen(error)] = ""
    # One of the two names is required: a record with neither keeps its family name.
    nameless = (given == "") & (family == "")
    family[nameless] = SURNAMES[children.family[child[nameless]]]


def generate(
    children: int,
    *,
    agencies: Sequence[str],
    seed: int,
    today: datetime.date = REFERENCE_DATE,
    by_age: bool = False,
) -> Extracts:
    """Synthetic extracts of `children` children held by `agencies` (slugs), the same for the
    same seed and day. Every child is under 18 on `today` (by default a fixed day, so that
    benchmarks compare like with like). Records are in agency order, shuffled within each
    agency.

    Schools hold only children of school age. `by_age` (the demo's) also holds each agency to
    the ages its kind serves (AGES: no youth service for a baby); it is off by default so
    that the linkage benchmark's extracts, and so its figures, stay those it measured."""
    if not agencies:
        raise ValueError("At least one agency is needed.")
    rng = np.random.default_rng(seed)
    people = make_children(children, rng, today=today)
    ages = ages_on(people, today) if by_age else None
    child, agency = _holdings(people, agencies, rng, ages=ages)
    order = np.lexsort((rng.random(len(child)), agency))
    child, agency = child[order], agency[order]
    columns = _true_columns(people, child)
    _blank_identifiers(columns, [agency_kind(slug) for slug in agencies], agency, rng)
    _apply_errors(columns, people, child, seed)
    columns = {"record_id": _record_ids(agency, agencies, rng), **columns}
    slugs = np.array(list(agencies), dtype=object)
    return Extracts(agency=slugs[agency], columns=columns, child=child, children=people)


def agency_extracts(
    children: int, *, agencies: Sequence[str], seed: int
) -> tuple[list[dict[str, str]], dict[tuple[str, str], int]]:
    """The records (each a dict of the import columns and its `agency`) and the truth:
    (agency, record_id) to the true child's number."""
    extracts = generate(children, agencies=agencies, seed=seed)
    return list(extracts.rows()), extracts.truth()
