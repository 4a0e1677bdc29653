"""The rules for one row of an agency's file of children's records: pure, no database.

The columns are exactly these nine, in any order (a name is matched ignoring case and the spaces
around it): record_id, given_name, family_name, date_of_birth, sex, address, postcode,
nhs_number, upn. A column missing, unknown or named twice refuses the whole file, naming it.

A row that cannot be used is rejected with its line and reason: no record_id, no name at all, a
date of birth that is not a date (YYYY-MM-DD), a record_id or name too long to keep, or a
record_id on more than one line (every such line is rejected: which one is right cannot be
told). An optional field that is present but wrong is kept blank and the row is loaded with a
data-quality warning naming the line, the field and why:

- nhs_number: ten digits with the modulus 11 check digit (python-stdnum); spaces and dashes
  are allowed, the ten digits are kept.
- upn: thirteen characters with the check letter (python-stdnum); kept in upper case.
- postcode: the UK format (outward and inward codes, the letters each position allows, and
  GIR 0AA); spaces and case as sent do not matter, kept as "SO14 7LY".
- date_of_birth: plausible for a child the partnership serves: not after the day of the
  import, and not more than 25 years before it (records are kept to the 25th birthday for care
  leavers, design section 5); a date outside is blanked with a warning.
- sex: F, M, X or U, or the words and codes mapped in SEX_WORDS (female/girl/2, male/boy/1,
  other/indeterminate/9, unknown/not known/0), ignoring case.
- address: spaces collapsed; longer than 300 characters is blanked with a warning.

Every cell is text and stays text: one that looks like a spreadsheet formula ("=1+1") is kept
as sent and written out made safe (core.csv_files) wherever it is downloaded."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.gb import nhs, upn

from childtrust.core.dates import day_text

COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
)
#: The fields a record holds besides its record_id, in the order they are hashed.
FIELDS = COLUMNS[1:]
#: Fields whose change sends a linked record back to linkage: what linkage compares. An
#: address line changed with the same postcode (a flat number put right) keeps the link.
IDENTIFYING_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
    "upn",
)
MAX_RECORD_ID = 100
MAX_NAME = 100
MAX_ADDRESS = 300
#: The oldest a child in an agency's records may plausibly be, in years.
OLDEST_YEARS = 25

SEX_WORDS = {
    "f": "F",
    "female": "F",
    "girl": "F",
    "2": "F",
    "m": "M",
    "male": "M",
    "boy": "M",
    "1": "M",
    "x": "X",
    "other": "X",
    "indeterminate": "X",
    "9": "X",
    "u": "U",
    "unknown": "U",
    "not known": "U",
    "0": "U",
}

_OUTWARD = (
    r"[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
)
_POSTCODE = re.compile(rf"^(?:({_OUTWARD})([0-9][ABD-HJLNP-UW-Z]{{2}})|(GIR)(0AA))$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def header_problem(columns: Iterable[str]) -> str:
    """Why a header cannot be loaded ("" when it is the nine columns, in any order)."""
    seen: list[str] = []
    for column in columns:
        name = (column or "").strip().lower()
        if name in seen:
            return f'the column "{_shown(_text(name))}" is named twice'
        if name not in COLUMNS:
            # Shortened and without control characters: the reason is kept with the import
            # (500 characters at most; PostgreSQL refuses a NUL character in text).
            shown = _shown(_text(name)) or "(a column with no name)"
            return (
                f'the column "{shown}" is not one this file may have: the columns are '
                + ", ".join(COLUMNS)
            )
        seen.append(name)
    missing = [column for column in COLUMNS if column not in seen]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        return f"the column{plural} {', '.join(missing)} {'are' if plural else 'is'} missing"
    return ""


@dataclass(frozen=True)
class DataWarning:
    line: int
    record_id: str
    field: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "record_id": self.record_id,
            "field": self.field,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Rejection:
    line: int
    record_id: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "record_id": self.record_id, "reason": self.reason}


@dataclass(frozen=True)
class RecordRow:
    """A usable row, its fields normalised as the record keeps them."""

    line: int
    record_id: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    sex: str
    address: str
    postcode: str
    nhs_number: str
    upn: str

    def fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in FIELDS}

    @property
    def content_hash(self) -> str:
        return content_hash_of(self.fields())


def content_hash_of(fields: Mapping[str, object]) -> str:
    """A hash of a record's normalised fields: an unchanged row has the same one."""
    parts = []
    for name in FIELDS:
        value = fields.get(name)
        parts.append(value.isoformat() if isinstance(value, datetime.date) else str(value or ""))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class RowsChecked:
    """What checking a file's rows found: the usable rows by record_id, and every rejection
    and warning."""

    rows: dict[str, RecordRow] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    read: int = 0


class RowChecker:
    """Checks rows one at a time (so a long file is never held whole as text), then, at the
    end, rejects every line of a record_id sent more than once."""

    def __init__(self, *, today: datetime.date) -> None:
        self.today = today
        self.oldest = _years_before(today, OLDEST_YEARS)
        self.result = RowsChecked()
        self._lines_of: dict[str, list[int]] = {}

    def check(self, line: int, raw: Mapping[str, object]) -> None:
        self.result.read += 1
        cells = {(str(k) if k is not None else "").strip().lower(): v for k, v in raw.items()}
        row = self._row(line, cells)
        if row is None:
            return
        self._lines_of.setdefault(row.record_id, []).append(line)
        self.result.rows.setdefault(row.record_id, row)

    def finish(self) -> RowsChecked:
        result = self.result
        for record_id, lines in self._lines_of.items():
            if len(lines) < 2:
                continue
            del result.rows[record_id]
            listed = ", ".join(str(number) for number in lines)
            for number in lines:
                reason = (
                    f'the record_id "{record_id}" is on lines {listed}: each record may be in a '
                    "file once, so none of them was loaded"
                )
                result.rejections.append(Rejection(number, record_id, reason))
        duplicated = {record_id for record_id, lines in self._lines_of.items() if len(lines) > 1}
        result.warnings = [w for w in result.warnings if w.record_id not in duplicated]
        result.rejections.sort(key=lambda rejection: rejection.line)
        return result

    def _row(self, line: int, cells: Mapping[str, object]) -> RecordRow | None:
        record_id = _text(cells.get("record_id"))
        given, family = _text(cells.get("given_name")), _text(cells.get("family_name"))
        reason = _unusable(record_id, given, family)
        born_text = _text(cells.get("date_of_birth"))
        born: datetime.date | None = None
        if not reason and born_text:
            born = _date(born_text)
            if born is None:
                reason = f'the date of birth "{_shown(born_text)}" is not a date as YYYY-MM-DD'
        if reason:
            self.result.rejections.append(Rejection(line, _shown(record_id), reason))
            return None
        warn = _Warner(self.result.warnings, line, record_id)
        return RecordRow(
            line=line,
            record_id=record_id,
            given_name=given,
            family_name=family,
            date_of_birth=warn.check("date_of_birth", born, self._birth_problem(born)),
            sex=warn.value("sex", cells, _sex),
            address=warn.value("address", cells, _address),
            postcode=warn.value("postcode", cells, postcode_normalised),
            nhs_number=warn.value("nhs_number", cells, _nhs_number),
            upn=warn.value("upn", cells, _upn),
        )

    def _birth_problem(self, born: datetime.date | None) -> str:
        if born is None:
            return ""
        if born > self.today:
            return f"the date of birth {day_text(born)} is in the future"
        if born < self.oldest:
            return (
                f"the date of birth {day_text(born)} is more than {OLDEST_YEARS} years ago: "
                "not a child the partnership serves"
            )
        return ""


class _Warner:
    """Checks one row's optional fields, noting a warning for each bad one (kept blank)."""

    def __init__(self, warnings: list[DataWarning], line: int, record_id: str) -> None:
        self.warnings, self.line, self.record_id = warnings, line, record_id

    def check(self, name: str, value: datetime.date | None, problem: str) -> datetime.date | None:
        if problem:
            self.warnings.append(DataWarning(self.line, self.record_id, name, problem))
            return None
        return value

    def value(self, name: str, cells: Mapping[str, object], normalise: Callable[[str], str]) -> str:
        text = _text(cells.get(name))
        if not text:
            return ""
        try:
            return normalise(text)
        except ValueError as error:
            self.warnings.append(DataWarning(self.line, self.record_id, name, str(error)))
            return ""


def _unusable(record_id: str, given: str, family: str) -> str:
    if not record_id:
        return "it has no record_id"
    if len(record_id) > MAX_RECORD_ID:
        return f"the record_id is {len(record_id)} characters long: at most {MAX_RECORD_ID} fit"
    if not given and not family:
        return "it has no name: a given name or a family name is needed"
    for label, name in (("given name", given), ("family name", family)):
        if len(name) > MAX_NAME:
            return f"the {label} is {len(name)} characters long: at most {MAX_NAME} fit"
    return ""


def _text(value: object) -> str:
    """A cell as text: control characters gone, spaces collapsed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _date(text: str) -> datetime.date | None:
    if not _DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _sex(text: str) -> str:
    sex = SEX_WORDS.get(text.lower())
    if sex is None:
        raise ValueError(
            f'the sex "{_shown(text)}" is not one of F, M, X or U (or female, male, other, '
            "not known)"
        )
    return sex


def _address(text: str) -> str:
    if len(text) > MAX_ADDRESS:
        raise ValueError(f"the address is {len(text)} characters long: at most {MAX_ADDRESS} fit")
    return text


def postcode_normalised(text: str) -> str:
    """A UK postcode as "SO14 7LY", or ValueError saying it is not one."""
    match = _POSTCODE.match("".join(text.split()).upper())
    if match is None:
        raise ValueError(f'the postcode "{_shown(text)}" is not a UK postcode')
    outward, inward = match[1] or match[3], match[2] or match[4]
    return f"{outward} {inward}"


def _nhs_number(text: str) -> str:
    try:
        return str(nhs.validate(text))  # spaces and dashes removed
    except InvalidChecksum:
        reason = "its check digit is wrong"
    except ValidationError:
        reason = "it is not ten digits"
    raise ValueError(f'the NHS number "{_shown(text)}" is not valid: {reason}')


def _upn(text: str) -> str:
    try:
        return str(upn.validate(text))  # upper case, spaces removed
    except ValidationError:
        raise ValueError(
            f'the UPN "{_shown(text)}" is not valid: a UPN is 13 characters whose first is a '
            "check letter"
        ) from None


def rows_check(
    rows: Iterable[Mapping[str, object]], *, today: datetime.date, first_line: int = 2
) -> RowsChecked:
    """Checks every row (the first on `first_line`: 2 in a file, after its header)."""
    checker = RowChecker(today=today)
    for line, raw in enumerate(rows, start=first_line):
        checker.check(line, raw)
    return checker.finish()
