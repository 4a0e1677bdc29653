"""The attack on anonymous feedback and survey answers (issue 11, part 1), played through the
real pages: a member of staff does something audited, sends something anonymously, does
something else audited, several times over. Then, from every table of the database (all of
them, whatever they hold) and the audit log, the attacker tries to place each anonymous
submission between the two actions around it: by any moment finer than a day, by a key's order,
by SQLite's rowid and, on PostgreSQL, by the order of writing the database itself keeps with each
row (xmin, ctid). Every attempt must fail.

The test knows which rows each step wrote (it compares the whole database before and after
each step); the attacker knows only the final database, and the test checks what they could
infer from it. The survey answers are also attacked through their participation records, which
name the person by design: joining a participation to a response by order must fail too.

On PostgreSQL the order of writing (xmin, ctid) is checked once the worker has counted the day
(voice.services.untraceable): until then it still orders the day's rows, as any database does
for rows it has just written.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.voice.models import (
    Feedback,
    QuestionKind,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from childtrust.voice.services.surveys import survey_create_from_template, survey_round_open
from childtrust.voice.tasks import anonymous_submissions_record_on
from tests.factories import UserFactory
from tests.voice.feedback_setup import feedback_partnership, staff_with_account

pytestmark = pytest.mark.django_db(transaction=True)

SUBMISSIONS = 7  # enough that random keys place them all in order by chance once in millions
# Tables whose rows name the person by design; they are attacked by joining them to the rest.
NAMES_THE_PERSON = {"voice_surveyparticipation"}


# --- The database, as the attacker (and the test) read it ---------------------------------------


@dataclass(frozen=True)
class Row:
    table: str
    values: tuple[Any, ...]  # every column, as the database gives it
    order: dict[str, Any] = field(hash=False, compare=False)  # rowid, xmin, ctid, id


def _system_columns() -> list[str]:
    if connection.vendor == "postgresql":
        return ["xmin::text::bigint", "ctid::text"]
    return ["rowid"]


def _tables() -> list[str]:
    tables = connection.introspection.table_names(include_views=False)
    return [*tables, "sqlite_sequence"] if connection.vendor == "sqlite" else tables


def _without_rowid() -> set[str]:
    """SQLite tables kept in their key's order with no rowid: the search's full-text index keeps
    two (its configuration and its term index), which hold no order of writing to read."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%WITHOUT ROWID%'")
        return {name for (name,) in cursor.fetchall()}


def _read_table(cursor: Any, table: str) -> list[Row]:
    # Every table Django makes has the system columns; a WITHOUT ROWID table has none.
    system = [] if table in _without_rowid() else _system_columns()
    quoted = connection.ops.quote_name(table)
    cursor.execute(f"SELECT {', '.join([*system, '*'])} FROM {quoted}")  # noqa: S608
    names = [column[0] for column in cursor.description][len(system) :]
    rows = []
    for found in cursor.fetchall():
        values = found[len(system) :]
        order = _order(system, found)
        columns = dict(zip(names, values, strict=True))
        if isinstance(columns.get("id"), int):
            order["id"] = columns["id"]
        rows.append(Row(table, tuple(values), order))
    return rows


def _order(system: list[str], found: tuple[Any, ...]) -> dict[str, Any]:
    if not system:
        return {}
    if connection.vendor == "postgresql":
        return {"xmin": found[0], "ctid": _ctid(found[1])}
    return {"rowid": found[0]}


def _ctid(text: str) -> tuple[int, int]:
    page, item = text.strip("()").split(",")
    return int(page), int(item)


def database() -> list[Row]:
    with connection.cursor() as cursor:
        return [row for table in _tables() for row in _read_table(cursor, table)]


def written(before: list[Row], after: list[Row]) -> list[Row]:
    """The rows in `after` that `before` did not have (new rows, and changed rows as they are
    now), compared by every column."""
    old = Counter((row.table, row.values) for row in before)
    new_rows = []
    for row in after:
        if old[(row.table, row.values)]:
            old[(row.table, row.values)] -= 1
        else:
            new_rows.append(row)
    return new_rows


def now_as_in(final: list[Row], rows: list[Row]) -> list[Row]:
    """The same rows as they are in the final database, those still there (their order keys
    may have moved; a row changed since, such as the audit chain's head, is gone)."""
    by_content: dict[tuple[str, tuple[Any, ...]], list[Row]] = {}
    for row in final:
        by_content.setdefault((row.table, row.values), []).append(row)
    return [
        by_content[(row.table, row.values)].pop()
        for row in rows
        if by_content.get((row.table, row.values))
    ]


# --- The scenario ---------------------------------------------------------------------------------


@dataclass
class Steps:
    """What each step wrote: named[i] is the audited action before submissions[i], and
    named[i + 1] the one after it."""

    named: list[list[Row]] = field(default_factory=list)
    submissions: list[list[Row]] = field(default_factory=list)
    started: datetime = field(default_factory=timezone.now)
    ended: datetime | None = None


def play(
    named: Callable[[int], None],
    anonymous: Callable[[int], None],
    client: Callable[[int], Client],
) -> Steps:
    """named(0), anonymous(0), named(1), ... named(SUBMISSIONS); `client(i)` sends anonymous(i)."""
    steps = Steps()
    snapshot = database()
    for i in range(SUBMISSIONS + 1):
        named(i)
        after = database()
        steps.named.append(written(snapshot, after))
        snapshot = after
        if i == SUBMISSIONS:
            break
        _session_seen_minutes_ago(client(i), 5)  # so that a request would date the session now
        snapshot = database()
        anonymous(i)
        after = database()
        steps.submissions.append(written(snapshot, after))
        snapshot = after
    steps.ended = timezone.now()
    return steps


def _session_seen_minutes_ago(client: Client, minutes: int) -> None:
    session = client.session
    session["last_seen"] = time.time() - minutes * 60
    session.save()


# --- The attacks ----------------------------------------------------------------------------------

MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}:?\d{2}|Z)?")
EPOCH = re.compile(r"\b1\d{9}(?:\.\d+)?\b")


def _texts(row: Row) -> Iterable[str]:
    for value in row.values:
        if isinstance(value, bytes | memoryview):
            value = bytes(value).decode(errors="replace")
        text = str(value)
        yield text
        if row.table == "django_session" and isinstance(value, str) and ":" in value:
            yield json.dumps(SessionStore().decode(value))  # signed, not encrypted: readable


def moments_in(row: Row) -> list[datetime]:
    """Every moment a row holds: its date and time values, times written in text or JSON (ISO
    or seconds since 1970), including inside a session's data."""
    moments = [value for value in row.values if isinstance(value, datetime)]
    for text in _texts(row):
        for day, clock, zone in MOMENT.findall(text):
            parsed = datetime.fromisoformat(
                f"{day}T{clock}{(zone or '+00:00').replace('Z', '+00:00')}"
            )
            moments.append(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
        moments += [datetime.fromtimestamp(float(n), UTC) for n in EPOCH.findall(text)]
    return [m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments]


def placed_by_time(steps: Steps, final: list[Row]) -> list[str]:
    """Each submission's rows that hold a moment during the attack (anything finer than the
    day: the start of today is before it began)."""
    assert steps.ended is not None
    start, end = steps.started - timedelta(seconds=1), steps.ended + timedelta(seconds=1)
    return [
        f"{row.table}: {moment.isoformat()}"
        for submission in steps.submissions
        # As written (an attacker may read the database at any moment) and as they are now.
        for row in [*submission, *now_as_in(final, submission)]
        for moment in moments_in(row)
        if start <= moment <= end
    ]


def _domains(row: Row) -> Iterable[tuple[str, Any]]:
    """The orders a row can be compared in: its table's (rowid, key, place) and, on PostgreSQL,
    the whole database's order of writing (xmin)."""
    for key, value in row.order.items():
        if value is None:
            continue
        yield ("database xmin" if key == "xmin" else f"{row.table} {key}"), value


def _values(rows: list[Row], domain: str) -> list[Any]:
    return [value for row in rows for d, value in _domains(row) if d == domain]


def placed_by_order(steps: Steps, final: list[Row], *, keys: set[str]) -> list[str]:
    """The orders in which every submission sits between the named actions around it: the
    attacker who sorts by such a key names the author of each. Only `keys` are tried."""
    named = [now_as_in(final, rows) for rows in steps.named]
    submitted = [
        [row for row in now_as_in(final, rows) if row.table not in NAMES_THE_PERSON]
        for rows in steps.submissions
    ]
    domains = {d for rows in submitted for row in rows for d, _ in _domains(row)}
    placed = []
    for domain in sorted(d for d in domains if d.rsplit(" ", 1)[-1] in keys):
        if all(
            _between(
                _values(named[i], domain), _values(rows, domain), _values(named[i + 1], domain)
            )
            for i, rows in enumerate(submitted)
        ):
            placed.append(domain)
    return placed


def _between(before: list[Any], values: list[Any], after: list[Any]) -> bool:
    return bool(before and values and after) and any(
        max(before) < value < min(after) for value in values
    )


def joined_by_order(steps: Steps, final: list[Row], *, keys: set[str]) -> list[str]:
    """The orders that match each participation (which names the person, in the order they
    answered) with the response written with it: sorting both gives every pair."""
    participations = [
        [row for row in now_as_in(final, rows) if row.table in NAMES_THE_PERSON]
        for rows in steps.submissions
    ]
    responses = [
        [row for row in now_as_in(final, rows) if row.table == "voice_surveyresponse"]
        for rows in steps.submissions
    ]
    joined = []
    domains = {d for rows in responses for row in rows for d, _ in _domains(row)}
    for domain in sorted(d for d in domains if d.rsplit(" ", 1)[-1] in keys):
        order = [_values(rows, domain)[0] for rows in responses]
        if _strictly_monotonic(order):
            joined.append(f"{domain} follows the order of answering")
        if domain == "database xmin":
            same = [
                _values(p, domain) == _values(r, domain)
                for p, r in zip(participations, responses, strict=True)
            ]
            if all(same):
                joined.append("a participation and its response share their xmin")
    return joined


def _strictly_monotonic(values: list[Any]) -> bool:
    pairs = list(pairwise(values))
    return all(a < b for a, b in pairs) or all(a > b for a, b in pairs)


def keys_to_try(*, worker_has_run: bool) -> set[str]:
    """Every order key; on PostgreSQL the order of writing only once the worker has counted
    the day (see the module's docstring)."""
    keys = {"rowid", "id"}
    if connection.vendor == "postgresql":
        keys |= {"xmin", "ctid"} if worker_has_run else set()
    return keys


def attack(steps: Steps, *, worker_has_run: bool) -> dict[str, list[str]]:
    final = database()
    keys = keys_to_try(worker_has_run=worker_has_run)
    return {
        "time": placed_by_time(steps, final),
        "order": placed_by_order(steps, final, keys=keys),
        "join": joined_by_order(steps, final, keys=keys),
    }


NOTHING_FOUND = {"time": [], "order": [], "join": []}


# --- Anonymous feedback ---------------------------------------------------------------------------


def _signed_in(user: User) -> Client:
    client = Client(REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="Firefox/140.0")
    client.force_login(user)
    return client


def _feedback(client: Client, i: int, name: str) -> None:
    data = {"kind": "suggestion", "subject": f"{name} {i}", "text": "A thought.", "agency": ""}
    # As a browser would: a redirect's page, fetched at once, would date the submission.
    response = client.post(reverse("voice:feedback_raise"), data | {"name": name}, follow=True)
    if name == "anonymous":
        assert response.redirect_chain == [], "an anonymous submission must not redirect"
        assert "Your anonymous feedback has been sent" in response.content.decode()
    else:
        assert response.redirect_chain


def test_anonymous_feedback_cannot_be_placed_among_its_authors_actions() -> None:
    town = feedback_partnership()
    client = _signed_in(town.user_of(town.health_visitor))

    steps = play(
        named=lambda i: _feedback(client, i, "named"),
        anonymous=lambda i: _feedback(client, i, "anonymous"),
        client=lambda _: client,
    )

    assert Feedback.objects.filter(anonymous=True).count() == SUBMISSIONS
    assert attack(steps, worker_has_run=False) == NOTHING_FOUND
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert anonymous_submissions_record_on(tomorrow) == SUBMISSIONS
    assert anonymous_submissions_record_on(tomorrow) == 0  # once
    assert attack(steps, worker_has_run=True) == NOTHING_FOUND
    (count,) = AuditEvent.objects.filter(object_id__startswith="anonymous:")
    assert count.object_repr.startswith(f"{SUBMISSIONS} anonymous items of feedback received on")


# --- Survey answers -------------------------------------------------------------------------------


def _open_round() -> tuple[int, int]:
    lead = UserFactory(username="survey-lead", role=Role.STRATEGIC_LEAD)
    survey = survey_create_from_template(
        actor=lead,
        template="staff_through_change",
        title="How are you finding the changes?",
        repeat_every_days=None,
        round_length_days=14,
    )
    return survey.pk, survey_round_open(actor=lead, survey=survey).number


def _answer(client: Client, survey_round: tuple[int, int], i: int) -> None:
    pk, number = survey_round
    answers = {
        f"question_{question.pk}": "4" if question.kind == QuestionKind.LIKERT else f"Answer {i}"
        for question in SurveyQuestion.objects.filter(survey_id=pk)
    }
    response = client.post(reverse("voice:survey_answer", args=[pk, number]), answers, follow=True)
    assert response.redirect_chain == [], "answers must not redirect: see _feedback"
    assert "your answers have been recorded" in response.content.decode(), (
        response.content.decode()[:2000]
    )


def test_survey_answers_cannot_be_placed_or_joined_to_who_answered() -> None:
    """Each of several colleagues in one team does something audited, answers the round, and
    the next does the same: which response is whose must not show."""
    town = feedback_partnership()
    survey_round = _open_round()
    clients = [
        _signed_in(
            town.user_of(
                staff_with_account(agency=town.health, manager=town.health_head, job_title="HV")
            )
        )
        for _ in range(SUBMISSIONS + 1)
    ]

    steps = play(
        named=lambda i: _feedback(clients[i], i, "named"),
        anonymous=lambda i: _answer(clients[i], survey_round, i),
        client=lambda i: clients[i],
    )

    assert SurveyResponse.objects.count() == SurveyParticipation.objects.count() == SUBMISSIONS
    assert attack(steps, worker_has_run=False) == NOTHING_FOUND
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert anonymous_submissions_record_on(tomorrow) == SUBMISSIONS
    assert anonymous_submissions_record_on(tomorrow) == 0  # once
    assert attack(steps, worker_has_run=True) == NOTHING_FOUND
    (count,) = AuditEvent.objects.filter(object_id__contains=":answers:")
    assert count.object_repr.startswith(f"{SUBMISSIONS} answers to How are you finding")


# --- The attacker's tools work --------------------------------------------------------------


def test_the_attack_places_named_feedback_by_time_and_order() -> None:
    """The same attack on named feedback (which may keep its moment and its audit event) does
    place it: the attack would find a leak if there were one."""
    town = feedback_partnership()
    client = _signed_in(town.user_of(town.health_visitor))

    steps = play(
        named=lambda i: _feedback(client, i, "named"),
        anonymous=lambda i: _feedback(client, i, "named"),
        client=lambda _: client,
    )

    found = attack(steps, worker_has_run=False)
    assert found["time"]
    assert "audit_auditevent id" in found["order"]
