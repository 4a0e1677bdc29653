"""The demo plan's measures (to be filled in by issue 12's measures work)."""

from __future__ import annotations

from django.db.models import Model


def measures_demo_load() -> dict[type[Model], int]:
    return {}
