"""Recording a download of the outcomes figures: an export by someone who may read them, and a
refusal, with nothing recorded, for anyone else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.models import Area, AreaType, Indicator
from childtrust.outcomes.services.downloads import outcomes_export_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    return Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY
    )


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.EXPORT))


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_take_a_copy_and_it_is_recorded(
    user_with_role: Callable[[str], User], area: Area, role: Role
) -> None:
    reader = user_with_role(role)

    outcomes_export_record(actor=reader, target=area, view="profile", rows=5)

    [event] = exports()
    assert (event.actor, event.object_type, event.object_repr) == (
        reader,
        "outcomes.area",
        "Southampton",
    )
    assert event.details == {"format": "csv", "view": "profile", "rows": 5}


def test_a_copy_of_an_indicators_figures_names_the_indicator(
    user_with_role: Callable[[str], User],
) -> None:
    indicator = Indicator.objects.create(name="Children in low income families")

    outcomes_export_record(
        actor=user_with_role(Role.AUDITOR), target=indicator, view="indicator", rows=3
    )

    [event] = exports()
    assert (event.object_type, event.object_id) == ("outcomes.indicator", str(indicator.pk))


def test_a_deactivated_account_is_refused_and_nothing_is_recorded(
    user_with_role: Callable[[str], User], area: Area
) -> None:
    reader = user_with_role(Role.STRATEGIC_LEAD)
    reader.is_active = False
    reader.save()

    with pytest.raises(PermissionDenied, match="Your role does not allow you to download"):
        outcomes_export_record(actor=reader, target=area, view="profile", rows=5)

    assert exports() == []
