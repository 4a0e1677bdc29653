"""What anonymous feedback and survey answers share so that no one can trace them: a daily count
in the audit log instead of an event at the moment, and rows that do not keep the order in
which they were written.

An audit event at the moment of an anonymous submission sits in the chain between the author's
own events, so the worker writes one event per day once the day is over ("4 anonymous items of
feedback received on 2 December 2026"). A day's count is written once: running again writes
nothing, and items that reached a day after it was counted (a form sent a moment before
midnight, saved after the worker ran) get one further event.

PostgreSQL keeps with every row the transaction that wrote it (`xmin`, a number that grows with
every write to any table) and its place in the table (`ctid`): both give the order of writing,
across tables, until the rows are written again. The worker therefore rewrites the day's
anonymous rows in one statement (so they share the worker's transaction) and then CLUSTERs the
table on its random key, which also drops the old row versions. SQLite keeps a table's rows in
the order of their integer key (the rowid), random for these rows, so it needs neither.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import F, Model, QuerySet

from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import AuditFilter, audit_events_matching
from childtrust.audit.services import audit_record

# Days further back than this are not looked at again: the worker runs every hour, so a day is
# missed only if it has not run for a month.
DAYS_LOOKED_BACK = 31


def days_to_count(today: date) -> tuple[date, date]:
    """The first and last day (both included) whose submissions the worker counts today: only
    days that are over."""
    return today - timedelta(days=DAYS_LOOKED_BACK), today - timedelta(days=1)


def day_count_record(
    *, object_type: str, object_id: str, received: int, describe: Callable[[int], str], day: date
) -> int:
    """Records in the audit log how many of the day's submissions are not counted yet (the
    caller holds their rows locked, so two workers cannot both count them), on no one's behalf.
    `describe(n)` says what n submissions are. Returns how many it recorded."""
    counted = sum(
        int(event.details.get("count", 0))
        for event in audit_events_matching(
            AuditFilter(action=AuditAction.CREATE, object_type=object_type, object_id=object_id)
        )
    )
    new = received - counted
    if new <= 0:
        return 0
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type=object_type,
        object_id=object_id,
        object_repr=describe(new),
        details={"received_on": day.isoformat(), "count": new},
    )
    return new


def rows_rewritten_out_of_order(rows: QuerySet[Any], *, field: str) -> None:
    """On PostgreSQL, gives `rows` the current transaction as the one that wrote them and puts
    every row of their table in key order (see the module's docstring). The CLUSTER locks the
    table for as long as it takes to rewrite it, once a day."""
    if connection.vendor != "postgresql":
        return
    rows.update(**{field: F(field)})
    model: type[Model] = rows.model
    table = model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        primary = next(name for name, about in constraints.items() if about["primary_key"])
        quote = connection.ops.quote_name
        # CLUSTER refuses a table with foreign-key checks still waiting for the commit (rows
        # written earlier in the same transaction): run them now, then defer again as Django's
        # constraints are by default.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CLUSTER {quote(table)} USING {quote(primary)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
