"""The board pack's fragment for the meeting page (`{% board_pack_links meeting %}`): links to
the printable pack and a button generating its PDF, with the meeting's latest PDFs, shown only
to those who may read packs (access.can_view_board_pack), so the meeting's own view need not
know the rule."""

from __future__ import annotations

from typing import Any

from django import template

from childtrust.strategy import access
from childtrust.strategy.models import BoardMeeting
from childtrust.strategy.selectors.board_pack import packs_of

register = template.Library()


@register.inclusion_tag("strategy/board_pack/_meeting_links.html", takes_context=True)
def board_pack_links(context: template.Context, meeting: BoardMeeting) -> dict[str, Any]:
    request = context.get("request")
    allowed = access.can_view_board_pack(getattr(request, "user", None))
    return {
        "allowed": allowed,
        "meeting": meeting,
        "packs": packs_of(meeting) if allowed else [],
        "csrf_token": context.get("csrf_token"),
    }
