"""The demo partnership's appraisal data."""

from __future__ import annotations

from django.db.models import Model


def appraisal_demo_load() -> dict[type[Model], int]:
    return {}
