"""The demo partnership's costings data."""

from __future__ import annotations

from django.db.models import Model


def costings_demo_load() -> dict[type[Model], int]:
    return {}
