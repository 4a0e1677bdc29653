"""The demo plan's board (to be filled in by issue 12's board work)."""

from __future__ import annotations

from django.db.models import Model


def board_demo_load() -> dict[type[Model], int]:
    return {}
