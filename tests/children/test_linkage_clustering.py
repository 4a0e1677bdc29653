"""The clustering's guards, on ids alone (no database, no Splink): the NHS-number pass and a
number typed against the wrong child, different NHS numbers and UPNs, twins, a household
chained through a record with less in it, rejected pairs, existing children never merged, and
what goes to review."""

from __future__ import annotations

import datetime

import pytest

from childtrust.children.linkage import nicknames
from childtrust.children.linkage.clustering import (
    Identity,
    Kind,
    Pair,
    clusters_build,
    first_names_clearly_differ,
)

BORN = datetime.date(2015, 3, 9)


def _person(
    given: str, *, agency: int = 1, born: datetime.date | None = BORN, **more: object
) -> Identity:
    return Identity(
        agency=agency,
        given=given,
        family="okafor",
        born=born,
        **more,  # type: ignore[arg-type]
    )


def test_a_shared_nhs_number_links_records_whatever_else_they_say() -> None:
    records = {
        1: _person("ruby", nhs="9434765919"),
        2: _person("rubi", agency=2, nhs="9434765919", born=None),
    }
    clusters = clusters_build(records, [], upper=0.99)
    assert clusters.component[1] == clusters.component[2]
    assert clusters.kind[1] == clusters.kind[2] == Kind.NHS_NUMBER


def test_a_number_typed_against_the_wrong_child_is_left_to_the_model() -> None:
    records = {
        1: _person("ruby", nhs="9434765919"),
        2: _person("kofi", agency=2, nhs="9434765919", born=datetime.date(2011, 6, 1)),
    }
    clusters = clusters_build(records, [], upper=0.99)
    assert clusters.component[1] != clusters.component[2]


def test_different_nhs_numbers_or_an_agencys_two_upns_are_never_joined_but_reviewed() -> None:
    records = {
        1: _person("ruby", nhs="9434765919"),
        2: _person("ruby", agency=2, nhs="9434765870"),
        3: _person("ruby", agency=3, upn="A1"),
        4: _person("ruby", agency=3, upn="B2"),
    }
    pairs = [Pair(1, 2, 0.999), Pair(3, 4, 0.999)]
    clusters = clusters_build(records, pairs, upper=0.99)
    assert clusters.component[1] != clusters.component[2]
    assert clusters.component[3] != clusters.component[4]
    assert {(p.left, p.right) for p in clusters.review} == {(1, 2), (3, 4)}


def test_twins_are_neither_linked_nor_proposed() -> None:
    records = {1: _person("amara"), 2: _person("kofi", agency=2)}
    clusters = clusters_build(records, [Pair(1, 2, 0.999, twin_guard=True)], upper=0.99)
    assert clusters.component[1] != clusters.component[2]
    assert clusters.review == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("theodore", "ted"),  # Ted may be Edward or Theodore
        ("edward", "ted"),
        ("lottie", "charlie"),  # both Charlotte
        ("laurie", "lawrence"),
        ("bob", "robert"),
        ("peggy", "margaret"),
        ("ted", "ned"),  # both Edward
    ],
)
def test_a_nickname_is_not_another_child(one: str, other: str) -> None:
    assert not first_names_clearly_differ(_person(one), _person(other))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("amara", "kofi"),
        ("harry", "alfie"),
        ("ted", "bob"),
        # Names a looser nickname data set relates, through one another or both ways: twins
        # may be named so, and must not be linked as one child.
        ("edward", "theodore"),  # through Ted
        ("robert", "william"),  # through Bill
        ("emily", "emma"),
        ("amy", "emily"),
        ("peter", "patrick"),
    ],
)
def test_different_first_names_are_another_child(one: str, other: str) -> None:
    assert first_names_clearly_differ(_person(one), _person(other))


def test_a_household_is_not_chained_through_a_record_without_a_first_name() -> None:
    records = {1: _person("samuel"), 2: _person("", agency=2), 3: _person("harry", agency=3)}
    records[2] = Identity(agency=2, family="okafor", born=BORN)
    pairs = [Pair(1, 2, 0.999), Pair(2, 3, 0.995)]
    clusters = clusters_build(records, pairs, upper=0.99)
    assert clusters.component[1] == clusters.component[2]
    assert clusters.component[3] != clusters.component[1]


def test_dates_of_birth_years_apart_go_to_review_not_to_a_link() -> None:
    records = {1: _person("isla"), 2: _person("isla", agency=2, born=datetime.date(2011, 12, 29))}
    clusters = clusters_build(records, [Pair(1, 2, 0.999, dates_differ=True)], upper=0.99)
    assert clusters.component[1] != clusters.component[2]
    assert [(p.left, p.right) for p in clusters.review] == [(1, 2)]


def test_a_rejected_pair_is_not_joined_even_through_another_record() -> None:
    records = {1: _person("ruby"), 2: _person("ruby", agency=2), 3: _person("ruby", agency=3)}
    pairs = [Pair(1, 2, 0.999), Pair(2, 3, 0.998)]
    clusters = clusters_build(records, pairs, upper=0.99, rejected=[(1, 3)])
    assert clusters.component[1] == clusters.component[2]
    assert clusters.component[3] != clusters.component[1]
    assert clusters.review == []


def test_two_existing_children_are_never_merged_by_a_new_record() -> None:
    records = {
        1: _person("ruby", child=10),
        2: _person("ruby", agency=2, child=11),
        3: _person("ruby", agency=3),
    }
    pairs = [Pair(1, 3, 0.999), Pair(2, 3, 0.998)]
    clusters = clusters_build(records, pairs, upper=0.99, kept_together=[[1], [2]])
    assert clusters.component[3] == clusters.component[1]
    assert clusters.component[2] != clusters.component[1]


@pytest.mark.parametrize("reverse", [False, True])
def test_a_record_scoring_alike_with_two_children_goes_the_same_way_in_any_order(
    reverse: bool,
) -> None:
    records = {
        1: _person("ruby", child=10),
        2: _person("ruby", agency=2, child=11),
        3: _person("ruby", agency=3),
    }
    pairs = [Pair(1, 3, 0.999), Pair(2, 3, 0.999)]
    clusters = clusters_build(
        records, pairs[::-1] if reverse else pairs, upper=0.99, kept_together=[[1], [2]]
    )
    assert clusters.component[3] == clusters.component[1]
    assert [(p.left, p.right) for p in clusters.review] == [(2, 3)]


def test_pairs_between_the_thresholds_are_proposed_once_per_two_children() -> None:
    records = {1: _person("ruby"), 2: _person("ruby", agency=2), 3: _person("ruby", agency=3)}
    pairs = [Pair(1, 2, 0.999), Pair(1, 3, 0.9), Pair(2, 3, 0.95)]
    clusters = clusters_build(records, pairs, upper=0.99)
    assert [(p.left, p.right, p.probability) for p in clusters.review] == [(2, 3, 0.95)]
    assert clusters.kind[3] == Kind.REVIEW
    assert clusters.kind[1] == Kind.AUTOMATIC


def test_without_guards_every_pair_above_the_threshold_is_joined() -> None:
    records = {1: _person("amara"), 2: _person("kofi", agency=2)}
    clusters = clusters_build(
        records, [Pair(1, 2, 0.999, twin_guard=True)], upper=0.99, use_guards=False
    )
    assert clusters.component[1] == clusters.component[2]


def test_two_full_names_sharing_a_nickname_are_not_variants_of_each_other() -> None:
    assert not nicknames.variants("alexander") & nicknames.variants("alexandra")  # Alex
    assert nicknames.variants("alex") & nicknames.variants("alexandra")


def test_a_nickname_blocks_and_is_found_with_its_full_name() -> None:
    for usual, names in nicknames._GROUPS.items():
        assert nicknames.usual_form(usual) == usual
        for name in names:
            assert usual in nicknames.variants(name)
            # Its first group's usual form: the blocking key and search key both sides share.
            first = nicknames.usual_form(name)
            assert first in nicknames.variants(name)
            assert nicknames.usual_form(first) == first
