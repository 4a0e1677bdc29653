"""What apps above the children app do when the child index merges one child into another:
move their own records of the child merged away to the child kept, without the children app
importing them (layers point down), as child_page_links lets them add to the child's page.

Each app registers, when it starts (its AppConfig's `ready`), a handler. A merge (services.review:
children_merge, and link_review_decide joining two children) runs every handler inside its
transaction, before it marks the merged child as merged: a handler that raises ValidationError
refuses the merge, and nothing of it (the children app's records nor any handler's) is kept.
Each handler answers with how many of each kind of its records it moved, which the merge's
audit event records.

A child marked merged some other way (a data fix, an import, a test's factory) runs the handlers
too, with no actor, when it is saved (post_save below); a child saved as merged again finds
nothing left to move. A split moves nothing here: see services.review.child_split."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_save

from childtrust.accounts.models import User
from childtrust.children.models import Child
from childtrust.children.selectors.merges import MAX_GENERATIONS


@dataclass(frozen=True)
class ChildMerge:
    """`merge` is being merged into `keep` (both locked by the merge service), by `actor` (None
    when a child was marked merged outside the service)."""

    keep: Child
    merge: Child
    actor: User | None = None


Handler = Callable[[ChildMerge], Mapping[str, int]]

_HANDLERS: dict[str, Handler] = {}

# The merged children whose handlers the service has run in this context: their save as merged
# (post_save) does not run them a second time.
_RAN: ContextVar[frozenset[int]] = ContextVar("child_merge_hooks_ran", default=frozenset())


def child_merge_hooks_register(key: str, handler: Handler) -> None:
    """Adds (or, on a second start in the same process, replaces) an app's handler."""
    _HANDLERS[key] = handler


def child_merge_hooks_run(merging: ChildMerge) -> dict[str, dict[str, int]]:
    """Runs every handler, in the order of their keys, and answers what each moved, by kind,
    leaving out kinds of which nothing moved. Call it inside the merge's transaction."""
    _RAN.set(_RAN.get() | {merging.merge.pk})
    moved: dict[str, dict[str, int]] = {}
    try:
        for key in sorted(_HANDLERS):
            counts = {kind: n for kind, n in _HANDLERS[key](merging).items() if n}
            moved[key] = dict(sorted(counts.items()))
    except BaseException:
        _RAN.set(_RAN.get() - {merging.merge.pk})
        raise
    return moved


def _child_saved(
    sender: Any,  # noqa: ARG001 (a receiver's signature)
    instance: Child,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    if instance.merged_into_id is None or kwargs.get("raw"):
        return
    if update_fields is not None and "merged_into" not in update_fields:
        return
    if instance.pk in _RAN.get():
        _RAN.set(_RAN.get() - {instance.pk})
        return
    keep = Child.objects.get(pk=instance.merged_into_id)
    for _ in range(MAX_GENERATIONS):  # a merge into a child since merged: on to the live one
        if keep.merged_into_id is None or keep.merged_into_id == instance.pk:
            break
        keep = Child.objects.get(pk=keep.merged_into_id)
    child_merge_hooks_run(ChildMerge(keep=keep, merge=instance))
    _RAN.set(_RAN.get() - {instance.pk})


post_save.connect(_child_saved, sender=Child, dispatch_uid="children.merge_hooks.child_saved")
