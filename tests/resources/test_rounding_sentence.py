"""The allocation page's sentence on what funding whole places did to the expected benefit."""

from __future__ import annotations

from childtrust.resources.selectors.allocation_page import rounding_sentence


def test_no_sentence_without_both_figures() -> None:
    assert rounding_sentence(None, 10.0, {}) == ""


def test_a_change_too_small_to_show_is_not_given_as_two_equal_figures() -> None:
    sentence = rounding_sentence(2457.01, 2457.0, {})
    assert "as they were" in sentence
    assert "2,457.0 to 2,457.0" not in sentence


def test_a_change_under_one_gives_both_figures() -> None:
    sentence = rounding_sentence(2457.4, 2457.1, {})
    assert "by less than one (from 2,457.4 to 2,457.1)" in sentence


def test_a_larger_loss_is_counted_and_the_shortfall_note_follows() -> None:
    sentence = rounding_sentence(100.0, 97.0, {"rounding_note": "East misses its floor."})
    assert "lowers the better outcomes expected by 3 (from 100.0 to 97.0)." in sentence
    assert sentence.endswith("East misses its floor.")
