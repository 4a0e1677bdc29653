"""Who may see or change the pooled budget, costings, allocations and appraisals: the only module
that decides it. Views, forms, selectors, services and the API ask here.

The rules (docs/decisions/0003-roles-and-capabilities.md):

- Every role may open the resources pages (VIEW_OWN_RESOURCES).
- Whose figures a person sees: those whose role may see every partner's (VIEW_ALL_RESOURCES)
  see every agency's budget lines, contributions, costings (with a service's cost per child and
  capacity in the services directory's API) and allocation lines. Everyone else sees only the
  agency they work for, found through their *active* staff record: a person who has left (their
  staff record made inactive) or who has none sees no agency's figures. A figure someone may not
  see answers 404, so that nobody learns which of another partner's lines or costings exist.
- The duplication finder sets two agencies' costings side by side: only those who see every
  partner's figures may open it.
- An appraisal is the partnership's decision and the reasons for it, not one agency's budget:
  everyone who may open the resources pages reads every appraisal.
- Only those who keep the budget (MANAGE_RESOURCES: finance officers and strategic leads)
  change anything: years, contributions, lines and spend, costings, allocations, appraisals.

The names follow docs/architecture.md: `can_<verb>_<thing>` decides, `<things>_visible_to(user)`
narrows a query to what the person may see, and `<thing>_for_user(user, id)` fetches one record
or raises Http404, for one they may not see as for one that does not exist. One answer is a
scope rather than a query: `figures_visible_to(user)` says whose figures the person sees (every
agency's, one, or none), because the same rule narrows rows of several tables and the notes an
allocation run stores as JSON, which no query reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.models import Agency, Service
from childtrust.partnership.selectors.registry import services_active, services_with_ids
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.resources.models import BudgetLine, Contribution, FinancialYear, ServiceCosting

Row = TypeVar("Row", bound=models.Model)


def can_view_resources(user: PermissionHolder | None) -> bool:
    """The resources pages: every partner sees at least its own agency's figures."""
    return has_capability(user, Capability.VIEW_OWN_RESOURCES)


def can_view_every_partner(user: PermissionHolder | None) -> bool:
    """Every partner's lines, services and warnings, not only the agency the user works for."""
    return has_capability(user, Capability.VIEW_ALL_RESOURCES)


def can_view_duplication(user: PermissionHolder | None) -> bool:
    """The duplication finder compares two agencies' costings, so it needs every partner's."""
    return can_view_every_partner(user)


def can_manage_resources(user: PermissionHolder | None) -> bool:
    """The budget, spend, costings, allocations and appraisals: finance officers and strategic
    leads."""
    return has_capability(user, Capability.MANAGE_RESOURCES)


# --- Whose figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureScope:
    """Whose figures a user may see: every agency's, or only those of the agency they work for
    (none at all without an active staff record)."""

    all_agencies: bool
    agency: Agency | None = None

    @property
    def agency_id(self) -> int | None:
        return self.agency.pk if self.agency is not None else None

    def allows(self, agency_id: int | None) -> bool:
        return self.all_agencies or (self.agency is not None and agency_id == self.agency.pk)

    def within(self, rows: QuerySet[Row], agency_field: str) -> QuerySet[Row]:
        """The rows of the agencies in scope, `agency_field` naming each row's agency."""
        if self.all_agencies:
            return rows
        if self.agency is None:
            return rows.none()
        return rows.filter(**{agency_field: self.agency.pk})


def figures_visible_to(user: PermissionHolder | None) -> FigureScope:
    """Every agency's figures for those who see every partner; else those of the agency of the
    user's active staff record; none for those who may not open the resources pages at all."""
    if can_view_every_partner(user):
        return FigureScope(all_agencies=True)
    staff = staff_record_of(user) if can_view_resources(user) else None
    if staff is None or not staff.is_active:
        return FigureScope(all_agencies=False)
    return FigureScope(all_agencies=False, agency=staff.agency)


def can_view_costing(user: PermissionHolder | None, service: Service) -> bool:
    """A service's costing (its cost per child and capacity too, wherever they are shown): the
    same rule as every other figure, so the agency that runs it, and those who see every
    partner's."""
    return figures_visible_to(user).allows(service.agency_id)


def budget_lines_visible_to(
    user: PermissionHolder | None, year: FinancialYear | None = None
) -> QuerySet[BudgetLine]:
    """The lines of the year (of every year, without one) whose figures the user may see."""
    lines = BudgetLine.objects.select_related("year", "service__agency").order_by(
        "service__agency__name", "service__name"
    )
    if year is not None:
        lines = lines.filter(year=year)
    return figures_visible_to(user).within(lines, "service__agency_id")


def contributions_visible_to(
    user: PermissionHolder | None, year: FinancialYear | None = None
) -> QuerySet[Contribution]:
    """The contributions of the year (of every year, without one) the user may see."""
    contributions = Contribution.objects.select_related(
        "year", "agency", "ring_fenced_service__agency"
    ).order_by("agency__name", "kind", "pk")
    if year is not None:
        contributions = contributions.filter(year=year)
    return figures_visible_to(user).within(contributions, "agency_id")


def costed_services_visible_to(user: PermissionHolder | None) -> QuerySet[Service]:
    """The services whose costings the person may see: every active or costed service, within
    the agencies in their scope."""
    costed = ServiceCosting.objects.values("service_id")
    services = (
        (services_active() | services_with_ids(costed))
        .select_related("agency", "costing")
        .order_by("agency__name", "name")
    )
    return figures_visible_to(user).within(services, "agency_id")


def budget_line_for_user(
    user: PermissionHolder | None, line_id: int, *, year: FinancialYear | None = None
) -> BudgetLine:
    """The line (of the year, if given) if the person may see it; Http404 otherwise, whether or
    not it exists, so that nobody learns which of another partner's lines exist."""
    line = budget_lines_visible_to(user, year).filter(pk=line_id).first()
    if line is None:
        raise Http404(f"No budget line you may see has the ID {line_id}.")
    return line


def contribution_for_user(
    user: PermissionHolder | None, contribution_id: int, *, year: FinancialYear | None = None
) -> Contribution:
    """The contribution (to the year, if given) if the person may see it; Http404 otherwise."""
    contribution = contributions_visible_to(user, year).filter(pk=contribution_id).first()
    if contribution is None:
        raise Http404(f"No contribution you may see has the ID {contribution_id}.")
    return contribution


def costed_service_for_user(user: PermissionHolder | None, slug: str) -> Service:
    """The service, if the person may see its costing; Http404 otherwise, so that nobody learns
    which of another partner's services are costed."""
    service = costed_services_visible_to(user).filter(slug=slug).first()
    if service is None:
        raise Http404(f"No service you may see has the slug '{slug}'.")
    return service
