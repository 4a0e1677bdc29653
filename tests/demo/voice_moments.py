"""When the demo's staff voice says things happened."""

from __future__ import annotations

import datetime

from childtrust.voice import models as v


def moments_after(now: datetime.datetime) -> list[str]:
    late = []
    for model, fields in (
        (v.Recipient, ("briefed_at", "understood_at")),
        (v.CascadeTask, ("briefed_at", "reminded_at", "escalated_at")),
        (v.Acknowledgement, ("confirmed_at",)),
        (v.MessageQuestion, ("answered_at",)),
        (v.Message, ("published_at", "version_published_at")),
        (v.MessageCorrection, ("created_at",)),
        (v.Feedback, ("responded_at",)),
        (v.FeedbackReach, ("read_at",)),
    ):
        for field in fields:
            if model.objects.filter(**{f"{field}__gt": now}).exists():
                late.append(f"{model.__name__}.{field}")
    return late
