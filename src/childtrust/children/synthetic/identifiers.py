"""Valid identifiers in bulk: NHS numbers (modulus 11), UPNs (check letter) and SO postcodes.

Each is made with NumPy over whole arrays, so a million children take well under a second."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Strings = NDArray[np.object_]

_NHS_WEIGHTS = np.arange(10, 1, -1)  # the first nine digits weigh 10 down to 2
_UPN_WEIGHTS = np.arange(2, 14)  # the twelve characters after the check letter weigh 2 to 13
_UPN_LETTERS = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))
SOUTHAMPTON_LA = 852
# The SO postcode districts of Southampton and its edges; the unit letters never use CIKMOV.
_DISTRICTS = np.array(
    [f"SO{number}" for number in (14, 15, 16, 17, 18, 19, 30, 31, 40, 45, 50, 52, 53)], dtype=object
)
_UNIT_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)


def _digits_text(digits: NDArray[np.int64]) -> Strings:
    """Rows of digits as strings ('4857773456')."""
    text = (digits + ord("0")).astype(np.uint8).view(f"S{digits.shape[1]}").ravel()
    return text.astype(str).astype(object)


def nhs_numbers(count: int, rng: np.random.Generator) -> Strings:
    """`count` distinct valid NHS numbers (4xx to 7xx, as issued in England)."""
    found = np.zeros(0, dtype=np.int64)
    while len(found) < count:
        digits = rng.integers(0, 10, size=(count * 2 + 16, 10))
        digits[:, 0] = rng.choice(np.array([4, 6, 7]), size=len(digits))
        check = (11 - (digits[:, :9] * _NHS_WEIGHTS).sum(axis=1) % 11) % 11
        usable = check != 10  # no check digit exists for these: never issued
        digits = digits[usable]
        digits[:, 9] = check[usable]
        numbers = digits @ (10 ** np.arange(9, -1, -1))
        every = np.concatenate([found, numbers])
        _, first = np.unique(every, return_index=True)
        found = every[np.sort(first)]
    return found[:count].astype(str).astype(object)


def upns(serial: NDArray[np.int64], issue_year: NDArray[np.int64], schools: int) -> Strings:
    """UPNs for children numbered `serial` (distinct), first at school in `issue_year`.

    Each serial is a school's (its establishment number) and a number within that school;
    with `schools` at least a thousandth of the children, no two children share a UPN."""
    establishment = 2000 + serial % schools
    within = serial // schools
    digits = np.zeros((len(serial), 12), dtype=np.int64)
    for position, value, width in (
        (0, np.full(len(serial), SOUTHAMPTON_LA), 3),
        (3, establishment, 4),
        (7, issue_year % 100, 2),
        (9, within, 3),
    ):
        for place in range(width):
            digits[:, position + place] = value // 10 ** (width - 1 - place) % 10
    check = _UPN_LETTERS[(digits * _UPN_WEIGHTS).sum(axis=1) % 23]
    return np.char.add(check.astype(str), _digits_text(digits).astype(str)).astype(object)


def postcodes(count: int, rng: np.random.Generator) -> Strings:
    """`count` postcodes in the SO area, in the usual written form ('SO16 3AB')."""
    district = rng.choice(_DISTRICTS, size=count)
    sector = rng.integers(0, 10, size=count).astype(str).astype(object)
    unit = rng.choice(_UNIT_LETTERS, size=count) + rng.choice(_UNIT_LETTERS, size=count)
    joined: Strings = district + " " + sector + unit
    return joined
