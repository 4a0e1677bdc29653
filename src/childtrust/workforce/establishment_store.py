"""Reading and writing the records an establishment file touches (services/
establishment_import.py decides when, and checks who): the file's agencies' posts, holdings and
agency cover and the caseloads of its as_at days, read as plain values in a few queries; and a
plan's changes written in batches.

Why the writes are plain SQL statements run for many rows at once (`executemany`), as the
budget's spend import writes (resources/services/spend.py): building a model instance for each
of 50,000 rows, and Django's preparation of each value, took most of a load's time, and
bulk_update's CASE over each batch is slower still. The values reach the database only as
parameters, adapted by the connection's own operations."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Model, QuerySet, Sum
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.workforce.establishment_csv import EstablishmentRow
from childtrust.workforce.establishment_plan import (
    FileRows,
    Held,
    HeldCover,
    HeldHolding,
    HeldPost,
    Plan,
    PostKey,
    post_values,
)
from childtrust.workforce.models import AgencyCover, Caseload, Holding, Post

#: Rows sent in one `executemany`.
BATCH = 2_000


def held_read(file_rows: FileRows) -> Held:
    """The records of the file's agencies (their posts, holdings and cover) and the caseloads
    on the file's as_at days, as plain values in a few queries. The rows are fetched as the
    database gives them and their few distinct dates and FTEs converted once each (Django's
    converters, run for each value, took most of the time)."""
    agency_ids = sorted(file_rows.agency_ids())
    held = Held()
    date, fte = _Converter(_to_date), _Converter(_to_fte)
    posts = Post.objects.filter(agency_id__in=agency_ids).order_by("pk")
    for (agency_id, reference, pk, title, grade, post_fte, team_id, locality_id, profession,
         social_worker, starts_on, ends_on) in _raw(posts.values_list(
            "agency_id", "reference", "pk", "job_title", "grade", "fte", "team_id",
            "locality_id", "profession", "social_worker", "starts_on", "ends_on")):  # fmt: skip
        held.posts[(agency_id, reference)] = HeldPost(
            pk, title, grade, fte(post_fte), team_id, locality_id, profession,
            bool(social_worker), date(starts_on), date(ends_on),
        )  # fmt: skip
    holdings = Holding.objects.filter(post__agency_id__in=agency_ids).order_by("pk")
    for post_id, pk, staff_id, holder_fte, starts_on, ends_on, joined, reason in _raw(
        holdings.values_list(
            "post_id", "pk", "staff_id", "fte", "starts_on", "ends_on", "joined_agency",
            "leaving_reason",
        )
    ):  # fmt: skip
        held.holdings.setdefault(post_id, []).append(
            HeldHolding(pk, staff_id, fte(holder_fte), date(starts_on), date(ends_on),
                        bool(joined), reason)
        )  # fmt: skip
    cover = AgencyCover.objects.filter(post__agency_id__in=agency_ids).order_by("pk")
    for post_id, pk, name, supplier, cover_fte, reason, starts_on, ends_on in _raw(
        cover.values_list(
            "post_id", "pk", "worker_name", "supplier", "fte", "reason", "starts_on", "ends_on"
        )
    ):
        held.cover.setdefault(post_id, []).append(
            HeldCover(pk, name, supplier, fte(cover_fte), reason, date(starts_on), date(ends_on))
        )
    days = sorted(file_rows.as_at_days())
    if days:
        counted = Caseload.objects.filter(counted_on__in=days)
        for pk, staff_id, day, cases in _raw(
            counted.values_list("pk", "staff_id", "counted_on", "cases")
        ):
            held.caseloads[(staff_id, date(day))] = (pk, cases)
    return held


def held_version(file_rows: FileRows) -> tuple[object, ...]:
    """Changes whenever any record `held_read` reads is added, changed or removed: how many
    there are, the highest id and the latest change of each kind (a change sets its
    modified_at to now; a caseload, which has none, adds up its cases). Cheap, so that a load
    reads the records again in its write transaction only when they changed meanwhile."""
    agency_ids = sorted(file_rows.agency_ids())
    version: list[object] = []
    for queryset in (
        Post.objects.filter(agency_id__in=agency_ids),
        Holding.objects.filter(post__agency_id__in=agency_ids),
        AgencyCover.objects.filter(post__agency_id__in=agency_ids),
    ):
        version += queryset.aggregate(n=Count("pk"), last=Max("pk"), at=Max("modified_at")).values()
    days = sorted(file_rows.as_at_days())
    counted = Caseload.objects.filter(counted_on__in=days)
    version += counted.aggregate(n=Count("pk"), last=Max("pk"), cases=Sum("cases")).values()
    return tuple(version)


def _raw(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The query's rows as the database driver gives them, without Django's converters."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH):
            yield from rows


class _Converter:
    """A conversion kept for each distinct value: a file's records share a few dates and FTEs."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert
        self.seen: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        try:
            return self.seen[value]
        except KeyError:
            converted = self.seen[value] = self.convert(value)
            return converted


def _to_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))  # SQLite gives text


def _to_fte(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))  # SQLite gives a number


# --- Writing -------------------------------------------------------------------------------------


def plan_write(plan: Plan, held: Held, *, actor: User) -> None:
    """Writes the plan: new posts first (their ids are needed by their new holders), then the
    changed ones, staff in posts, agency cover and caseloads. Only the fields a file may change
    are updated, with who changed them and when; a new record says who made it."""
    writer = _Writer(actor)
    post_ids = _posts_write(plan, held, writer)
    writer.insert(
        Holding,
        ["post", "staff", "fte", "starts_on", "ends_on", "joined_agency", "leaving_reason"],
        (
            (post_ids[key], _staff_id(row), _fte(row.fte), _day(_start(row)), _day(row.ends_on),
             row.joined_agency, row.leaving_reason)
            for key, row in plan.new_holdings
        ),
    )  # fmt: skip
    writer.update(
        Holding,
        ["fte", "ends_on", "joined_agency", "leaving_reason"],
        (
            (pk, _fte(row.fte), _day(row.ends_on), row.joined_agency, row.leaving_reason)
            for pk, row in plan.changed_holdings
        ),
    )
    writer.insert(
        AgencyCover,
        ["post", "worker_name", "supplier", "fte", "reason", "starts_on", "ends_on"],
        (
            (post_ids[key], row.worker_name, row.supplier, _fte(row.fte), row.cover_reason,
             _day(_start(row)), _day(row.ends_on))
            for key, row in plan.new_cover
        ),
    )  # fmt: skip
    writer.update(
        AgencyCover,
        ["worker_name", "supplier", "fte", "reason", "ends_on"],
        (
            (pk, row.worker_name, row.supplier, _fte(row.fte), row.cover_reason,
             _day(row.ends_on))
            for pk, row in plan.changed_cover
        ),
    )  # fmt: skip
    writer.insert(
        Caseload,
        ["staff", "counted_on", "cases"],
        ((staff_id, _day(day), cases) for staff_id, day, cases in plan.new_caseloads),
        tracked=False,
    )
    writer.update(
        Caseload, ["cases"], ((pk, cases) for pk, cases in plan.changed_caseloads), tracked=False
    )


_POST_FIELDS = ["job_title", "grade", "fte", "profession", "social_worker", "team", "locality"]


def _post_row(values: dict[str, object]) -> tuple[Any, ...]:
    return (
        values["job_title"],
        values["grade"],
        _fte(values["fte"]),  # type: ignore[arg-type]
        values["profession"],
        values["social_worker"],
        values["team_id"],
        values["locality_id"],
    )


def _posts_write(plan: Plan, held: Held, writer: _Writer) -> dict[PostKey, int]:
    """Creates and changes the posts; the id of every post, held or new, by its key."""
    writer.insert(
        Post,
        ["agency", "reference", *_POST_FIELDS, "starts_on"],
        (
            (key[0], key[1], *_post_row(post_values(fields, None)), _day(starts_on))
            for key, fields, starts_on in plan.new_posts
        ),
    )
    writer.update(
        Post,
        [*_POST_FIELDS, "starts_on"],
        (
            (existing.id, *_post_row(values), _day(values["starts_on"]))  # type: ignore[arg-type]
            for existing, values in (
                (existing, post_values(fields, existing))
                for _, fields, existing in plan.changed_posts
            )
        ),
    )
    ids = {key: post.id for key, post in held.posts.items()}
    if plan.new_posts:
        agency_ids = sorted({key[0] for key, _, _ in plan.new_posts})
        ids |= {
            (agency_id, reference): pk
            for agency_id, reference, pk in Post.objects.filter(
                agency_id__in=agency_ids
            ).values_list("agency_id", "reference", "pk")
        }
    return ids


class _Writer:
    """Plain INSERT and UPDATE statements for many rows, with who made or changed each and
    when (TrackedModel's fields), in batches."""

    def __init__(self, actor: User) -> None:
        self.actor_id = actor.pk
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    def insert(
        self,
        model: type[Model],
        fields: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        *,
        tracked: bool = True,
    ) -> None:
        columns = [_column(model, name) for name in fields]
        extra: tuple[Any, ...] = ()
        if tracked:
            columns += ["created_at", "modified_at", "created_by_id", "modified_by_id"]
            extra = (self.now, self.now, self.actor_id, self.actor_id)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        if connection.vendor == "postgresql":
            # PostgreSQL's COPY takes the rows as one stream: an INSERT of thousands of rows
            # spends longer having its placeholders parsed by the driver than being run.
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row + extra)
            return
        start = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 (names from the models)
        one = f"({', '.join(['%s'] * len(columns))})"
        # Many rows to a statement (a statement's round trip, not a row's, is what costs on
        # PostgreSQL), within the database's limit on parameters.
        limit = connection.features.max_query_params or 10 * BATCH * len(columns)
        per = max(1, min(BATCH, limit // len(columns)))
        batch: list[Any] = []
        count = 0
        with connection.cursor() as cursor:
            for row in rows:
                batch += row
                batch += extra
                count += 1
                if count == per:
                    cursor.execute(start + ", ".join([one] * count), batch)
                    batch, count = [], 0
            if count:
                cursor.execute(start + ", ".join([one] * count), batch)

    def update(
        self,
        model: type[Model],
        fields: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        *,
        tracked: bool = True,
    ) -> None:
        """`rows` are (id, value of each field)."""
        columns = [_column(model, name) for name in fields]
        extra: tuple[Any, ...] = ()
        if tracked:
            columns += ["modified_at", "modified_by_id"]
            extra = (self.now, self.actor_id)
        table = connection.ops.quote_name(model._meta.db_table)
        sets = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in columns)
        statement = f"UPDATE {table} SET {sets} WHERE id = %s"  # noqa: S608
        self._run(statement, ((*row[1:], *extra, row[0]) for row in rows))

    def _run(self, statement: str, values: Iterable[tuple[Any, ...]]) -> None:
        batch: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for row in values:
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(statement, batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)


def _column(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).column)  # type: ignore[union-attr]


def _day(day: datetime.date | None) -> object:
    return connection.ops.adapt_datefield_value(day)


def _fte(fte: Decimal | None) -> object:
    return connection.ops.adapt_decimalfield_value(fte, 4, 2)


def _start(row: EstablishmentRow) -> datetime.date:
    assert row.starts_on is not None  # a holder's row is read only with its start
    return row.starts_on


def _staff_id(row: EstablishmentRow) -> int:
    assert row.staff_id is not None  # an employee's row is read only with their record
    return row.staff_id
