"""What the launch summary on a restructure's page may show the reader
(`{% launch_flags restructure as launch %}`), asked of workforce/access.py here, since a template
cannot call an access function with the restructure, and the including page need not know the
rules."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from childtrust.workforce import access
from childtrust.workforce.models import Restructure, RestructureStatus

register = template.Library()


@dataclass(frozen=True)
class LaunchFlags:
    can_launch: bool  # may launch it, and it is proposed and not yet launched
    can_view_wellbeing: bool
    can_view_reach: bool
    round_open: bool


@register.simple_tag(takes_context=True)
def launch_flags(context: template.Context, restructure: Restructure) -> LaunchFlags:
    user = getattr(context.get("request"), "user", None)
    survey_round = restructure.survey_round
    today = timezone.localdate()
    return LaunchFlags(
        can_launch=restructure.launched_at is None
        and restructure.status == RestructureStatus.PROPOSED
        and access.can_launch_restructure(user, restructure),
        can_view_wellbeing=access.can_view_restructure_wellbeing(user, restructure),
        can_view_reach=restructure.message_id is not None
        and access.can_view_launch_message_reach(user),
        round_open=survey_round is not None
        and survey_round.opens_on <= today <= survey_round.closes_on,
    )
