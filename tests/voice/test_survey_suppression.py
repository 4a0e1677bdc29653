"""The anonymity rule for survey results: no group below the minimum size is shown, and no
hidden group can be worked out by subtracting the shown groups from the total."""

from __future__ import annotations

import random

import pytest

from childtrust.voice.selectors.survey_results import suppressed_groups

MINIMUM = 10


def recoverable(counts: dict[str, int], hidden: set[str], total: int) -> int:
    """What a reader can work out about the hidden responses: the total less the shown groups."""
    return total - sum(count for key, count in counts.items() if key not in hidden)


def test_nothing_is_hidden_when_every_group_reaches_the_minimum() -> None:
    counts = {"health": 12, "police": 10, "schools": 30}

    assert suppressed_groups(counts, total=52, minimum=MINIMUM) == set()


def test_a_group_of_exactly_the_minimum_is_shown() -> None:
    counts = {"health": 10, "police": 25}

    assert suppressed_groups(counts, total=35, minimum=MINIMUM) == set()


def test_a_single_small_group_hides_the_next_smallest_too() -> None:
    # Hiding police alone would leave 40 - 12 - 25 = 3: police's count, by subtraction.
    counts = {"police": 3, "health": 12, "schools": 25}

    hidden = suppressed_groups(counts, total=40, minimum=MINIMUM)

    assert hidden == {"police", "health"}
    assert recoverable(counts, hidden, 40) == 15


def test_two_small_groups_adding_to_fewer_than_the_minimum_hide_a_third() -> None:
    counts = {"police": 3, "youth": 4, "health": 11, "schools": 30}

    hidden = suppressed_groups(counts, total=48, minimum=MINIMUM)

    assert hidden == {"police", "youth", "health"}


def test_two_small_groups_adding_to_the_minimum_protect_each_other() -> None:
    counts = {"police": 4, "youth": 6, "health": 11, "schools": 30}

    assert suppressed_groups(counts, total=51, minimum=MINIMUM) == {"police", "youth"}


def test_responses_with_no_known_group_count_as_hidden() -> None:
    # Four responses have no locality: on their own they would be the total less the rest.
    counts = {"north": 20, "south": 15}

    hidden = suppressed_groups(counts, total=39, minimum=MINIMUM)

    assert hidden == {"south"}
    assert recoverable(counts, hidden, 39) == 19


def test_enough_unknown_responses_protect_a_small_group_on_their_own() -> None:
    counts = {"north": 20, "south": 3}

    assert suppressed_groups(counts, total=35, minimum=MINIMUM) == {"south"}


def test_everything_is_hidden_when_the_total_is_below_the_minimum() -> None:
    counts = {"health": 5, "police": 4}

    assert suppressed_groups(counts, total=9, minimum=MINIMUM) == {"health", "police"}


def test_the_next_smallest_group_is_hidden_even_when_it_reaches_the_minimum() -> None:
    counts = {"a": 2, "b": 10, "c": 40}

    hidden = suppressed_groups(counts, total=52, minimum=MINIMUM)

    assert hidden == {"a", "b"}
    assert recoverable(counts, hidden, 52) == 12


def test_ties_hide_the_group_given_first() -> None:
    counts = {"a": 2, "b": 12, "c": 12}

    assert suppressed_groups(counts, total=26, minimum=MINIMUM) == {"a", "b"}


def test_a_breakdown_of_no_groups_hides_nothing() -> None:
    assert suppressed_groups({}, total=0, minimum=MINIMUM) == set()


@pytest.mark.parametrize(
    ("counts", "total"),
    [({"a": 5}, 4), ({"a": -1, "b": 20}, 19)],
    ids=["groups above the total", "negative count"],
)
def test_impossible_counts_are_refused(counts: dict[str, int], total: int) -> None:
    with pytest.raises(ValueError, match="group"):
        suppressed_groups(counts, total=total, minimum=MINIMUM)


@pytest.mark.parametrize("seed", range(300))
def test_no_hidden_group_can_be_recovered_by_subtraction(seed: int) -> None:
    rng = random.Random(seed)
    minimum = rng.choice([3, 5, 10])
    counts = {
        f"group {i}": rng.choice([0, 1, 2, rng.randint(1, 40)]) for i in range(rng.randint(1, 8))
    }
    unknown = rng.choice([0, 0, rng.randint(0, 12)])
    total = sum(counts.values()) + unknown

    hidden = suppressed_groups(counts, total=total, minimum=minimum)

    shown = {key: count for key, count in counts.items() if key not in hidden}
    if total < minimum:
        # Nothing is shown, the total included, so there is nothing to subtract from.
        assert shown == {}
        return
    assert all(count >= minimum for count in shown.values())
    difference = total - sum(shown.values())
    assert difference == 0 or difference >= minimum
    # Groups are hidden only when something needs protecting.
    if unknown == 0 and all(count >= minimum for count in counts.values()):
        assert hidden == set()
