"""The search's reading of words, without a database: word forms, partial words, typos,
synonym groups, and the plan each database is asked in its own syntax."""

from __future__ import annotations

import pytest

from childtrust.partnership.search.backends.postgresql import tsquery_text
from childtrust.partnership.search.backends.sqlite import match_expression
from childtrust.partnership.search.query import Term, plan_for
from childtrust.partnership.search.spelling import Vocabulary, edit_distance
from childtrust.partnership.search.synonyms import synonym_groups_build
from childtrust.partnership.search.words import (
    MAX_QUERY_WORDS,
    query_words,
    stem,
    words_of,
)

GROUPS = synonym_groups_build(
    [
        ("HV", "health visitor"),
        ("HV", "health visiting"),
        ("CLA", "child looked after"),
        ("LAC", "looked after child"),
        ("MASH", "multi-agency safeguarding hub"),
        ("CAMHS", "child and adolescent mental health services"),
    ]
)
VOCABULARY = Vocabulary.of(
    {"health": 9, "visiting": 3, "safeguarding": 5, "school": 4, "nursing": 2, "north": 1},
    GROUPS.words,
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("visitor", "visiting"),
        ("visitors", "visit"),
        ("nurse", "nursing"),
        ("nurses", "nursing"),
        ("children", "child"),
        ("workers", "working"),
        ("protection", "protecting"),
        ("assessment", "assessing"),
    ],
)
def test_word_forms_share_a_stem_that_starts_both(one: str, other: str) -> None:
    assert stem(one) == stem(other) or other.startswith(stem(one))
    assert one.startswith(stem(one)) or stem(one) == "child"


def test_agencies_stem_starts_agency() -> None:
    assert "agency".startswith(stem("agencies"))


def test_short_words_keep_their_letters() -> None:
    assert stem("case") == "case"
    assert stem("need") == "need"


def test_words_are_plain_lower_case_without_accents() -> None:
    assert words_of("Café: Children's CAMHS") == ["cafe", "children", "s", "camhs"]


@pytest.mark.parametrize(
    "question",
    ["", "   ", "***", '"', "' OR 1=1 --", "\x00", "NEAR(", "a:*|b", "😀", "\u202e"],
)
def test_questions_without_words_give_an_empty_plan(question: str) -> None:
    plan = plan_for(question, GROUPS, VOCABULARY)
    assert plan.is_empty() or all(
        term.word.isalnum() for idea in plan.ideas for alt in idea for term in alt
    )


def test_a_question_drops_single_letters_and_stop_words_and_is_cut_short() -> None:
    assert query_words("the team for a child") == ["team", "child"]
    assert query_words("the and of") == ["the", "and", "of"]  # nothing else: kept
    assert len(query_words("word " * 100)) == MAX_QUERY_WORDS


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("cahms", "camhs", 2) == 1
    assert edit_distance("helth", "health", 2) == 1
    assert edit_distance("north", "south", 1) == 2  # over the limit: limit + 1


def test_a_typo_is_corrected_to_the_nearest_known_word() -> None:
    assert VOCABULARY.correction("helth") == "health"
    assert VOCABULARY.correction("cahms") == "camhs"  # a synonym's word
    assert VOCABULARY.correction("safegaurding") == "safeguarding"  # two edits in a long word


def test_known_words_short_words_and_far_words_are_not_corrected() -> None:
    assert VOCABULARY.correction("visitor") is None  # known: its stem starts "visiting"
    assert VOCABULARY.correction("nrth") == "north"  # four letters: one edit
    assert VOCABULARY.correction("nth") is None  # three: too short to guess
    assert VOCABULARY.correction("zzzzzzz") is None


def test_terms_sharing_a_meaning_are_one_group_whatever_the_word_order() -> None:
    group = GROUPS.group_of(("cla",))
    assert group is not None
    assert ("lac",) in group
    assert GROUPS.group_of(("looked", "after", "children")) == group


def test_an_acronym_matches_itself_exactly_and_its_meaning_by_word_forms() -> None:
    plan = plan_for("HV north", GROUPS, VOCABULARY)
    hv, north = plan.ideas
    assert (Term("hv", prefix=False),) in hv
    assert (Term("health", prefix=True), Term("visit", prefix=True)) in hv
    assert north == ((Term("north", prefix=True),),)


def test_the_plan_in_each_databases_syntax() -> None:
    plan = plan_for("HV north", GROUPS, VOCABULARY)
    assert match_expression(plan) == '(("hv") OR ("health"* AND "visit"*)) AND (("north"*))'
    assert tsquery_text(plan) == "((hv) | (health:* & visit:*)) & ((north:*))"


def test_a_corrected_question_says_what_it_searched_for() -> None:
    plan = plan_for("helth visitor", GROUPS, VOCABULARY)
    assert plan.corrected
    assert plan.words == ("health", "visitor")
    assert plan_for("CAHMS", GROUPS, VOCABULARY).words == ("camhs",)


def test_a_page_matches_in_memory_by_the_same_plan() -> None:
    plan = plan_for("budg", GROUPS, VOCABULARY)
    assert plan.matches({"pooled", "budget"})
    assert not plan.matches({"staff", "directory"})
