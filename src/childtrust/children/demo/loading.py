"""What the children's demo parts share: the day, the seed, the agencies holding records, and a
bulk insert that counts what it made."""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from childtrust.partnership.selectors.registry import agencies_by_name

SEED = 16
CHILDREN = 3000
#: The demo agencies that send records (slugs); CAMHS appears only as an involvement.
RECORD_AGENCIES = (
    "community-health",
    "education-partnership",
    "childrens-services",
    "police-ppu",
    "youth-trust",
)

ModelT = TypeVar("ModelT", bound=models.Model)


class ChildrenDemoRefusedError(Exception):
    """The children's tables already hold records, or the partnership lacks what they need."""


class ChildrenDemo:
    def __init__(self, *, today: datetime.date | None, seed: int) -> None:
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = {}
        self.agencies = {agency.slug: agency for agency in agencies_by_name()}
        missing = [slug for slug in RECORD_AGENCIES if slug not in self.agencies]
        if missing:
            raise ChildrenDemoRefusedError(
                f"The demo partnership has no agency {', '.join(missing)}: load it first."
            )

    def insert(self, model: type[ModelT], objects: list[ModelT]) -> list[ModelT]:
        made = model._default_manager.bulk_create(objects, batch_size=1000)
        self.created[model] = self.created.get(model, 0) + len(made)
        return made

    def insert_quickly(self, model: type[ModelT], objects: list[ModelT]) -> None:
        """As insert, for thousands of rows, without their keys coming back: one prepared
        statement run for every row (executemany), values as the database adapts them, which
        takes a third of bulk_create's time. Only for models whose fields are text, numbers,
        dates, times and foreign keys (no JSON)."""
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        for obj in objects:
            for f in fields:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    setattr(obj, f.attname, self.now)
        adapt = [_adapter(f) for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (our own names)
        rows: list[list[Any]] = [
            [convert(getattr(obj, f.attname)) for f, convert in zip(fields, adapt, strict=True)]
            for obj in objects
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])
        self.created[model] = self.created.get(model, 0) + len(objects)


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The database's form of a field's value; dates and times adapted once each (they repeat:
    every row's created_at is the load's `now`)."""
    if isinstance(field, models.DateTimeField):
        return functools.cache(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return functools.cache(connection.ops.adapt_datefield_value)
    return lambda value: value
