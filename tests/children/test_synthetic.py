"""The synthetic children and their agencies' extracts: the same for a seed, valid identifiers,
twins, the truth for every record and each mistake at about its intended rate."""

from __future__ import annotations

import csv
import datetime
import random
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from stdnum.gb import nhs, upn

from childtrust.children.synthetic import (
    COLUMNS,
    ERROR_RATES,
    Extracts,
    agency_extracts,
    agency_kind,
    errors,
    generate,
    vocabulary,
    write_agency_csvs,
)
from childtrust.children.synthetic.extracts import ages_on
from childtrust.children.synthetic.population import NAMES, SURNAMES

AGENCIES = ("community-health", "education-partnership", "childrens-services", "police-ppu")
POSTCODE = re.compile(r"^SO[0-9]{2} [0-9][ABD-HJLNP-UW-Z]{2}$")


@pytest.fixture(scope="module")
def extracts() -> Extracts:
    return generate(4000, agencies=AGENCIES, seed=11)


@pytest.fixture(scope="module")
def rows(extracts: Extracts) -> list[dict[str, str]]:
    return list(extracts.rows())


def test_the_same_seed_gives_the_same_extracts_and_another_seed_others() -> None:
    first = agency_extracts(300, agencies=AGENCIES, seed=5)
    assert agency_extracts(300, agencies=AGENCIES, seed=5) == first
    assert agency_extracts(300, agencies=AGENCIES, seed=6)[0] != first[0]


def test_every_identifier_and_postcode_present_is_valid(rows: list[dict[str, str]]) -> None:
    numbers = [row["nhs_number"] for row in rows if row["nhs_number"]]
    pupils = [row["upn"] for row in rows if row["upn"]]
    postcodes = [row["postcode"] for row in rows if row["postcode"]]
    assert numbers
    assert pupils
    assert postcodes
    assert all(nhs.is_valid(number) for number in numbers)
    assert all(upn.is_valid(number) for number in pupils)
    assert all(POSTCODE.match(postcode) for postcode in postcodes)


def test_each_child_has_its_own_identifiers(extracts: Extracts) -> None:
    children = extracts.children
    assert len(set(children.nhs_number.tolist())) == len(children)
    school = [number for number in children.upn.tolist() if number]
    assert len(set(school)) == len(school)


def test_only_schools_give_upns_and_mostly_only_health_nhs_numbers(
    rows: list[dict[str, str]],
) -> None:
    by_kind: dict[str, Counter[bool]] = {}
    for row in rows:
        kind = agency_kind(row["agency"])
        by_kind.setdefault(kind, Counter())[bool(row["nhs_number"])] += 1
        if kind != "school":
            assert row["upn"] == ""
    health, other = by_kind["health"], by_kind["other"]
    assert health[True] / health.total() > 0.9
    assert other[True] / other.total() < 0.3


def test_rows_have_the_import_columns_and_one_of_the_two_names(rows: list[dict[str, str]]) -> None:
    assert all(list(row) == ["agency", *COLUMNS] for row in rows)
    assert all(row["given_name"] or row["family_name"] for row in rows)
    assert all(row["sex"] in {"F", "M", "U", ""} for row in rows)


def test_the_truth_covers_every_record_and_each_child_is_held_by_one_to_four_agencies(
    extracts: Extracts, rows: list[dict[str, str]]
) -> None:
    truth = extracts.truth()
    assert len(truth) == len(rows)  # (agency, record_id) is unique
    assert all((row["agency"], row["record_id"]) in truth for row in rows)
    agencies: dict[int, set[str]] = {}
    for (agency, _), child in truth.items():
        agencies.setdefault(child, set()).add(agency)
    assert set(agencies) == set(range(len(extracts.children)))
    spread = Counter(len(held) for held in agencies.values())
    assert set(spread) <= {1, 2, 3, 4}
    assert all(spread[count] > 0 for count in (1, 2, 3, 4))


def test_twins_share_a_birthday_home_and_usually_a_surname_but_not_a_first_name(
    extracts: Extracts,
) -> None:
    children = extracts.children
    twins = [(a, b) for a, b in enumerate(children.twin_of.tolist()) if b > a]
    assert 0.02 < 2 * len(twins) / len(children) < 0.06
    for a, b in twins:
        assert children.born[a] == children.born[b]
        assert children.household[a] == children.household[b]
        assert children.postcode[a] == children.postcode[b]
        assert children.given[a] != children.given[b]
    similar = {(pair[0], pair[2]) for pair in vocabulary.SIMILAR_TWIN_NAMES}
    names = [(NAMES[children.given[a]], NAMES[children.given[b]]) for a, b in twins]
    assert any(pair in similar for pair in names)
    same_surname = sum(children.family[a] == children.family[b] for a, b in twins)
    assert same_surname / len(twins) > 0.8


def test_households_hold_siblings(extracts: Extracts) -> None:
    sizes = Counter(Counter(extracts.children.household.tolist()).values())
    assert sizes[1]
    assert sizes[2]
    assert sizes[3]
    assert sizes[4]


def _share(rows: list[dict[str, str]], extracts: Extracts, differs: str) -> float:
    """The share of records whose column differs from the true child's."""
    children = extracts.children
    true: list[str] = {
        "given_name": NAMES[children.given],
        "family_name": SURNAMES[children.family],
        "date_of_birth": children.born.astype(str),
        "postcode": children.postcode,
    }[differs].tolist()
    wrong = sum(
        1
        for row, child in zip(rows, extracts.child.tolist(), strict=True)
        if row[differs] and row[differs] != true[child]
    )
    return wrong / len(rows)


def test_each_kind_of_mistake_is_present_at_about_its_rate(
    extracts: Extracts, rows: list[dict[str, str]]
) -> None:
    # Given names: typos, nicknames (only names that have one) and swaps.
    assert 0.03 < _share(rows, extracts, "given_name") < 0.12
    # Family names: typos, changed surnames and swaps.
    assert 0.05 < _share(rows, extracts, "family_name") < 0.1
    # Day and month swapped: only dates whose day could be a month.
    assert 0.002 < _share(rows, extracts, "date_of_birth") < ERROR_RATES["day_month_swapped"]
    assert 0.035 < _share(rows, extracts, "postcode") < 0.065
    for column, rate in (
        ("date_of_birth", ERROR_RATES["missing_date_of_birth"]),
        ("address", ERROR_RATES["missing_address"]),
        ("postcode", ERROR_RATES["missing_postcode"]),
    ):
        missing = sum(1 for row in rows if not row[column]) / len(rows)
        assert rate / 2 < missing < rate * 2, column
    nicknames = {nick for nicks in vocabulary.NICKNAMES.values() for nick in nicks}
    assert any(row["given_name"] in nicknames - set(NAMES.tolist()) for row in rows)


def test_a_few_nhs_numbers_are_valid_but_another_childs(
    extracts: Extracts, rows: list[dict[str, str]]
) -> None:
    children = extracts.children
    held = [
        (row["nhs_number"], child)
        for row, child in zip(rows, extracts.child.tolist(), strict=True)
        if row["nhs_number"]
    ]
    wrong = [number for number, child in held if number != children.nhs_number[child]]
    assert 0 < len(wrong) / len(held) < 0.02
    assert all(nhs.is_valid(number) for number in wrong)


def test_typos_are_one_small_change() -> None:
    rng = random.Random(1)
    assert errors.deletion("Sarah", rng) in {"Srah", "Saah", "Sarh", "Sara"}
    assert errors.transposition("Jack", rng) in {"Jcak", "Jakc"}
    changed = errors.adjacent_key("jack", rng)
    assert len(changed) == 4
    assert sum(a != b for a, b in zip(changed, "jack", strict=True)) == 1
    assert errors.day_month_swapped("2015-03-07") == "2015-07-03"
    assert errors.day_month_swapped("2015-03-17") == "2015-03-17"


def test_agency_kinds_come_from_the_slug() -> None:
    assert agency_kind("community-health") == "health"
    assert agency_kind("camhs") == "health"
    assert agency_kind("education-partnership") == "school"
    assert agency_kind("police-ppu") == "other"
    assert agency_kind("youth-trust") == "youth"
    with pytest.raises(ValueError, match="agency"):
        generate(10, agencies=(), seed=1)


BY_AGE = ("community-health", "education-partnership", "childrens-services", "youth-trust")


def _ages_held(extracts: Extracts, today: datetime.date) -> dict[str, set[int]]:
    ages = ages_on(extracts.children, today)
    held: dict[str, set[int]] = {}
    for agency, child in zip(extracts.agency.tolist(), extracts.child.tolist(), strict=True):
        held.setdefault(agency, set()).add(int(ages[child]))
    return held


def test_by_age_each_agency_holds_only_the_ages_its_kind_serves() -> None:
    today = datetime.date(2026, 4, 1)
    held = _ages_held(generate(4000, agencies=BY_AGE, seed=3, today=today, by_age=True), today)
    assert held["community-health"] == set(range(18))  # health visiting, then school nursing
    assert held["education-partnership"] == set(range(4, 18))  # reception to sixth form
    assert held["youth-trust"] == set(range(11, 18))  # no youth service for a baby
    assert held["childrens-services"] == set(range(18))


def test_without_by_age_only_schools_keep_to_an_age() -> None:
    # The benchmark's extracts: a youth service may hold a baby, as when it measured.
    today = datetime.date(2026, 4, 1)
    held = _ages_held(generate(4000, agencies=BY_AGE, seed=3, today=today), today)
    assert min(held["youth-trust"]) == 0
    assert min(held["education-partnership"]) == 5


def test_ages_count_whole_years_to_the_birthday() -> None:
    children = generate(50, agencies=BY_AGE, seed=4).children
    born = children.born.astype("datetime64[D]").tolist()[0]
    birthday = born.replace(year=born.year + 10)
    assert ages_on(children, birthday)[0] == 10
    assert ages_on(children, birthday - datetime.timedelta(days=1))[0] == 9


def test_the_writer_makes_one_import_file_per_agency(tmp_path: Path) -> None:
    small = generate(200, agencies=AGENCIES, seed=2)
    paths = write_agency_csvs(small, tmp_path)
    assert set(paths) == set(AGENCIES)
    written = 0
    for agency, path in paths.items():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames or ()) == COLUMNS
            records = list(reader)
        assert records == [
            {key: value for key, value in row.items() if key != "agency"}
            for row in small.rows()
            if row["agency"] == agency
        ]
        written += len(records)
    assert written == len(small)


def test_the_command_writes_each_agencys_file_and_the_truth(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "synthetic_extracts", str(tmp_path), "--children", "50", "--agencies", "health,schools"
    )
    call_command("synthetic_extracts", str(tmp_path), "--children", "50", stdout=out)
    assert "records of 50 children" in out.getvalue()
    assert (tmp_path / "community-health.csv").exists()
    assert (tmp_path / "schools.csv").exists()
    with (tmp_path / "truth.csv").open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    assert {row["agency"] for row in truth} <= {
        "community-health",
        "education-partnership",
        "childrens-services",
        "police-ppu",
    }
    with pytest.raises(CommandError, match="at least one"):
        call_command("synthetic_extracts", str(tmp_path), "--children", "0")
