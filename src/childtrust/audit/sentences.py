"""The audit log in words: each event as a sentence of who did what to which named record
("Sam Patel changed the service Family Hub North"), what changed as "name: Old → New" with the
fields' own names, and anything else the event kept as "label: value", dates and sums of money
written as every page writes them. The events are read as they were written; nothing here
changes them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.objects import AuditObject, audit_kind, audit_objects_named
from childtrust.core.dates import date_time_text, day_text, month_text
from childtrust.core.money import pounds

ARROW = "→"
LIST_SHOWN = 10  # a list's values shown before "and 5 more"


@dataclass(frozen=True)
class Change:
    """One field changed: before and after as text, or None for both when the log kept only
    that it changed (a person's details are kept out of the log)."""

    label: str
    before: str | None = None
    after: str | None = None

    @property
    def kept(self) -> bool:
        return self.before is not None

    def text(self) -> str:
        if not self.kept:
            return f"{self.label} changed"
        return f"{self.label}: {self.before} {ARROW} {self.after}"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str

    def text(self) -> str:
        return f"{self.label}: {self.value}"


@dataclass(frozen=True)
class EventSentence:
    event: AuditEvent
    who: str
    did: str  # "changed the service", "signed in"
    record: AuditObject | None  # the record named after `did`, linked when it has a page
    changes: tuple[Change, ...]
    facts: tuple[Fact, ...]

    def text(self) -> str:
        """The sentence alone: "Sam Patel changed the service Family Hub North"."""
        words = f"{self.who} {self.did}"
        return f"{words} {self.record.name}" if self.record else words

    def changes_text(self) -> str:
        return "; ".join(change.text() for change in self.changes)

    def facts_text(self) -> str:
        return "; ".join(fact.text() for fact in self.facts)


# --- Who and what ------------------------------------------------------------------------------

# Events made on no one's behalf: by the worker, a command or the demo's loader.
NO_ONE = "The service"
# Failed sign-ins, before anyone is known.
SOMEONE = "Someone"

_VERBS = {
    AuditAction.CREATE: "created",
    AuditAction.UPDATE: "changed",
    AuditAction.DELETE: "deleted",
    AuditAction.VIEW: "viewed",
    AuditAction.SEARCH: "searched",
    AuditAction.EXPORT: "downloaded",
}

# What the sign-in events say, after who: they name no other record.
_ACCOUNT_EVENTS = {
    AuditAction.SIGN_IN: "signed in",
    AuditAction.SIGN_OUT: "signed out",
    AuditAction.TWO_FACTOR_SET_UP: "set up two-factor sign-in",
    AuditAction.TWO_FACTOR_FAILED: "entered a two-factor code that was refused",
    AuditAction.API_TOKEN_CREATED: "created an API token",
    AuditAction.AUDIT_KEYED: "keyed the audit log",
}

# Kinds whose plural reads badly from the model's own name.
_PLURALS = {"audit.auditevent": "the audit log"}


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_name(object_type: str, *, plural: bool = False) -> str:
    """ "service", or "services": the model's own name for its records."""
    if plural and object_type in _PLURALS:
        return _PLURALS[object_type]
    model = _model(object_type)
    if model is None:
        return object_type.rpartition(".")[2].replace("_", " ")
    return str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)


def _did(event: AuditEvent, record: AuditObject | None) -> str:
    action = event.action
    if action in _ACCOUNT_EVENTS:
        return _ACCOUNT_EVENTS[AuditAction(action)]
    if action == AuditAction.SIGN_IN_FAILED:
        return "failed to sign in as"
    if action == AuditAction.SIGN_IN_LOCKED_OUT:
        return "was refused sign-in (locked out) as"
    if action == AuditAction.SIGN_IN_FAILURES_COUNTED:
        return "counted"
    verb = _VERBS.get(AuditAction(action), event.get_action_display().lower())
    if not event.object_type:
        return verb
    if event.object_id and record is not None:
        return f"{verb} the {kind_name(event.object_type)}"
    if record is not None:  # many records at once, named by the event: "created 42 services"
        return verb
    return f"{verb} {kind_name(event.object_type, plural=True)}"


def _record(event: AuditEvent, found: Mapping[tuple[str, str], AuditObject]) -> AuditObject | None:
    """The record named after the verb: as it is now, linked, when it still exists; otherwise
    by the name the event kept."""
    if event.action in _ACCOUNT_EVENTS:
        return None
    live = found.get((event.object_type, event.object_id))
    if live is not None:
        return live
    if event.object_repr:
        return AuditObject(event.object_repr)
    return AuditObject(event.object_id) if event.object_id else None


# --- Values --------------------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Numbers that are names rather than amounts: no thousands separator in a year or a version.
_NOT_AMOUNTS = re.compile(r"year|version|number|sequence|reference|code|_id$|^id$")


@dataclass(frozen=True)
class _Fields:
    """The fields of an event's kind of record, for their names, choices and which hold money."""

    model: type[models.Model] | None
    money: frozenset[str]

    def field(self, name: str) -> Any:
        if self.model is None:
            return None
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def label(self, name: str) -> str:
        field = self.field(name)
        verbose = getattr(field, "verbose_name", None)
        if verbose:
            return str(verbose)
        return name.replace("_", " ").strip()

    def value(self, name: str, value: Any) -> str:
        field = self.field(name)
        choices = dict(getattr(field, "flatchoices", None) or [])
        if isinstance(value, str | int) and value in choices:
            return str(choices[value])
        return _text(value, money=name in self.money, amount=not _NOT_AMOUNTS.search(name))


def _text(value: Any, *, money: bool = False, amount: bool = True) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return _mapping_text(value)
    if isinstance(value, list | tuple):
        return _list_text(value)
    if isinstance(value, int | float | Decimal):
        return _number_text(Decimal(str(value)), money=money, amount=amount)
    return _string_text(str(value), money=money, amount=amount)


def _mapping_text(value: Mapping[str, Any]) -> str:
    if "name" in value:  # a linked record, as audit.changes keeps one
        return str(value["name"])
    return ", ".join(f"{key.replace('_', ' ')} {_text(item)}" for key, item in value.items())


def _list_text(values: Iterable[Any]) -> str:
    items = [_text(item) for item in values]
    shown = ", ".join(items[:LIST_SHOWN])
    more = len(items) - LIST_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _number_text(number: Decimal, *, money: bool, amount: bool) -> str:
    if money:
        return pounds(number, pence=number != number.to_integral_value())
    return f"{number:,}" if amount else str(number)


def _string_text(text: str, *, money: bool, amount: bool) -> str:
    try:
        if _MOMENT.fullmatch(text):
            return date_time_text(datetime.datetime.fromisoformat(text))
        if _DATE.fullmatch(text):
            return day_text(datetime.date.fromisoformat(text))
        if _MONTH.fullmatch(text):
            return month_text(datetime.date.fromisoformat(f"{text}-01"))
        if _NUMBER.fullmatch(text):
            return _number_text(Decimal(text), money=money, amount=amount)
    except (ValueError, InvalidOperation):
        pass
    return text


# --- What changed --------------------------------------------------------------------------------


def _before_and_after(details: Mapping[str, Any]) -> tuple[Any, Any] | None:
    """The two halves of an update's record of its fields: audit.changes' "from" and "to", or
    "before" and "after"."""
    for before, after in (("from", "to"), ("before", "after")):
        if isinstance(details.get(before), Mapping) and isinstance(details.get(after), Mapping):
            return details[before], details[after]
    return None


def _field_changes(details: Mapping[str, Any], fields: _Fields) -> list[Change]:
    halves = _before_and_after(details)
    before, after = halves if halves is not None else ({}, {})
    names = list(details.get("changed") or []) if isinstance(details.get("changed"), list) else []
    names += [name for name in [*before, *after] if name not in names]
    changes = []
    for name in names:
        if name in before or name in after:
            changes.append(
                Change(
                    fields.label(name),
                    fields.value(name, before.get(name)),
                    fields.value(name, after.get(name)),
                )
            )
        else:
            changes.append(Change(fields.label(name)))
    return changes


def _is_from_to(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"from", "to"}


def describe(details: Mapping[str, Any], fields: _Fields) -> tuple[list[Change], list[Fact]]:
    """An event's details as changes ("status: running → optimal") and facts ("rows: 40")."""
    changes = _field_changes(details, fields)
    facts = []
    used = {"changed", "from", "to", "before", "after"}
    if _before_and_after(details) is None and {"from", "to"} <= set(details):
        changes.append(Change("value", _text(details["from"]), _text(details["to"])))
    for key, value in details.items():
        if key in used:
            continue
        if _is_from_to(value):
            changes.append(
                Change(
                    fields.label(key),
                    fields.value(key, value["from"]),
                    fields.value(key, value["to"]),
                )
            )
        else:
            facts.append(Fact(fields.label(key), fields.value(key, value)))
    return changes, facts


# --- Events --------------------------------------------------------------------------------------


def _who(event: AuditEvent, names: Mapping[int, str]) -> str:
    if event.actor_id is not None:
        return names.get(event.actor_id) or event.actor_username
    if event.actor_username:
        return event.actor_username
    if event.action in (AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN_LOCKED_OUT):
        return SOMEONE
    return NO_ONE


def audit_sentences(
    events: Iterable[AuditEvent], actor_names: Mapping[int, str]
) -> list[EventSentence]:
    """The events in words. `actor_names` gives each actor's name ({user id: name}); the
    records they name are found through the kinds the apps registered, one query per kind."""
    events = list(events)
    found = audit_objects_named((event.object_type, event.object_id) for event in events)
    sentences = []
    for event in events:
        kind = audit_kind(event.object_type)
        fields = _Fields(_model(event.object_type), kind.money_fields)
        record = _record(event, found)
        changes, facts = describe(event.details if isinstance(event.details, dict) else {}, fields)
        sentences.append(
            EventSentence(
                event=event,
                who=_who(event, actor_names),
                did=_did(event, record),
                record=record,
                changes=tuple(changes),
                facts=tuple(facts),
            )
        )
    return sentences
