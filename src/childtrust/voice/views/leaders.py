"""The leaders' page: the staff side of the change on one page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.charts import ChartPoint, bar_chart
from childtrust.core.permissions import access_required
from childtrust.voice import access
from childtrust.voice.selectors import leaders as selectors
from childtrust.voice.selectors.survey_results import survey_minimum_group_size


def _leaders_reach_chart(recent: list[selectors.LeadersMessage]) -> tuple[SafeString, str]:
    """Bars of the share each recent message has reached, and the sentence that says so."""
    shown = [item for item in reversed(recent) if item.reached_percent is not None]
    if not shown:
        return SafeString(""), ""
    least = min(shown, key=lambda item: item.reached_percent or 0)
    full = sum(1 for item in shown if item.reached == item.recipients)
    sentence = (
        f"Of the {len(shown)} most recent messages, {full} reached everyone they went to; "
        f"'{least.message.title}' has reached the fewest, {least.reached_percent:.0f}%."
    )
    chart = bar_chart(
        [
            ChartPoint(
                label=date_format(timezone.localtime(item.message.published_at), "j M")
                if item.message.published_at
                else "",
                value=item.reached_percent or 0,
            )
            for item in shown
        ],
        chart_id="leaders-reach",
        title="Share of people reached by each recent message, oldest first",
        description=sentence,
        y_max=100,
        percent=True,
        x_label="Published",
        y_label="Reached",
        height=220,
    )
    return chart, sentence


@access_required(access.can_view_leaders_page)
def leaders_page(request: AuthenticatedRequest) -> HttpResponse:
    overview = access.leaders_overview_for_user(request.user)
    chart, sentence = _leaders_reach_chart(overview.messages)
    return render(
        request,
        "voice/leaders_page.html",
        {
            "overview": overview,
            "reach_chart": chart,
            "reach_sentence": sentence,
            "can_send_messages": access.can_send_messages(request.user),
            "can_manage_surveys": access.can_manage_surveys(request.user),
            "minimum_group_size": survey_minimum_group_size(),
            "target_working_days": settings.FEEDBACK_RESPONSE_WORKING_DAYS,
        },
    )
