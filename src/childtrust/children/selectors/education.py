"""The schools (education agencies) working with a child now, for the police notifications of
domestic abuse that must reach a child's school before the next school day (safeguarding's
Operation Encompass): each agency once, by name."""

from __future__ import annotations

import datetime

from django.db.models import Q

from childtrust.children.models import Child, Involvement
from childtrust.partnership.models import Agency, AgencyKind


def schools_involved_with(child: Child, *, today: datetime.date) -> list[Agency]:
    involvements = (
        Involvement.objects.filter(child=child, agency__kind=AgencyKind.EDUCATION)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .filter(started_on__lte=today)
        .select_related("agency")
    )
    agencies = {involvement.agency_id: involvement.agency for involvement in involvements}
    return sorted(agencies.values(), key=lambda agency: (agency.name, agency.pk))
