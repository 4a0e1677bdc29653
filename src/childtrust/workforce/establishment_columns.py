"""The establishment file an agency's HR system exports, and reading one row of it.

One row for each post holder, and one for each post with no holder: the post's own columns
(agency, post_id, job_title, grade, post_fte, team, locality, profession, social_worker,
post_start_date) are repeated on each of its rows, and must say the same on every one. The
holder's columns say who holds it:

- holder_type `employee`: a member of staff, named by staff_email (the email on their staff
  record), with holder_fte, start_date, and end_date, joined_agency and leaving_reason as
  they apply (a holding that ends with a leaving reason makes the person a leaver; one that
  began with joined_agency yes, a starter);
- holder_type `agency_worker`: an agency worker or locum, with worker_name, supplier (the
  employment agency), holder_fte, start_date, end_date if ended and cover_reason (vacancy, the
  default; absence; additional);
- holder_type blank (or `vacant`): the post alone; every holder column is blank.

cases_held (an employee's cases) is recorded as a caseload counted on the row's as_at date, or
on the day of the load when there is no as_at: the day the HR system's export describes.

The upload page, the command's help and the API's description all show `COLUMNS`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from childtrust.workforce.models.establishment import CoverReason, LeavingReason, Profession


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("agency", True, "The agency's slug, as in its address on childtrust.", "city-council"),
    Column("post_id", True, "The post's number in the agency's HR system.", "SW0042"),
    Column("job_title", True, "The post's job title.", "Social worker"),
    Column("grade", True, "The post's grade; may be blank.", "Grade 8"),
    Column("post_fte", True, "The funded FTE, from 0.01 to 1.00.", "1.00"),
    Column("team", False, "The team's slug; blank for none.", "north-children-in-need"),
    Column("locality", False, "The locality's slug; blank for none.", "north"),
    Column(
        "profession",
        True,
        "One of: " + ", ".join(f"{value} ({label})" for value, label in Profession.choices) + ".",
        "social_worker",
    ),
    Column(
        "social_worker",
        True,
        "yes for a social worker post registered with Social Work England, else no.",
        "yes",
    ),
    Column(
        "post_start_date",
        False,
        "The day the post was first funded. Blank: a new post starts on its first holder's "
        "start date (else the as_at date); a post already held keeps its own.",
        "2015-04-01",
    ),
    Column(
        "holder_type",
        True,
        "employee, agency_worker, or blank for a post with no holder.",
        "employee",
    ),
    Column(
        "staff_email",
        True,
        "An employee's email, as on their staff record at the same agency.",
        "sam.jones@city.example",
    ),
    Column("holder_fte", True, "The holder's FTE in this post, from 0.01 to 1.00.", "0.60"),
    Column("start_date", True, "The day the holder started in the post.", "2023-09-04"),
    Column("end_date", True, "The holder's last day in the post; blank if still there.", ""),
    Column(
        "joined_agency",
        True,
        "An employee: yes if they joined the agency with this post (a starter), else no.",
        "yes",
    ),
    Column(
        "leaving_reason",
        True,
        "An employee who left the agency from this post (needs end_date): one of "
        + ", ".join(LeavingReason.values)
        + ".",
        "",
    ),
    Column("worker_name", True, "An agency worker's name.", ""),
    Column("supplier", True, "The employment agency supplying an agency worker.", ""),
    Column(
        "cover_reason",
        True,
        "What an agency worker covers: " + ", ".join(CoverReason.values) + " (blank: vacancy).",
        "",
    ),
    Column(
        "cases_held",
        False,
        "An employee's cases, counted on the as_at date; blank for none recorded.",
        "17",
    ),
    Column(
        "as_at",
        False,
        "The day the export describes, for cases_held; blank: the day of the load.",
        "2025-09-30",
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
KNOWN_COLUMNS = frozenset(COLUMN_NAMES)

EMPLOYEE = "employee"
AGENCY_WORKER = "agency_worker"
VACANT = ""
# The holder's columns, which a row with no holder leaves blank.
HOLDER_COLUMNS = (
    "staff_email",
    "holder_fte",
    "start_date",
    "end_date",
    "joined_agency",
    "leaving_reason",
    "worker_name",
    "supplier",
    "cover_reason",
    "cases_held",
)


def column_key(name: object) -> str:
    """A column's name as the file is matched on it: trimmed, in lower case, spaces as _."""
    return "_".join(str(name).strip().lower().split())


def file_words(name: str) -> str:
    """A file as a sentence starts with it: "The file staff.csv", or a name such as "the CSV
    sent" (the API's) as it is."""
    return name[:1].upper() + name[1:] if name.startswith("the ") else f"The file {name}"


def columns_problem(file_name: str, columns: Iterable[object]) -> str | None:
    """Why a file with this header cannot be loaded, naming every column unknown, missing or
    named twice; None when the header is good."""
    keys = [column_key(column) for column in columns if column is not None and str(column).strip()]
    unknown = [key for key in dict.fromkeys(keys) if key not in KNOWN_COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in keys]
    twice = [key for key in dict.fromkeys(keys) if keys.count(key) > 1]
    reasons = []
    if unknown:
        reasons.append(f"it has columns this does not know: {', '.join(unknown)}")
    if missing:
        reasons.append(f"it has no column called {', '.join(missing)}")
    if twice:
        reasons.append(f"it names {', '.join(twice)} more than once")
    if not reasons:
        return None
    return (
        f"{file_words(file_name)} cannot be loaded: {'; '.join(reasons)}. Nothing was loaded. The "
        f"first line must name the columns {', '.join(REQUIRED_COLUMNS)}, and may name "
        f"{', '.join(name for name in COLUMN_NAMES if name not in REQUIRED_COLUMNS)}"
    )
