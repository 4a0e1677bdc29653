"""Reads of the partnership's registry that views, the API and other apps need: agencies,
services (the directory), localities and wards, and teams. None of them holds personal data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Func, Max, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from childtrust.partnership.models import (
    Agency,
    AgencyKind,
    Locality,
    Service,
    ServiceStatus,
    Team,
    Ward,
)

# Agencies, services, localities and teams hold no personal data; staff records, which do, are
# read through partnership.selectors.staff and partnership.access.


def agencies_for_list() -> QuerySet[Agency]:
    return Agency.objects.annotate(service_count=Count("services")).order_by("name")


def agencies_for_detail() -> QuerySet[Agency]:
    """Agencies with their services and teams, for the agency page (fetch one by slug)."""
    return Agency.objects.annotate(staff_count=Count("staff")).prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("name")),
        Prefetch("teams", queryset=Team.objects.select_related("locality").order_by("name")),
    )


@dataclass(frozen=True)
class ServiceFilter:
    text: str = ""
    agency: Agency | None = None
    locality: Locality | None = None
    agency_kind: str = ""
    age: int | None = None
    status: str = ""

    def is_empty(self) -> bool:
        return self == ServiceFilter()


def services_matching(service_filter: ServiceFilter) -> QuerySet[Service]:
    """Services matching every filter given, each with its agency and localities, so that a page
    of results costs the same few queries however many there are. Every word of `text` must
    appear in the name, description or audience; `age` keeps services whose age range includes
    it (an open end counts as no limit)."""
    services = Service.objects.select_related("agency").prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )
    for word in service_filter.text.split():
        services = services.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(audience__icontains=word)
        )
    if service_filter.agency is not None:
        services = services.filter(agency=service_filter.agency)
    if service_filter.locality is not None:
        # One row per service: a service covers each locality at most once.
        services = services.filter(localities=service_filter.locality)
    if service_filter.agency_kind:
        services = services.filter(agency__kind=service_filter.agency_kind)
    if service_filter.age is not None:
        services = services.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=service_filter.age),
            Q(max_age__isnull=True) | Q(max_age__gte=service_filter.age),
        )
    if service_filter.status:
        services = services.filter(status=service_filter.status)
    return services.order_by("name", "pk")


SERVICE_STATUS_COLOURS: dict[str, str] = {
    ServiceStatus.ACTIVE: "green",
    ServiceStatus.TEMPORARILY_CLOSED: "yellow",
    ServiceStatus.INACTIVE: "grey",
    ServiceStatus.DEFUNCT: "red",
}


def age_range_text(min_age: int | None, max_age: int | None) -> str:
    if min_age is None and max_age is None:
        return "Any age"
    if min_age is None:
        return f"Up to {max_age}"
    if max_age is None:
        return f"{min_age} and over"
    return str(min_age) if min_age == max_age else f"{min_age} to {max_age}"


@dataclass(frozen=True)
class ServiceListing:
    """One line of the services directory: only what the page shows."""

    name: str
    url: str
    agency_name: str
    audience: str
    ages: str
    status_label: str
    status_colour: str
    localities: list[str]


def services_directory_version() -> str:
    """Changes whenever anything the services directory shows changes (a service, its agency, a
    locality, or the number of services), in one query: the key under which its pages are cached.
    Every change goes through a service that saves the record, so `modified_at` moves with it."""

    def latest(model: type[models.Model]) -> Subquery:
        return Subquery(
            model._default_manager.order_by().values(latest=Func("modified_at", function="MAX"))
        )

    version = Service.objects.order_by().aggregate(
        services=Max("modified_at"),
        count=Count("pk"),
        # Wrapped in Max only so that the aggregate query accepts them; each is one value.
        agencies=Max(latest(Agency)),
        localities=Max(latest(Locality)),
    )
    return "|".join(str(value) for value in version.values())


def services_directory_page(
    service_filter: ServiceFilter, *, page_number: str | None, per_page: int
) -> Page[ServiceListing]:
    """A page of the services directory in three queries (count, rows, locality names) however
    many services match. It reads plain values rather than whole records: this is the page the
    partnership opens most, and the one measured under load."""
    rows = (
        services_matching(service_filter)
        .select_related(None)
        .prefetch_related(None)
        .values("pk", "name", "slug", "audience", "min_age", "max_age", "status", "agency__name")
    )
    page = Paginator(rows, per_page).get_page(page_number)
    covered: dict[int, list[str]] = defaultdict(list)
    links = Service.localities.through.objects.filter(
        service_id__in=[row["pk"] for row in page.object_list]
    ).order_by("locality__name")
    for service_id, locality_name in links.values_list("service_id", "locality__name"):
        covered[service_id].append(locality_name)
    labels = dict(ServiceStatus.choices)
    # One reverse() for the page, not one per service: slugs need no escaping in a path.
    url_of = reverse("partnership:service_detail", args=["-"]).removesuffix("-/") + "{}/"
    listings = [
        ServiceListing(
            name=row["name"],
            url=url_of.format(row["slug"]),
            agency_name=row["agency__name"],
            audience=row["audience"],
            ages=age_range_text(row["min_age"], row["max_age"]),
            status_label=labels.get(row["status"], row["status"]),
            status_colour=SERVICE_STATUS_COLOURS.get(row["status"], "grey"),
            localities=covered[row["pk"]],
        )
        for row in page.object_list
    ]
    return Page(listings, page.number, page.paginator)  # type: ignore[arg-type]


def services_for_detail() -> QuerySet[Service]:
    return Service.objects.select_related("agency").prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )


def localities_for_list() -> QuerySet[Locality]:
    """Localities with their wards and teams, and how many services cover each."""
    return (
        Locality.objects.annotate(service_count=Count("services"))
        .prefetch_related(
            Prefetch("wards", queryset=Ward.objects.order_by("name")),
            Prefetch("teams", queryset=Team.objects.select_related("agency").order_by("name")),
        )
        .order_by("name")
    )


def localities_for_detail() -> QuerySet[Locality]:
    return Locality.objects.prefetch_related(
        Prefetch("wards", queryset=Ward.objects.order_by("name")),
        Prefetch("teams", queryset=Team.objects.select_related("agency").order_by("name")),
        Prefetch(
            "services",
            queryset=Service.objects.select_related("agency").order_by("name"),
        ),
    )


def teams_for_list() -> QuerySet[Team]:
    # Ordered here: Django leaves a model's default ordering out of a query that groups rows
    # (the member count), and PostgreSQL then returns the teams in any order.
    return (
        Team.objects.select_related("agency", "locality")
        .annotate(member_count=Count("members"))
        .order_by("name")
    )


def teams_for_detail() -> QuerySet[Team]:
    return Team.objects.select_related("agency", "locality")


def agency_with_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).first()


def locality_with_slug(slug: str) -> Locality | None:
    return Locality.objects.filter(slug=slug).first()


# --- For other apps: a service by its slug, and the registry's records by name ----------------


def service_with_slug(slug: str) -> Service | None:
    return Service.objects.select_related("agency").filter(slug=slug).first()


def agencies_by_name() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


def localities_by_name() -> QuerySet[Locality]:
    return Locality.objects.order_by("name")


def teams_by_name() -> QuerySet[Team]:
    return Team.objects.order_by("name")


def local_authority_agency() -> Agency | None:
    """The local authority's children's services, whose head leads the partnership (the
    Director of Children's Services): the first by name, should there be more than one."""
    return Agency.objects.filter(kind=AgencyKind.LOCAL_AUTHORITY).order_by("name", "pk").first()


# --- For the registry's own pages: one record to show or change ---------------------------------


def team_with_slug(slug: str) -> Team | None:
    return Team.objects.select_related("agency", "locality").filter(slug=slug).first()


def ward_with_pk(pk: int) -> Ward | None:
    return Ward.objects.select_related("locality").filter(pk=pk).first()


# --- For other apps, which name services in their own records (resources: costings, budget) ----


def services_active() -> QuerySet[Service]:
    """The services running now, each with its agency."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE).select_related("agency")


def services_with_ids(ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Service]:
    """The services another app's records name (ids, or a query of them that stays a subquery),
    each with its agency."""
    return Service.objects.filter(pk__in=ids).select_related("agency")


def services_without_ids(ids: Iterable[int] | QuerySet[Any]) -> QuerySet[Service]:
    """Every service but those named (a service not yet given another app's record), each with
    its agency."""
    return Service.objects.exclude(pk__in=ids).select_related("agency")


# --- For the outcomes app, which matches the partnership's wards to its outcome areas ----------


def ward_names_in(locality: Locality) -> set[str]:
    """The names of a locality's wards."""
    return set(Ward.objects.filter(locality=locality).values_list("name", flat=True))


def localities_with_wards() -> QuerySet[Locality]:
    """Localities by name, each with its wards by name (`locality.wards.all()`, read at once)."""
    return Locality.objects.order_by("name").prefetch_related(
        Prefetch("wards", queryset=Ward.objects.order_by("name"))
    )
