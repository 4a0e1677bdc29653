"""Keeping the child index tidy as records are linked, merged and split: each child's reference
and the name, date of birth and postcode it shows (the best of its records')."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol, TypedDict

from django.db.models import Max

from childtrust.children.models import Child
from childtrust.children.search_keys import child_search_keys_refresh

REFERENCE_PREFIX = "CT-"


def child_references_next(count: int) -> list[str]:
    """`count` unused references after the highest held (CT-000001, CT-000002, ...); the caller
    holds the write, and the reference's unique constraint refuses a race."""
    highest = Child.objects.aggregate(top=Max("reference"))["top"] or f"{REFERENCE_PREFIX}0"
    start = int(highest.removeprefix(REFERENCE_PREFIX)) + 1
    return [f"{REFERENCE_PREFIX}{n:06d}" for n in range(start, start + count)]


def _most_common(values: Iterable[str]) -> str:
    """The value most records agree on (blanks left out, then ''); the latest record's on a
    tie."""
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else ""


def _most_common_date(values: Iterable[datetime.date | None]) -> datetime.date | None:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


class Shown(TypedDict):
    """What a child shows: the best of its records'."""

    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    postcode: str


class ShownRecord(Protocol):
    """What a child shows of a record: an AgencyRecord, or a row linkage read of one."""

    @property
    def given_name(self) -> str: ...
    @property
    def family_name(self) -> str: ...
    @property
    def date_of_birth(self) -> datetime.date | None: ...
    @property
    def postcode(self) -> str: ...


def child_summary_fields(records: Sequence[ShownRecord]) -> Shown:
    """What the child shows, from its records ordered oldest first: the value most agree on."""
    latest_first = list(reversed(records))
    return {
        "given_name": _most_common(r.given_name for r in latest_first),
        "family_name": _most_common(r.family_name for r in latest_first),
        "date_of_birth": _most_common_date(r.date_of_birth for r in latest_first),
        "postcode": _most_common(r.postcode for r in latest_first),
    }


def child_summary_refresh(children: Iterable[Child]) -> None:
    """Sets each child's shown name, date of birth and postcode from its records (after a link,
    a merge or a split); a child left with no record keeps what it showed. Their search keys
    follow (search_keys)."""
    children = list(children)
    for child in children:
        records = list(child.records.order_by("modified_at", "pk"))
        if not records:
            continue
        fields = child_summary_fields(records)
        changed = [name for name, value in fields.items() if getattr(child, name) != value]
        for name, value in fields.items():
            setattr(child, name, value)
        if changed:
            child.save(update_fields=[*changed, "modified_at"])
    child_search_keys_refresh(children)
