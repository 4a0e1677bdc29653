"""Loading the demo partnership as `make demo` does, keeping what a test may want to read."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import models
from django.test import override_settings

from childtrust.demo.loader import demo_partnership_load
from childtrust.demo.management.commands import load_demo


@dataclass(frozen=True)
class LoadedDemo:
    output: str  # what `childtrust load_demo` printed
    created: dict[type[models.Model], int]  # the records demo_partnership_load made, by model


def load_through_the_command() -> LoadedDemo:
    """`childtrust load_demo` in demo mode, keeping both what it printed and the counts that
    demo_partnership_load returned to it."""
    counted: list[dict[type[models.Model], int]] = []

    def load_and_keep_the_counts() -> dict[type[models.Model], int]:
        counted.append(demo_partnership_load())
        return counted[0]

    out = StringIO()
    with (
        override_settings(DEMO=True),
        mock.patch.object(load_demo, "demo_partnership_load", load_and_keep_the_counts),
    ):
        call_command("load_demo", stdout=out)
    return LoadedDemo(output=out.getvalue(), created=counted[0])
