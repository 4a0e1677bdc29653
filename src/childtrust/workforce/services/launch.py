"""Launching a restructure: the people it affects hear of it through the cascade, with their
managers, and are asked how they are in a wellbeing round of their own.

Staff said the change was driven by structure and ignored its emotional side, and that living
with uncertainty was hard (issue 13). So a restructure's consultation opens with a message that
says what is proposed, the timeline, how to respond and the support offered, briefed by each
person's own manager (voice's cascade, to named people and the nearest manager of each in post),
and a round of voice's wellbeing check for those affected alone, whose anonymous results the
restructure's page sets beside the rest of the partnership's (selectors/wellbeing.py)."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import update_and_record
from childtrust.core.permissions import require
from childtrust.partnership.selectors.staff import staff_in_post
from childtrust.voice.models import MessageKind
from childtrust.voice.services.messages import message_create, message_publish
from childtrust.voice.services.surveys import (
    survey_create_from_template,
    survey_round_open_for_staff,
)
from childtrust.workforce import access
from childtrust.workforce.models import Restructure, RestructureStatus
from childtrust.workforce.selectors import launch as selectors

LAUNCH = "launch restructures"


@transaction.atomic
def restructure_launch(
    *,
    actor: User,
    restructure: Restructure,
    brief_by: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Restructure:
    """Launches a proposed restructure, all or nothing: publishes the cascade message
    (selectors.launch.launch_message) from the actor to the people it affects still in post and
    the nearest manager of each, to be briefed by `brief_by` (a week from today unless given);
    sets up a wellbeing check named after it and opens a round for the people affected only;
    records both on the restructure, with when it was launched, and moves it into consultation.

    Only those who manage it, within their remit (PermissionDenied), in their own name as a
    member of staff in post (PermissionDenied saying so). Refused with every reason at once
    (ValidationError): launched already, not proposed, no one affected, no day consultation
    starts, no one affected still in post, a date to brief by in the past."""
    require(access.can_launch_restructure(actor, restructure), to=LAUNCH)
    refusal = access.restructure_launch_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    today = today or timezone.localdate()
    restructure = (
        Restructure.objects.select_for_update().select_related("agency").get(pk=restructure.pk)
    )
    brief_by = brief_by or selectors.default_brief_by(today)
    problems = selectors.launch_problems(restructure)
    affected_ids = selectors.affected_staff_ids(restructure)
    affected = list(staff_in_post().filter(pk__in=affected_ids))
    if affected_ids and not affected:
        problems.append(
            "None of the people the restructure affects is still in post, so there is no one "
            "to tell or to ask"
        )
    errors: dict[str, list[str]] = {NON_FIELD_ERRORS: problems} if problems else {}
    if brief_by < today:
        errors["brief_by"] = ["The date by which managers brief their teams must be today or later"]
    if errors:
        raise ValidationError(errors)

    text = selectors.launch_message(restructure)
    message = message_create(
        actor=actor,
        title=text.title,
        body=text.body,
        brief_by=brief_by,
        kind=MessageKind.CHANGE_UPDATE,
        whole_partnership=False,
        people=affected,
    )
    message = message_publish(actor=actor, message=message)
    survey = survey_create_from_template(
        actor=actor,
        template=selectors.SURVEY_TEMPLATE,
        title=selectors.survey_title(restructure),
        repeat_every_days=None,
        round_length_days=selectors.ROUND_LENGTH_DAYS,
    )
    survey_round = survey_round_open_for_staff(
        actor=actor, survey=survey, staff=affected, today=today
    )
    update_and_record(
        actor=actor,
        instance=restructure,
        changes={
            "status": RestructureStatus.CONSULTATION,
            "launched_at": timezone.now(),
            "message": message,
            "survey_round": survey_round,
        },
        allowed=("status", "launched_at", "message", "survey_round"),
        errors=lambda: {},
    )
    return restructure
