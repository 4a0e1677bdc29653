"""The difference between two versions of a job description: unchanged lines once, a changed
block as its removed lines then its added ones, the changed words marked inside a line changed
one for one, and line numbers in each version."""

from __future__ import annotations

from childtrust.workforce.selectors.establishment.diff import (
    ADDED,
    REMOVED,
    UNCHANGED,
    Part,
    text_diff,
)


def test_identical_texts_have_no_changes() -> None:
    diff = text_diff("One.\nTwo.", "One.\nTwo.")

    assert diff.identical
    assert [line.kind for line in diff.lines] == [UNCHANGED, UNCHANGED]


def test_added_and_removed_lines_with_their_numbers() -> None:
    diff = text_diff("Keep.\nDrop.\nEnd.", "Keep.\nEnd.\nNew.")

    assert [(line.kind, line.old_number, line.new_number, line.text) for line in diff.lines] == [
        (UNCHANGED, 1, 1, "Keep."),
        (REMOVED, 2, None, "Drop."),
        (UNCHANGED, 3, 2, "End."),
        (ADDED, None, 3, "New."),
    ]
    assert (diff.added, diff.removed) == (1, 1)


def test_a_line_changed_one_for_one_marks_the_changed_words() -> None:
    diff = text_diff("Works in the city centre.", "Works in the North locality.")

    removed, added = diff.lines
    assert removed.kind == REMOVED
    assert removed.parts == (
        Part("Works in the ", False),
        Part("city centre.", True),
    )
    assert added.parts == (
        Part("Works in the ", False),
        Part("North locality.", True),
    )


def test_a_block_of_unequal_length_pairs_what_it_can_and_adds_the_rest_whole() -> None:
    diff = text_diff("A b.\nGone.", "A c.")

    assert [(line.kind, line.text) for line in diff.lines] == [
        (REMOVED, "A b."),
        (REMOVED, "Gone."),
        (ADDED, "A c."),
    ]
    assert diff.lines[1].parts == (Part("Gone.", True),)


def test_blank_lines_have_no_parts() -> None:
    diff = text_diff("One.\n\nTwo.", "One.\nTwo.")

    assert [(line.kind, line.parts) for line in diff.lines] == [
        (UNCHANGED, (Part("One.", False),)),
        (REMOVED, ()),
        (UNCHANGED, (Part("Two.", False),)),
    ]
