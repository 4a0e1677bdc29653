"""Safeguarding's records follow a child the child index merges into another
(children.merge_hooks): every row of ours that names the child merged away (concerns, alerts,
referrals and their clocks, assessments, strategy discussions, conferences, child protection
plans, teams around the child, and any model added later with a key to the child) moves to the
child kept. Then a concern is judged by the child it is about now (a shielded child's is hidden
as the child is), alerts count the child's concerns together, and every list of the child's
records has them all. The chronology still reads the keys of merged children
(children.selectors.merges): each row has one child, so nothing is counted twice.

Where the kept child already has what may be held once:
- an alert not closed for the same rule: the merged child's alert's concerns are added to the
  kept child's, and the merged child's is closed, saying so (the same situation, one alert);
- an open child protection plan, or an open team around the child: the merge is refused, and
  nothing moves. Which plan or team goes on is a decision for the conference or the team, not
  the child index's clerical review: end one, then merge.

A split moves nothing (children.services.review.child_split).

Rows written later with a retired record as their child (a stale child object held across the
merge, a data fix; concern_record itself refuses a merged child) are put on the child it was
merged into when they are saved (safeguarding_rows_follow_merges)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.children.merge_hooks import ChildMerge
from childtrust.children.models import Child
from childtrust.children.selectors.merges import MAX_GENERATIONS
from childtrust.safeguarding.models import (
    Alert,
    AlertStatus,
    ChildProtectionPlan,
    TeamAroundChild,
)

#: What a child may have only one of at a time, open, and the words for it.
HELD_ONCE: tuple[tuple[type[models.Model], str], ...] = (
    (ChildProtectionPlan, "an open child protection plan"),
    (TeamAroundChild, "an open team around the child"),
)

FOLDED = "alerts_folded"


def child_fields() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every (model, field) of safeguarding's whose key is a child, in a stable order."""
    found = []
    for model in sorted(apps.get_app_config("safeguarding").get_models(), key=_label):
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Child:
                found.append((model, field))
    return found


def _label(model: type[models.Model]) -> str:
    return model._meta.model_name or model.__name__


def safeguarding_merge(merging: ChildMerge) -> dict[str, int]:
    """Moves every safeguarding row of `merging.merge` to `merging.keep`; answers how many of
    each kind moved (by model name) and how many alerts were folded into the kept child's.
    Raises ValidationError, moving nothing, where both children hold what may be held once."""
    keep, merge = merging.keep, merging.merge
    _held_once_check(keep, merge)
    counts: Counter[str] = Counter()
    counts[FOLDED] = _alerts_fold(keep, merge, merging.actor)
    now = timezone.now()
    for model, field in child_fields():
        changes: dict[str, Any] = {field.name: keep}
        if any(f.name == "modified_at" for f in model._meta.concrete_fields):
            changes["modified_at"] = now
        counts[_label(model)] += model._default_manager.filter(**{field.name: merge}).update(
            **changes
        )
    return dict(counts)


def _held_once_check(keep: Child, merge: Child) -> None:
    for model, words in HELD_ONCE:
        open_rows = model._default_manager.filter(ended_on__isnull=True)
        if open_rows.filter(child=keep).exists() and open_rows.filter(child=merge).exists():
            raise ValidationError(
                f"Both {keep.reference} and {merge.reference} have {words}: end one before "
                "merging the records"
            )


def _alerts_fold(keep: Child, merge: Child, actor: User | None) -> int:
    """The merged child's alert not closed, where the kept child has one for the same rule: its
    concerns join the kept child's alert, and it is closed saying where they went."""
    kept = {
        alert.rule_id: alert
        for alert in Alert.objects.select_for_update()
        .filter(child=keep)
        .exclude(status=AlertStatus.CLOSED)
    }
    folded = 0
    merged_alerts = (
        Alert.objects.select_for_update()
        .filter(child=merge, rule_id__in=list(kept))
        .exclude(status=AlertStatus.CLOSED)
    )
    for alert in merged_alerts:
        into = kept[alert.rule_id]
        into.concerns.add(*alert.concerns.all())
        alert.status = AlertStatus.CLOSED
        alert.closed_at = timezone.now()
        alert.closed_by = getattr(actor, "staff_member", None) if actor is not None else None
        alert.closed_reason = (
            f"{merge.reference} was merged into {keep.reference}: this alert's concerns were "
            f"added to alert {into.pk}, that child's alert for the same rule."
        )
        alert.save(
            update_fields=["status", "closed_at", "closed_by", "closed_reason", "modified_at"]
        )
        folded += 1
    return folded


def _live(child: Child) -> Child:
    """The child a retired record was merged into, through merges of merges."""
    seen = {child.pk}
    for _ in range(MAX_GENERATIONS):
        if child.merged_into_id is None or child.merged_into_id in seen:
            break
        child = child.merged_into  # type: ignore[assignment]  # not None: checked above
        seen.add(child.pk)
    return child


def _row_saving(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    for model, field in child_fields():
        if model is not sender or not field.is_cached(instance):
            continue  # a child not read with the row: no query to learn whether it is retired
        child = getattr(instance, field.name)
        if child is not None and child.merged_into_id is not None:
            setattr(instance, field.name, _live(child))


def safeguarding_rows_follow_merges() -> None:
    """Connects _row_saving to every model of ours with a key to a child."""
    for model in {model for model, _field in child_fields()}:
        pre_save.connect(
            _row_saving, sender=model, dispatch_uid=f"safeguarding.merging.{_label(model)}"
        )
