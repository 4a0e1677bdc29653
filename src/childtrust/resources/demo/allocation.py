"""The demo partnership's allocation data."""

from __future__ import annotations

from django.db.models import Model


def allocation_demo_load() -> dict[type[Model], int]:
    return {}
