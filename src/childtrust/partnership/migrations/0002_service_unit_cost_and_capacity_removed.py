"""A service's unit cost and capacity now live only in its costing (resources.ServiceCosting,
with each figure's source and date). Resources' migration 0003 copies them there first
(it declares `run_before` this one, so that the dependency lives in the upper layer)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="service",
            name="service_unit_cost_not_negative",
        ),
        migrations.RemoveField(
            model_name="service",
            name="capacity",
        ),
        migrations.RemoveField(
            model_name="service",
            name="unit_cost",
        ),
    ]
