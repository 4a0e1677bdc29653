"""Each indicator's period length (Indicator.period_years, added at 1 by 0005) from the period
labels of the data it already holds: "2015 - 17" covers 3 years, "2019/20 - 21/22" three
financial years; a single year, financial year or quarter counts as 1. Where an indicator's
labels disagree (loaded before the import refused that), the longest is taken: its recent trend
then refuses periods that overlap rather than counting the same events more than once.

The label grammar is copied from outcomes.indicator_files.period_start as it stands (issue 15),
so that this migration reads the same labels whatever that module becomes."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:/(?P<next>\d{2}))?"
    r"(?:\s*-\s*(?P<end>\d{2}|\d{4})(?:/(?P<end_next>\d{2}))?)?"
    r"(?:\s+Q(?P<quarter>[1-4]))?$",
    re.ASCII,
)


def label_years(label: str) -> int | None:
    """The years a label covers, or None for a label this cannot read."""
    match = _PERIOD.match(" ".join(label.split()))
    if match is None:
        return None
    if match["end"] is None:
        return 1
    year, end = int(match["year"]), match["end"]
    end_year = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)
    return end_year - year + 1 if end_year >= year else None


def set_period_years(apps: Any, schema_editor: Any) -> None:
    indicator_model = apps.get_model("outcomes", "Indicator")
    point_model = apps.get_model("outcomes", "DataPoint")
    longest: dict[int, int] = {}
    labels = point_model.objects.values_list("indicator_id", "period").distinct()
    for indicator_id, period in labels.iterator():
        years = label_years(period)
        if years is not None and years > longest.get(indicator_id, 1):
            longest[indicator_id] = years
    for indicator_id, years in longest.items():
        indicator_model.objects.filter(pk=indicator_id).update(period_years=years)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0005_period_length_units_and_deprivation")]

    operations = [
        # Backwards, the lengths stay: 0005 undone removes the column anyway.
        migrations.RunPython(set_period_years, migrations.RunPython.noop),
    ]
