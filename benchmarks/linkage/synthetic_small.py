"""A small stand-in generator of agency extracts with known truth (until the children app's own
synthetic generator is used): households with siblings and twins (same date of birth, address
and postcode), several agencies per child, typos, nicknames, swapped names, a swapped day and
month, changed surnames, moved addresses, missing and wrong identifiers."""

from __future__ import annotations

import datetime
import random
import string

from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.linkage.nicknames import NICKNAMES

GIVEN = sorted(
    {*NICKNAMES.values()}
    | {
        "ava",
        "grace",
        "freya",
        "isla",
        "poppy",
        "evie",
        "ruby",
        "florence",
        "willow",
        "ivy",
        "noah",
        "george",
        "arthur",
        "muhammad",
        "leo",
        "oscar",
        "archie",
        "alfie",
        "finley",
        "aisha",
        "zara",
        "priya",
        "kwame",
        "tobias",
        "rosie",
        "harper",
        "lily",
        "maya",
        "ethan",
        "mason",
        "logan",
        "lucas",
        "dylan",
        "layla",
        "hannah",
        "chloe",
        "jayden",
        "kai",
        "reggie",
    }
)
FAMILY = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "patel",
    "robinson",
    "wright",
    "thompson",
    "evans",
    "walker",
    "white",
    "roberts",
    "green",
    "hall",
    "wood",
    "jackson",
    "clarke",
    "khan",
    "ahmed",
    "lewis",
    "harris",
    "martin",
    "cooper",
    "king",
    "hughes",
    "edwards",
    "hill",
    "moore",
    "clark",
    "turner",
    "ali",
    "begum",
    "scott",
    "baker",
    "o'brien",
    "nowak",
    "kowalski",
    "okafor",
    "mensah",
    "murphy",
    "kelly",
    "price",
    "bennett",
] + [f"{a}{b}son" for a in "bcdfghklmnprstw" for b in ("ai", "e", "o", "ur", "il", "an")]
STREETS = [
    "high street",
    "church road",
    "station road",
    "park avenue",
    "mill lane",
    "queens road",
    "victoria street",
    "london road",
    "the crescent",
    "west street",
    "green lane",
]


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    action = rng.choice(("swap", "drop", "replace", "double"))
    if action == "swap" and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if action == "drop":
        return text[:i] + text[i + 1 :]
    if action == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    return f"SO{rng.randint(14, 53)} {inward}"


def extracts(
    records: int, *, seed: int = 16, agencies: int = 4
) -> tuple[list[RecordRow], dict[int, int]]:
    """About `records` agency records and the truth: {record id: the true child's number}."""
    rng = random.Random(seed)
    rows: list[RecordRow] = []
    truth: dict[int, int] = {}
    child = 0
    while len(rows) < records:
        family = rng.choice(FAMILY)
        address = f"{rng.randint(1, 250)} {rng.choice(STREETS)}"
        postcode = _postcode(rng)
        born = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(18 * 365))
        for sibling in range(rng.choice((1, 1, 2, 2, 3, 4))):
            twin = sibling > 0 and rng.random() < 0.25
            dob = (
                born
                if twin or sibling == 0
                else born + datetime.timedelta(days=rng.randrange(400, 2500))
            )
            given = rng.choice(GIVEN)
            sex = rng.choice("FM")
            nhs = _nhs(rng)
            child += 1
            for agency in rng.sample(range(1, agencies + 1), rng.choice((1, 2, 2, 3, 3, 4))):
                rows.append(
                    _record(
                        rng, len(rows) + 1, agency, given, family, dob, sex, address, postcode, nhs
                    )
                )
                truth[len(rows)] = child
    return rows, truth


def _record(rng, uid, agency, given, family, dob, sex, address, postcode, nhs) -> RecordRow:  # type: ignore[no-untyped-def]
    r = rng.random
    if r() < 0.15:
        given = next((k for k, v in NICKNAMES.items() if v == given and r() < 0.5), given)
    if r() < 0.08:
        given = _typo(rng, given)
    if r() < 0.08:
        family = _typo(rng, family)
    if r() < 0.03:
        given, family = family, given
    if r() < 0.04:
        family = rng.choice(FAMILY)
    if r() < 0.03 and dob.day <= 12:
        dob = dob.replace(month=dob.day, day=dob.month)
    elif r() < 0.03:
        dob = dob + datetime.timedelta(days=rng.choice((-1, 1, 10, -10)))
    if r() < 0.1:
        address, postcode = f"{rng.randint(1, 250)} {rng.choice(STREETS)}", _postcode(rng)
    nhs_out = nhs if r() < 0.5 else ""
    if nhs_out and r() < 0.02:
        nhs_out = _nhs(rng)
    return RecordRow(
        unique_id=uid,
        agency=agency,
        given_name=given.title(),
        family_name=family.title(),
        date_of_birth=None if r() < 0.02 else dob,
        sex="" if r() < 0.05 else sex,
        address="" if r() < 0.1 else address.title(),
        postcode="" if r() < 0.05 else postcode,
        nhs_number=nhs_out,
        upn="",
    )
