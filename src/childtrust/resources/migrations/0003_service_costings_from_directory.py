"""Costings from the services directory, before partnership's migration 0002 removes a
service's unit cost and capacity: one fact, one home (the costing, which keeps each figure's
source and date).

Each service that has a unit cost or a capacity and no costing gets a costing made from them:

- the cost per child is the unit cost, and the capacity the directory's capacity; the source of
  each is "the services directory", dated the day the service record was last changed (in the
  partnership's time zone);
- a service with a unit cost and no capacity gets a capacity of 0, its source saying the
  directory gave none, so that the costing page shows it needs one;
- who the service is for is the age band its ages fit (under 5, 5 to 11, 11 to 16, 16 to 25),
  or "parents and whole families" when they span several bands or are not given; a resources
  manager can correct it on the costing's page;
- a service with a capacity but no unit cost above £0 gets no costing: a costing's cost per
  child must be more than £0 (the optimiser divides by it), so its capacity is not kept.

A service that already has a costing keeps it: the costing is the fuller record.

Reversing copies the costings this made back into the service's fields and deletes them."""

from django.db import migrations
from django.utils import timezone

SOURCE = "the services directory"
NO_CAPACITY_SOURCE = "the services directory, which gave no capacity"
ALL_AGES = "families"
# (target group, youngest, oldest): the bands resources.models.TargetGroup names by age.
AGE_BANDS = (
    ("early_years", 0, 5),
    ("primary", 5, 11),
    ("secondary", 11, 16),
    ("young_people", 16, 25),
)


def target_group_for_ages(min_age, max_age):
    """The first age band that holds every age the service serves, or families."""
    if min_age is None and max_age is None:
        return ALL_AGES
    youngest = 0 if min_age is None else min_age
    oldest = 25 if max_age is None else max_age
    for group, low, high in AGE_BANDS:
        if low <= youngest and oldest <= high:
            return group
    return ALL_AGES


def costings_from_directory(apps, schema_editor):
    Service = apps.get_model("partnership", "Service")
    ServiceCosting = apps.get_model("resources", "ServiceCosting")
    services = Service.objects.filter(unit_cost__gt=0, costing__isnull=True)
    costings = []
    for service in services.order_by("pk"):
        as_of = timezone.localtime(service.modified_at).date()
        costings.append(
            ServiceCosting(
                service=service,
                target_group=target_group_for_ages(service.min_age, service.max_age),
                cost_per_child=service.unit_cost,
                cost_source=SOURCE,
                cost_as_of=as_of,
                capacity=service.capacity or 0,
                capacity_source=SOURCE if service.capacity is not None else NO_CAPACITY_SOURCE,
                capacity_as_of=as_of,
            )
        )
    ServiceCosting.objects.bulk_create(costings)


def directory_from_costings(apps, schema_editor):
    Service = apps.get_model("partnership", "Service")
    ServiceCosting = apps.get_model("resources", "ServiceCosting")
    made_here = ServiceCosting.objects.filter(cost_source=SOURCE)
    for costing in made_here.select_related("service"):
        Service.objects.filter(pk=costing.service_id).update(
            unit_cost=costing.cost_per_child,
            capacity=None if costing.capacity_source == NO_CAPACITY_SOURCE else costing.capacity,
        )
    made_here.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
        ("resources", "0002_allocation_queued_runs"),
    ]
    # The service's fields must still be there to read: partnership's removal waits for this.
    run_before = [("partnership", "0002_service_unit_cost_and_capacity_removed")]

    operations = [migrations.RunPython(costings_from_directory, directory_from_costings)]
