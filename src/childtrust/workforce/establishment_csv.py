"""Reading one row of an establishment file (its columns: establishment_columns.py) and
checking it on its own: each cell's text, value and meaning, and the holder's columns against
the holder type.

This module has no database: the service (services/establishment_import.py) gives it what the
partnership holds (`Lookups`) and checks what only the whole file and the database can say
(establishment_plan.py: the same row twice, a post held above its FTE)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.formats import date_format

from childtrust.workforce.establishment_columns import (
    EMPLOYEE,
    HOLDER_COLUMNS,
    KNOWN_COLUMNS,
    VACANT,
    column_key,
)
from childtrust.workforce.establishment_rules import end_date_error
from childtrust.workforce.establishment_values import (
    CONTROL,
    cases_parse,
    cover_reason_parse,
    date_parse,
    holder_fte_parse,
    holder_type_parse,
    leaving_reason_parse,
    post_fte_parse,
    profession_parse,
    shown,
    yes_no_parse,
)
from childtrust.workforce.models.establishment import (
    ONE_FTE,
    CoverReason,
)

_EMPLOYEE_ONLY = ("staff_email", "joined_agency", "leaving_reason", "cases_held")
_AGENCY_WORKER_ONLY = ("worker_name", "supplier", "cover_reason")

# The longest text each column may hold: the database's fields, and for the rest a length no
# good value comes near.
_MAX_LENGTHS = {
    "agency": 80,
    "post_id": 40,
    "job_title": 200,
    "grade": 40,
    "team": 120,
    "locality": 80,
    "staff_email": 254,
    "worker_name": 200,
    "supplier": 200,
}
_OTHER_MAX_LENGTH = 100
_LIMITS = {name: _MAX_LENGTHS.get(name, _OTHER_MAX_LENGTH) for name in KNOWN_COLUMNS}


# --- What the partnership holds, for reading a row ---------------------------------------------


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str


@dataclass(frozen=True)
class TeamRef:
    id: int
    agency_id: int | None
    name: str


@dataclass
class Lookups:
    """The partnership's records a row may name, by slug or email in lower case, and the one
    agency the person loading is limited to (None: every agency)."""

    agencies: dict[str, AgencyRef]
    teams: dict[str, TeamRef]
    localities: dict[str, int]
    staff: dict[str, tuple[int, int]]  # email: (staff id, agency id)
    today: datetime.date
    remit: AgencyRef | None = None
    agency_names: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.agency_names = {agency.id: agency.name for agency in self.agencies.values()}


# --- One row ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostFields:
    """What a row says of its post; `team_given` and `locality_given` are False when the file
    has no such column (the post's team or locality then stays as it is)."""

    job_title: str
    grade: str
    fte: Decimal
    team_id: int | None
    team_given: bool
    locality_id: int | None
    locality_given: bool
    profession: str
    social_worker: bool
    starts_on: datetime.date | None


@dataclass(slots=True)
class EstablishmentRow:
    """A row that reads well on its own."""

    line: int
    agency_id: int
    reference: str
    post: PostFields
    kind: str  # EMPLOYEE, AGENCY_WORKER or VACANT
    as_at: datetime.date
    staff_id: int | None = None
    fte: Decimal | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    joined_agency: bool = False
    leaving_reason: str = ""
    worker_name: str = ""
    supplier: str = ""
    cover_reason: str = CoverReason.VACANCY
    cases: int | None = None

    @property
    def post_key(self) -> tuple[int, str]:
        return (self.agency_id, self.reference)


Problem = tuple[str, str]  # (column, reason)


# Each column name's key, worked out once (a file's header names the same columns on every row).
_KEYS: dict[str, str] = {}
_KEYS_KEPT = 200


def _cell_text(value: object) -> str | None:
    """A cell as text: a CSV's is text already; the API's JSON may hold numbers, true or false
    (yes or no) and null (blank). A list or an object is no cell's value (None)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float | Decimal):
        return str(value)
    return None


def row_texts(raw: Mapping[Any, Any]) -> tuple[dict[str, str], set[str], list[Problem]]:
    """The row's cells by column (trimmed, inner spaces single), the columns it has, and what is
    wrong with any cell's text (too long, a control character) or with its columns (unknown, or
    more cells than the header names): such a cell's meaning is not checked, so that it is not
    reported twice. (Run for every row of a large file: kept to plain steps.)"""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    keys, limits = _KEYS, _LIMITS
    for key, value in raw.items():
        column = keys.get(key) if type(key) is str else None
        if column is None:
            column = _column_of(key, problems)
            if column is None:
                continue
        text = value if type(value) is str else _cell_text(value)
        if not text:
            if text is None:
                problems.append((column, "must be text, a number, true or false"))
            texts[column] = ""
            continue
        printable = text.isprintable()
        if len(text) > limits[column] or not printable:
            problem = _text_problem(column, text)
            if problem:
                problems.append((column, problem))
                texts[column] = ""
                continue
        if printable and "  " not in text:
            texts[column] = text.strip()
        else:
            texts[column] = " ".join(text.split())
    present = set(texts)
    for column, _ in problems:
        texts.pop(column, None)
    return texts, present, problems


def _column_of(key: object, problems: list[Problem]) -> str | None:
    """A key's column, or None with the problem (past the header's last column, or unknown)."""
    if key is None:
        problems.append(("", "the line has more cells than the first line names columns"))
        return None
    column = column_key(key)
    if column not in KNOWN_COLUMNS:
        problems.append((column, f'"{shown(column)}" is not a column this knows'))
        return None
    if isinstance(key, str) and len(_KEYS) < _KEYS_KEPT:
        _KEYS[key] = column
    return column


def _text_problem(column: str, text: str) -> str:
    if CONTROL.search(text):
        return f'"{shown(text.strip())}" has a control character (such as a line break)'
    limit = _MAX_LENGTHS.get(column, _OTHER_MAX_LENGTH)
    if len(text.strip()) > limit:
        return f"{len(text.strip()):,} characters: at most {limit} fit"
    return ""  # spaces alone made it long, or a character that is no control: it reads well


Value = TypeVar("Value")


class _RowReader:
    """Reads one row's cells, keeping each column's problem; a cell with a problem reads None."""

    def __init__(self, texts: dict[str, str], problems: list[Problem]) -> None:
        self.texts, self.problems = texts, problems
        self.bad = {column for column, _ in problems}

    def text(self, column: str) -> str:
        return self.texts.get(column, "")  # a cell with a problem is not among the texts

    def needed(self, column: str, reason: str) -> str:
        """The cell's text; a problem when it is blank (and not already refused)."""
        text = self.texts.get(column, "")
        if not text and column not in self.bad:
            self.problems.append((column, reason))
        return text

    def blank(self, column: str, reason: str) -> None:
        """A problem unless the cell is blank."""
        if self.texts.get(column):
            self.problems.append((column, reason))

    def parsed(
        self, column: str, parse: Callable[[str], Value], *, required: str = ""
    ) -> Value | None:
        """The cell read by `parse`, None when blank (a problem if `required` says why)."""
        text = self.texts.get(column)
        if not text:
            if required and column not in self.bad:
                self.problems.append((column, required))
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problems.append((column, str(error)))
            return None


def row_parse(
    line: int, raw: Mapping[Any, Any], lookups: Lookups
) -> tuple[EstablishmentRow | None, list[Problem]]:
    """The row read and checked on its own, or None with every problem by column."""
    texts, present, problems = row_texts(raw)
    read = _RowReader(texts, problems)
    agency = _agency_read(read, lookups)
    reference = read.needed("post_id", "enter the post's number in the HR system")
    job_title = read.needed("job_title", "enter the post's job title")
    post_fte = read.parsed("post_fte", post_fte_parse, required="enter the post's FTE")
    team_id = _team_read(read, lookups, agency)
    locality_id = _slug_read(read, "locality", lookups.localities)
    profession = read.parsed("profession", profession_parse, required="enter the profession")
    social_worker = read.parsed(
        "social_worker", yes_no_parse, required="enter yes or no: is it a social worker post?"
    )
    post_starts = read.parsed("post_start_date", date_parse)
    as_at = read.parsed("as_at", date_parse) or lookups.today
    holder = None
    if "holder_type" not in read.bad:
        kind = read.parsed("holder_type", holder_type_parse) or VACANT
        holder = _holder_read(read, lookups, agency, kind, as_at)
    if problems or agency is None or holder is None or post_fte is None:
        return None, problems
    holder.line, holder.agency_id, holder.reference = line, agency.id, reference
    holder.post = PostFields(
        job_title=job_title,
        grade=read.text("grade"),
        fte=post_fte,
        team_id=team_id,
        team_given="team" in present,
        locality_id=locality_id,
        locality_given="locality" in present,
        profession=profession or "",
        social_worker=bool(social_worker),
        starts_on=post_starts,
    )
    return holder, problems


def _agency_read(read: _RowReader, lookups: Lookups) -> AgencyRef | None:
    slug = read.needed("agency", "enter the agency's slug").lower()
    if not slug:
        return None
    agency = lookups.agencies.get(slug)
    if agency is None:
        read.problems.append(("agency", f'no agency has the slug "{shown(slug)}"'))
        return None
    if lookups.remit is not None and agency.id != lookups.remit.id:
        read.problems.append(
            (
                "agency",
                f"you may load only {lookups.remit.name}'s posts; this row is {agency.name}'s",
            )
        )
        return None
    return agency


def _slug_read(read: _RowReader, column: str, known: Mapping[str, int]) -> int | None:
    slug = read.text(column).lower()
    if not slug:
        return None
    if slug not in known:
        read.problems.append((column, f'no {column} has the slug "{shown(slug)}"'))
        return None
    return known[slug]


def _team_read(read: _RowReader, lookups: Lookups, agency: AgencyRef | None) -> int | None:
    slug = read.text("team").lower()
    if not slug:
        return None
    team = lookups.teams.get(slug)
    if team is None:
        read.problems.append(("team", f'no team has the slug "{shown(slug)}"'))
        return None
    if agency is not None and team.agency_id is not None and team.agency_id != agency.id:
        owner = lookups.agency_names.get(team.agency_id, "another agency")
        read.problems.append(("team", f"{team.name} is {owner}'s team, not {agency.name}'s"))
        return None
    return team.id


_NO_POST = PostFields("", "", ONE_FTE, None, False, None, False, "", False, None)


def _holder_read(
    read: _RowReader, lookups: Lookups, agency: AgencyRef | None, kind: str, as_at: datetime.date
) -> EstablishmentRow:
    """The holder's columns for the row's holder type; the caller fills in the post's."""
    row = EstablishmentRow(line=0, agency_id=0, reference="", post=_NO_POST, kind=kind, as_at=as_at)
    if kind == VACANT:
        for column in HOLDER_COLUMNS:
            read.blank(column, "must be blank for a post with no holder")
        return row
    if kind == EMPLOYEE:
        for column in _AGENCY_WORKER_ONLY:
            read.blank(column, "must be blank for an employee")
    else:
        for column in _EMPLOYEE_ONLY:
            read.blank(column, "must be blank for an agency worker")
    row.fte = read.parsed("holder_fte", holder_fte_parse, required="enter the holder's FTE")
    row.starts_on = read.parsed("start_date", date_parse, required="enter the start date")
    row.ends_on = read.parsed("end_date", date_parse)
    problem = end_date_error(row.starts_on, row.ends_on, what="end date")
    if problem:
        read.problems.append(("end_date", problem))
    if kind == EMPLOYEE:
        _employee_read(read, lookups, agency, row)
    else:
        row.worker_name = read.needed("worker_name", "enter the agency worker's name")
        row.supplier = read.needed("supplier", "enter the employment agency supplying them")
        row.cover_reason = read.parsed("cover_reason", cover_reason_parse) or CoverReason.VACANCY
    return row


def _employee_read(
    read: _RowReader, lookups: Lookups, agency: AgencyRef | None, row: EstablishmentRow
) -> None:
    email = read.needed("staff_email", "enter the employee's email").lower()
    staff = lookups.staff.get(email) if email else None
    if email and staff is None:
        read.problems.append(("staff_email", f'no staff record has the email "{shown(email)}"'))
    elif staff is not None and agency is not None and staff[1] != agency.id:
        employer = lookups.agency_names.get(staff[1], "another agency")
        read.problems.append(("staff_email", f"{email} works for {employer}, not {agency.name}"))
    elif staff is not None:
        row.staff_id = staff[0]
    row.joined_agency = bool(read.parsed("joined_agency", yes_no_parse))
    row.leaving_reason = read.parsed("leaving_reason", leaving_reason_parse) or ""
    if row.leaving_reason and row.ends_on is None and not read.text("end_date"):
        read.problems.append(("leaving_reason", "a leaving reason needs the end date"))
    row.cases = read.parsed("cases_held", cases_parse)
    if row.cases is not None and row.starts_on is not None:
        live = row.starts_on <= row.as_at and (row.ends_on is None or row.ends_on >= row.as_at)
        if not live:
            read.problems.append(
                (
                    "cases_held",
                    "cases are counted for people in the post on the as_at date "
                    f"({date_format(row.as_at, 'j F Y')}), and this holder is not in it then",
                )
            )
