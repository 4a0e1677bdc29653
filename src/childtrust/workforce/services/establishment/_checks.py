"""What the establishment's services share, private to them (so not services themselves): a
day in the pages' one format, a refusal with every message at once, a post locked for a change
to its holders, and the spells of its holders for the rules of workforce.establishment_rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from childtrust.workforce.establishment_rules import Spell
from childtrust.workforce.models import AgencyCover, Holding, Post
from childtrust.workforce.models.establishment import ONE_FTE, SMALLEST_FTE


def _day_words(day: datetime.date) -> str:
    """30 September 2025: the pages' one date format."""
    return date_format(day, "j F Y")


def _tidy(value: str) -> str:
    """Titles and names without stray spaces."""
    return " ".join(value.split())


def _refuse_if_any(errors: Mapping[str, str]) -> None:
    """Refuses the input with every message at once, before anything is written."""
    if errors:
        raise ValidationError(dict(errors))


def _post_fte_error(fte: Decimal | None) -> str | None:
    """A post's funded FTE: more than 0 and at most 1.00 (a post is one person's work; two
    people's is two posts)."""
    if fte is None:
        return "Enter the post's funded FTE, such as 1.00 or 0.50"
    if fte > ONE_FTE:
        return (
            f"A post's funded FTE cannot be more than 1.00; {fte:.2f} was given: record the "
            "work of more than one person as more than one post"
        )
    if fte < SMALLEST_FTE:
        return "The post's funded FTE must be more than 0, such as 0.50"
    return None


def _locked(post: Post) -> Post:
    """The post read again under a lock, so that two changes to its holders at once are
    checked one after the other (the second sees the first's holder)."""
    return Post.objects.select_for_update().select_related("agency").get(pk=post.pk)


def _spells(held: Iterable[Holding | AgencyCover]) -> list[Spell]:
    return [Spell(h.fte, h.starts_on, h.ends_on) for h in held]


def _within_post_errors(
    post: Post, starts_on: datetime.date | None, *, what: str, field: str = "starts_on"
) -> dict[str, str]:
    """A holding or cover starts on or after the post was first funded and by its last day."""
    if starts_on is None:
        return {}
    if starts_on < post.starts_on:
        return {
            field: f"The {what} ({_day_words(starts_on)}) must be on or after the day the post "
            f"was first funded ({_day_words(post.starts_on)})"
        }
    if post.ends_on is not None and starts_on > post.ends_on:
        return {
            field: f"The {what} ({_day_words(starts_on)}) is after the post's last day "
            f"({_day_words(post.ends_on)})"
        }
    return {}


def _end_within_post_error(post: Post, ends_on: datetime.date | None, *, what: str) -> str | None:
    """An end after the post's last day (a post that has ended has no holder beyond it)."""
    if ends_on is None or post.ends_on is None or ends_on <= post.ends_on:
        return None
    return (
        f"The {what} ({_day_words(ends_on)}) is after the post's last day "
        f"({_day_words(post.ends_on)})"
    )
