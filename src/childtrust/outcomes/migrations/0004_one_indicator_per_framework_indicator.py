"""One indicator's figures per framework indicator (issue 14).

Before the rule, an indicator with figures and the framework's own indicator for the same measure
were listed apart, so the framework could show one measure twice. This migration merges the
plain cases first: an indicator attached to a priority whose name is that of one of the
priority's framework indicators (letter case and spaces aside) is linked to it. Where two
indicators were linked to one framework indicator, the first (by id) keeps the link and the
others are listed on their own, so that the rule can hold."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def merge_same_names(apps: Any, schema_editor: Any) -> None:
    Indicator = apps.get_model("outcomes", "Indicator")
    FrameworkIndicator = apps.get_model("partnership", "FrameworkIndicator")
    taken: set[int] = set()
    for indicator in Indicator.objects.exclude(framework_indicator=None).order_by("pk"):
        if indicator.framework_indicator_id in taken:
            indicator.framework_indicator_id = None
            indicator.save(update_fields=["framework_indicator"])
        else:
            taken.add(indicator.framework_indicator_id)
    by_name = {
        (f.priority_id, _key(f.name)): f.pk
        for f in FrameworkIndicator.objects.all()
        if f.pk not in taken
    }
    for indicator in Indicator.objects.filter(framework_indicator=None).exclude(priority=None):
        match = by_name.pop((indicator.priority_id, _key(indicator.name)), None)
        if match is not None:
            indicator.framework_indicator_id = match
            indicator.save(update_fields=["framework_indicator"])


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0003_staged_outcomes_and_version"),
        ("partnership", "0002_service_unit_cost_and_capacity_removed"),
    ]

    operations = [
        migrations.RunPython(merge_same_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                condition=models.Q(("framework_indicator__isnull", False)),
                fields=("framework_indicator",),
                name="one_indicator_per_framework_indicator",
            ),
        ),
    ]
