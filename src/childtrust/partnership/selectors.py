"""Every read of the partnership that views, the API and other apps need."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from childtrust.partnership.models import Agency, Commitment, Locality, Outcome, Priority

# --- Registry: agencies, localities and wards, services, teams, staff -------------------------

# --- Shared vision and outcomes framework, alignment matrix -----------------------------------


# --- API ----------------------------------------------------------------------------------------
# Reads only the JSON API (childtrust.api) needs; it uses the registry's selectors above too.


def agency_with_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).first()


def locality_with_slug(slug: str) -> Locality | None:
    return Locality.objects.filter(slug=slug).first()


def outcomes_framework_with_commitments() -> QuerySet[Outcome]:
    """Outcomes in order, with priorities, their indicators and the agencies committed to each
    (four queries however large the framework)."""
    priorities = Priority.objects.order_by("position", "title", "pk").prefetch_related(
        "indicators",
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("agency").order_by("agency__name"),
        ),
    )
    return Outcome.objects.prefetch_related(Prefetch("priorities", queryset=priorities)).order_by(
        "position", "name"
    )
