"""The agencies working with a child now, for the front door's requests for information
(safeguarding): each agency once, by name. A sensitive involvement's agency (sexual health,
mental health, substance misuse) is left out unless a decision to share it is recorded: asking
it would tell others what the child is seen for."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from childtrust.children.models import Child, ConsentOutcome, Involvement, SharingDecision
from childtrust.partnership.models import Agency


def agencies_involved_with(child: Child, *, today: datetime.date | None = None) -> list[Agency]:
    today = today or timezone.localdate()
    shared = SharingDecision.objects.filter(
        involvement=OuterRef("pk"),
        outcome__in=[ConsentOutcome.GIVEN, ConsentOutcome.OVERRIDDEN],
    )
    involvements = (
        Involvement.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .filter(Q(sensitivity="") | Exists(shared))
        .select_related("agency")
    )
    agencies = {involvement.agency_id: involvement.agency for involvement in involvements}
    return sorted(agencies.values(), key=lambda agency: (agency.name, agency.pk))
