"""A team manager's view of the cascade for the teams they lead: each published message that
went to people in the team, how many of them have been briefed, and who (whose team it is to
record is access.team_briefer_for_user's to decide). The team is the one each person was in
when the message was published (Recipient.team), as reach counts it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from childtrust.voice.models import Message, MessageStatus, Recipient


@dataclass(frozen=True)
class TeamMessage:
    """One message as it reached one team."""

    message: Message
    team_id: int
    team_name: str
    people: int
    briefed: int

    @property
    def to_brief(self) -> int:
        return self.people - self.briefed


def team_messages(team_ids: Iterable[int], *, leaving_out: int | None = None) -> list[TeamMessage]:
    """Each published message that went to people in the teams, newest first, with how many of
    them (leaving out one person, the manager themselves) have been briefed. Two queries."""
    rows = (
        Recipient.objects.filter(
            team_id__in=list(team_ids), message__status=MessageStatus.PUBLISHED
        )
        .exclude(staff_id=leaving_out)
        .values("message_id", "team_id", "team__name")
        .annotate(people=Count("pk"), briefed=Count("pk", filter=Q(briefed_at__isnull=False)))
        .order_by()
    )
    counts = list(rows)
    messages = Message.objects.in_bulk({row["message_id"] for row in counts})
    found = [
        TeamMessage(
            messages[r["message_id"]], r["team_id"], r["team__name"], r["people"], r["briefed"]
        )
        for r in counts
    ]
    return sorted(
        found,
        key=lambda t: (t.message.published_at is None, t.message.published_at, t.message.pk),
        reverse=True,
    )


def team_recipients(
    message: Message, team_id: int, *, leaving_out: int | None = None
) -> list[Recipient]:
    """The people in the team a published message went to, by name, with whether each has been
    briefed and has understood it (leaving out one person, the manager themselves)."""
    return list(
        Recipient.objects.filter(message=message, team_id=team_id)
        .exclude(staff_id=leaving_out)
        .select_related("staff", "manager", "team")
        .order_by("staff__family_name", "staff__given_name", "pk")
    )


def published_message_with_id(message_id: int) -> Message | None:
    return Message.objects.filter(pk=message_id, status=MessageStatus.PUBLISHED).first()
