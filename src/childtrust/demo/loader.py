"""The demo partnership, assembled from each app's own demo module in the order they stand on
one another, in one transaction: all of it loads, or none."""

from __future__ import annotations

from django.db import models, transaction

from childtrust.children.demo import children_demo_load
from childtrust.outcomes.demo import outcomes_demo_load
from childtrust.partnership.demo.loader import demo_load
from childtrust.resources.demo import resources_demo_load
from childtrust.safeguarding.demo import safeguarding_demo_load
from childtrust.strategy.demo import strategy_demo_load
from childtrust.voice.demo import voice_demo_load
from childtrust.workforce.demo import workforce_demo_load


@transaction.atomic
def demo_partnership_load() -> dict[type[models.Model], int]:
    """Loads every app's demo records and counts them by model. The partnership comes first:
    staff voice needs its staff, outcome data its localities and wards, and the pooled budget
    its agencies, services, localities and outcomes; the workforce (posts for the staff, the
    national figures beside them, and restructures launched through staff voice's cascade and
    surveys) comes after those, then the children (3,000 synthetic children, their agencies'
    records, a precomputed linkage with some pairs for review, and involvements naming the
    staff); then safeguarding (concerns about some of those children, the alerts its engine
    raises over them, the front door's referrals and clocks, and teams around children); the
    strategic plan comes last, as it reads them all. The
    workforce's published national, regional and comparator figures are demonstration figures,
    invented under the real areas' names and codes. Raises DemoLoadRefusedError (from the
    partnership's loader) when the database is not empty."""
    return (
        demo_load()
        | voice_demo_load()
        | outcomes_demo_load()
        | resources_demo_load()
        | workforce_demo_load()
        | children_demo_load()
        | safeguarding_demo_load()
        | strategy_demo_load()
    )
