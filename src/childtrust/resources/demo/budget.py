"""The demo partnership's budget data."""

from __future__ import annotations

from django.db.models import Model


def budget_demo_load() -> dict[type[Model], int]:
    return {}
