"""The mistakes people make typing a child's details: one small change to a word at a time."""

from __future__ import annotations

import random

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    """Each letter's neighbours on a UK keyboard (left, right, and the rows above and below)."""
    place = {
        letter: (row, column)
        for row, keys in enumerate(_KEYBOARD_ROWS)
        for column, letter in enumerate(keys)
    }
    near: dict[str, str] = {}
    for letter, (row, column) in place.items():
        near[letter] = "".join(
            other
            for other, (other_row, other_column) in place.items()
            if other != letter and abs(other_row - row) <= 1 and abs(other_column - column) <= 1
        )
    return near


NEIGHBOURS = _neighbours()


def adjacent_key(word: str, rng: random.Random) -> str:
    """One letter replaced by a key next to it ('Jack' to 'Jsck'), keeping its case."""
    places = [i for i, letter in enumerate(word) if letter.lower() in NEIGHBOURS]
    if not places:
        return word
    i = rng.choice(places)
    replacement = rng.choice(NEIGHBOURS[word[i].lower()])
    if word[i].isupper():
        replacement = replacement.upper()
    return word[:i] + replacement + word[i + 1 :]


def deletion(word: str, rng: random.Random) -> str:
    """One letter left out, never the first (people rarely miss the initial)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def transposition(word: str, rng: random.Random) -> str:
    """Two letters next to each other swapped, after the first ('Sarah' to 'Sarha')."""
    places = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
    if not places:
        return word
    i = rng.choice(places)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


TYPOS = (adjacent_key, deletion, transposition)


def typo(word: str, rng: random.Random) -> str:
    """One typing mistake of any of the three kinds; a word too short for it stays as it is."""
    return rng.choice(TYPOS)(word, rng)


def day_month_swapped(iso_date: str) -> str:
    """'2015-03-07' as '2015-07-03'; a date whose day cannot be a month is left alone."""
    year, month, day = iso_date.split("-")
    if int(day) > 12 or day == month:
        return iso_date
    return f"{year}-{day}-{month}"
