"""What the demo's accounts are told, made as the service makes it: the police notification
last night reaches the schools' designated safeguarding lead (Operation Encompass, through
services.encompass as the concern's recording would); the front door asks the agencies working
with one child what they know (the schools' lead among them); the worker's hourly check of the
clocks tells their owners of those near breach and escalates breached ones; and the worker's
daily reminders tell the owners of the teams' actions due soon or overdue."""

from __future__ import annotations

import datetime

from childtrust.safeguarding.demo.loading import FRONT_DOOR, SCHOOLS, SafeguardingDemo
from childtrust.safeguarding.models import (
    Concern,
    Notification,
    Referral,
)
from childtrust.safeguarding.services.clocks import clocks_check_unattended
from childtrust.safeguarding.services.encompass import encompass_notify
from childtrust.safeguarding.services.front_door import information_request
from childtrust.safeguarding.team_reminders import team_action_reminders_send

#: The police's answer to the front door's request (the schools' lead still has theirs to do).
POLICE_ANSWER = (
    "Two call-outs to the address this year, both verbal arguments between the adults; no "
    "arrests. The child was asleep upstairs on both occasions."
)


def notifications_demo_make(
    demo: SafeguardingDemo, *, encompass: Concern, referrals: dict[str, Referral]
) -> None:
    before = Notification.objects.count()
    yesterday = demo.days_ago(1)
    told_at = demo.at(yesterday, 23, 20)
    encompass_notify(concern=encompass, now=told_at)
    # Sent when the police recorded it last night, as the service would have (not as loaded).
    Notification.objects.filter(key__startswith=f"encompass:{encompass.pk}").update(
        created_at=told_at
    )
    _information_requested(demo, referrals["gathering"])
    clocks_check_unattended(now=demo.now)
    team_action_reminders_send(today=demo.today)
    demo.count(Notification, Notification.objects.count() - before)


def _information_requested(demo: SafeguardingDemo, referral: Referral) -> None:
    """The front door asks the agencies working with the child (the schools first); the
    police have answered already."""
    from childtrust.children.selectors.involved_agencies import agencies_involved_with

    agencies = agencies_involved_with(referral.child, today=demo.today)
    agencies.sort(key=lambda agency: agency.slug != SCHOOLS)
    sent = information_request(
        actor=demo.user(FRONT_DOOR), referral=referral, agencies=agencies[:3]
    )
    for request in sent.requests:
        if request.agency.slug != SCHOOLS:
            request.answer = (
                POLICE_ANSWER
                if request.agency.kind == "police"
                else (
                    "Known to us since last year; no worries about the child at our last contact."
                )
            )
            request.answered_by = demo.one_of(request.agency.slug)
            request.answered_at = demo.now - datetime.timedelta(minutes=20)
            request.save(update_fields=["answer", "answered_by", "answered_at", "modified_at"])
            break
