"""The audit log as a CSV file: the filtered events in words, streamed a thousand at a time so
that a year of events never sits in memory, every cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from childtrust.audit.models import AuditEvent
from childtrust.audit.selectors import audit_actor_names
from childtrust.audit.sentences import EventSentence, audit_sentences
from childtrust.core.csv_files import spreadsheet_safe
from childtrust.core.dates import date_time_text

CHUNK = 1000
HEADER = [
    "Number",
    "When",
    "What happened",
    "What changed",
    "Other details",
    "Username",
    "Kind of record",
    "Record ID",
    "Why",
    "From address",
]


def _row(sentence: EventSentence) -> list[object]:
    event = sentence.event
    return [
        event.sequence,
        date_time_text(event.occurred_at),
        sentence.text(),
        sentence.changes_text(),
        sentence.facts_text(),
        event.actor_username,
        event.object_type,
        event.object_id,
        event.reason,
        event.ip_address or "",
    ]


def audit_csv_rows(events: QuerySet[AuditEvent]) -> Iterator[Sequence[object]]:
    yield HEADER
    stream = events.iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(stream, CHUNK)):
        names = audit_actor_names(event.actor_id for event in batch)
        for sentence in audit_sentences(batch, names):
            yield _row(sentence)


class _Line:
    """A file-like object that hands back what the csv module writes to it: one line."""

    def write(self, text: str) -> str:
        return text


def csv_stream(rows: Iterable[Iterable[object]], filename: str) -> StreamingHttpResponse:
    """A CSV attachment written as it is read, every text cell made spreadsheet-safe (as
    core.csv_files.csv_download does for a file held in memory)."""
    writer = csv.writer(_Line())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # the byte order mark: spreadsheets then read "£", "→" and accents right
        for row in rows:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
