"""What an establishment file would change, and what only the whole file and the database can
say is wrong with it: the same holder twice, a post described two ways, a person's cases given
two ways, a post held above its FTE by the file's holders and those already recorded, one person
above 1.00 FTE in one post, a holder in a post after it ended.

Pure functions over the rows read (establishment_csv) and the records held (`Held`, read by the
service as plain values), so that the service can plan once before its write transaction and
again inside it should the records have changed meanwhile.

How rows are matched, so that loading the same file twice changes nothing:
- a post by its agency and post_id: an existing post's details are updated (its job
  description is never touched), a new one created;
- an employee's holding by post, person and start date;
- an agency worker's cover by post, worker's name (in any case) and start date;
- a caseload by person and day.
Holders and cover the file does not mention stay as they are: to end one, give its end date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.formats import date_format

from childtrust.workforce.establishment_columns import AGENCY_WORKER, EMPLOYEE
from childtrust.workforce.establishment_csv import EstablishmentRow, PostFields
from childtrust.workforce.establishment_rules import Spell, fte_text, over_held_error, peak_fte
from childtrust.workforce.models.establishment import ONE_FTE

#: Told of a problem: its line, its column and the reason.
AddProblem = Callable[[int, str, str], None]

PostKey = tuple[int, str]  # (agency id, post_id)

# The file's column for each of a post's fields, to name the one that differs.
_POST_COLUMNS = {
    "job_title": "job_title",
    "grade": "grade",
    "fte": "post_fte",
    "team_id": "team",
    "team_given": "team",
    "locality_id": "locality",
    "locality_given": "locality",
    "profession": "profession",
    "social_worker": "social_worker",
    "starts_on": "post_start_date",
}


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


# --- The records held --------------------------------------------------------------------------


class HeldPost(NamedTuple):
    id: int
    job_title: str
    grade: str
    fte: Decimal
    team_id: int | None
    locality_id: int | None
    profession: str
    social_worker: bool
    starts_on: datetime.date
    ends_on: datetime.date | None


class HeldHolding(NamedTuple):
    id: int
    staff_id: int
    fte: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None
    joined_agency: bool
    leaving_reason: str


class HeldCover(NamedTuple):
    id: int
    worker_name: str
    supplier: str
    fte: Decimal
    reason: str
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass
class Held:
    """The records of the file's agencies, as plain values: equal when nothing changed."""

    posts: dict[PostKey, HeldPost] = field(default_factory=dict)
    holdings: dict[int, list[HeldHolding]] = field(default_factory=dict)  # by post id
    cover: dict[int, list[HeldCover]] = field(default_factory=dict)  # by post id
    caseloads: dict[tuple[int, datetime.date], tuple[int, int]] = field(default_factory=dict)


# --- The file, read whole ------------------------------------------------------------------------


@dataclass
class FilePost:
    line: int  # its first row's
    fields: PostFields
    rows: list[EstablishmentRow] = field(default_factory=list)


class FileRows:
    """The good rows of a file, by post, refusing what only a second row can show is wrong."""

    def __init__(self, add_problem: AddProblem) -> None:
        self.add_problem = add_problem
        self.posts: dict[PostKey, FilePost] = {}
        self.seen: dict[tuple[object, ...], int] = {}
        self.caseloads: dict[tuple[int, datetime.date], tuple[int, int]] = {}  # (cases, line)

    def keep(self, row: EstablishmentRow) -> None:
        post = self.posts.get(row.post_key)
        if post is not None and post.fields != row.post:
            differ = [
                name
                for name in dict.fromkeys(
                    column
                    for attribute, column in _POST_COLUMNS.items()
                    if getattr(post.fields, attribute) != getattr(row.post, attribute)
                )
            ]
            self.add_problem(
                row.line,
                differ[0],
                f"post {row.reference} is described differently on line {post.line} "
                f"({', '.join(differ)}): every row of a post must say the same of it",
            )
            return
        key = _row_key(row)
        earlier = self.seen.get(key)
        if earlier is not None:
            self.add_problem(row.line, "", f"this row is the same as line {earlier}: {_what(row)}")
            return
        if not self._cases_agree(row):
            return
        self.seen[key] = row.line
        if post is None:
            post = self.posts[row.post_key] = FilePost(line=row.line, fields=row.post)
        post.rows.append(row)

    def _cases_agree(self, row: EstablishmentRow) -> bool:
        if row.cases is None or row.staff_id is None:
            return True
        key = (row.staff_id, row.as_at)
        earlier = self.caseloads.get(key)
        if earlier is not None and earlier[0] != row.cases:
            self.add_problem(
                row.line,
                "cases_held",
                f"line {earlier[1]} gives this person {earlier[0]} cases on {_day(row.as_at)}, "
                f"this line {row.cases}: a person's cases on a day must be the same on every row",
            )
            return False
        self.caseloads.setdefault(key, (row.cases, row.line))
        return True

    def agency_ids(self) -> set[int]:
        return {agency_id for agency_id, _ in self.posts}

    def as_at_days(self) -> set[datetime.date]:
        return {day for _, day in self.caseloads}


def _row_key(row: EstablishmentRow) -> tuple[object, ...]:
    if row.kind == EMPLOYEE:
        return (row.post_key, EMPLOYEE, row.staff_id, row.starts_on)
    if row.kind == AGENCY_WORKER:
        return (row.post_key, AGENCY_WORKER, row.worker_name.lower(), row.starts_on)
    return (row.post_key, "vacant")


def _what(row: EstablishmentRow) -> str:
    start = _day(row.starts_on) if row.starts_on else ""
    if row.kind == EMPLOYEE:
        return f"the same person in post {row.reference} from {start}"
    if row.kind == AGENCY_WORKER:
        return f"{row.worker_name} covering post {row.reference} from {start}"
    return f"post {row.reference} with no holder, given twice"


# --- The plan ----------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def words(self) -> str:
        return f"{self.created:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged"


@dataclass
class Plan:
    """What to write: new records (with their post's key where the post may be new) and the
    ids of changed ones with their new values."""

    new_posts: list[tuple[PostKey, PostFields, datetime.date]] = field(default_factory=list)
    changed_posts: list[tuple[int, PostFields, HeldPost]] = field(default_factory=list)
    new_holdings: list[tuple[PostKey, EstablishmentRow]] = field(default_factory=list)
    changed_holdings: list[tuple[int, EstablishmentRow]] = field(default_factory=list)
    new_cover: list[tuple[PostKey, EstablishmentRow]] = field(default_factory=list)
    changed_cover: list[tuple[int, EstablishmentRow]] = field(default_factory=list)
    new_caseloads: list[tuple[int, datetime.date, int]] = field(default_factory=list)
    changed_caseloads: list[tuple[int, int]] = field(default_factory=list)  # (id, cases)
    posts: Counts = field(default_factory=Counts)
    holdings: Counts = field(default_factory=Counts)
    cover: Counts = field(default_factory=Counts)
    caseloads: Counts = field(default_factory=Counts)


def plan_make(rows: FileRows, held: Held, add_problem: AddProblem) -> Plan:
    """The file's changes to the records held, adding a problem for each line the records make
    wrong (check `add_problem`'s report before writing)."""
    plan = Plan()
    for key, post in rows.posts.items():
        existing = held.posts.get(key)
        if existing is None:
            plan.new_posts.append((key, post.fields, _new_post_start(post)))
            plan.posts.created += 1
            holdings, cover = [], []
        else:
            if _post_differs(post.fields, existing):
                plan.changed_posts.append((existing.id, post.fields, existing))
                plan.posts.changed += 1
            else:
                plan.posts.unchanged += 1
            holdings = held.holdings.get(existing.id, [])
            cover = held.cover.get(existing.id, [])
            if existing.ends_on is not None:
                _after_the_end(post, existing.ends_on, add_problem)
                if post.fields.starts_on is not None and post.fields.starts_on > existing.ends_on:
                    add_problem(
                        post.line,
                        "post_start_date",
                        f"post {post.rows[0].reference} ended on {_day(existing.ends_on)}: its "
                        "first day cannot be after that",
                    )
        _holdings_plan(key, post, holdings, plan, add_problem)
        _cover_plan(key, post, cover, plan)
    for (staff_id, day), (cases, _line) in rows.caseloads.items():
        counted = held.caseloads.get((staff_id, day))
        if counted is None:
            plan.new_caseloads.append((staff_id, day, cases))
            plan.caseloads.created += 1
        elif counted[1] != cases:
            plan.changed_caseloads.append((counted[0], cases))
            plan.caseloads.changed += 1
        else:
            plan.caseloads.unchanged += 1
    return plan


def _new_post_start(post: FilePost) -> datetime.date:
    """A new post's first day: the file's post_start_date, else its first holder's start, else
    the as_at date of its first row."""
    if post.fields.starts_on is not None:
        return post.fields.starts_on
    starts = [row.starts_on for row in post.rows if row.starts_on is not None]
    return min(starts) if starts else post.rows[0].as_at


def post_values(fields: PostFields, existing: HeldPost | None) -> dict[str, object]:
    """The post's fields as they are to be written: a team, locality or first day the file
    does not give stays as held."""
    values: dict[str, object] = {
        "job_title": fields.job_title,
        "grade": fields.grade,
        "fte": fields.fte,
        "profession": fields.profession,
        "social_worker": fields.social_worker,
        "team_id": fields.team_id,
        "locality_id": fields.locality_id,
        "starts_on": fields.starts_on,
    }
    if existing is not None:
        if not fields.team_given:
            values["team_id"] = existing.team_id
        if not fields.locality_given:
            values["locality_id"] = existing.locality_id
        if fields.starts_on is None:
            values["starts_on"] = existing.starts_on
    return values


def _post_differs(fields: PostFields, existing: HeldPost) -> bool:
    values = post_values(fields, existing)
    return any(getattr(existing, name) != value for name, value in values.items())


def _after_the_end(post: FilePost, ended: datetime.date, add_problem: AddProblem) -> None:
    for row in post.rows:
        if row.starts_on is None:
            continue
        if row.ends_on is None or row.ends_on > ended:
            column = "start_date" if row.starts_on > ended else "end_date"
            add_problem(
                row.line,
                column,
                f"post {row.reference} ended on {_day(ended)}: a holder's time in it must end "
                "by then",
            )


def _holdings_plan(
    key: PostKey,
    post: FilePost,
    held: list[HeldHolding],
    plan: Plan,
    add_problem: AddProblem,
) -> None:
    by_key = {(holding.staff_id, holding.starts_on): holding for holding in held}
    matched: set[int] = set()
    spells: list[tuple[int, Spell, int | None]] = []  # (staff id, spell, line or None if held)
    for row in post.rows:
        if row.kind != EMPLOYEE or row.staff_id is None or row.starts_on is None:
            continue
        assert row.fte is not None  # a read employee row has its FTE
        spells.append((row.staff_id, Spell(row.fte, row.starts_on, row.ends_on), row.line))
        holding = by_key.get((row.staff_id, row.starts_on))
        if holding is None:
            plan.new_holdings.append((key, row))
            plan.holdings.created += 1
            continue
        matched.add(holding.id)
        wanted = (row.fte, row.ends_on, row.joined_agency, row.leaving_reason)
        if wanted != (holding.fte, holding.ends_on, holding.joined_agency, holding.leaving_reason):
            plan.changed_holdings.append((holding.id, row))
            plan.holdings.changed += 1
        else:
            plan.holdings.unchanged += 1
    spells += [
        (h.staff_id, Spell(h.fte, h.starts_on, h.ends_on), None)
        for h in held
        if h.id not in matched
    ]
    _over_held_check(post, spells, add_problem)


def _over_held_check(
    post: FilePost, spells: list[tuple[int, Spell, int | None]], add_problem: AddProblem
) -> None:
    """The post's holders, in the file and recorded, never hold more than its FTE together, and
    no one holds more than 1.00 FTE of it at once."""
    lines = [line for _, _, line in spells if line is not None]
    reference = post.rows[0].reference
    error = over_held_error(post.fields.fte, [spell for _, spell, _ in spells])
    if error:
        recorded = len(spells) - len(lines)
        also = f", and {recorded:,} already recorded" if recorded else ""
        if len(lines) > 1:
            where = f"the file's holders on lines {_lines(lines)}{also}"
        elif lines:
            where = f"the file's holder on line {lines[0]}{also}"
        else:
            where = "holders already recorded"
        add_problem(
            lines[0] if lines else post.line,
            "holder_fte" if lines else "post_fte",
            f"post {reference}: {error} ({where})",
        )
    by_person: dict[int, list[tuple[Spell, int | None]]] = defaultdict(list)
    for staff_id, spell, line in spells:
        by_person[staff_id].append((spell, line))
    for person_spells in by_person.values():
        if len(person_spells) < 2:
            continue
        peak, day = peak_fte(spell for spell, _ in person_spells)
        person_lines = [line for _, line in person_spells if line is not None]
        if peak > ONE_FTE and day is not None and person_lines:
            add_problem(
                person_lines[0],
                "holder_fte",
                f"this person would hold {fte_text(peak)} of post {reference} from {_day(day)} "
                f"(lines {_lines(person_lines)}, with any already recorded): one person's FTE "
                "in one post cannot be more than 1.00",
            )


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:10])
    return shown + (f" and {len(lines) - 10:,} more" if len(lines) > 10 else "")


def _cover_plan(key: PostKey, post: FilePost, held: list[HeldCover], plan: Plan) -> None:
    by_key = {(cover.worker_name.lower(), cover.starts_on): cover for cover in held}
    for row in post.rows:
        if row.kind != AGENCY_WORKER:
            continue
        cover = by_key.get((row.worker_name.lower(), row.starts_on))  # type: ignore[arg-type]
        if cover is None:
            plan.new_cover.append((key, row))
            plan.cover.created += 1
            continue
        wanted = (row.worker_name, row.supplier, row.fte, row.cover_reason, row.ends_on)
        if wanted != (cover.worker_name, cover.supplier, cover.fte, cover.reason, cover.ends_on):
            plan.changed_cover.append((cover.id, row))
            plan.cover.changed += 1
        else:
            plan.cover.unchanged += 1
