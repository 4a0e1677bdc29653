"""The demo plan's change (to be filled in by issue 12's change work)."""

from __future__ import annotations

from django.db.models import Model


def change_demo_load() -> dict[type[Model], int]:
    return {}
