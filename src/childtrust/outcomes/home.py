"""What of the outcomes needs the signed-in person, for the home page (core.home): for those
who keep the indicators, how many of the partnership's indicators are worse than England or
getting worse, linked to the partnership profile that shows each with its comparison and
trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from childtrust.core.home import Need, NeedItem
from childtrust.core.permissions import PermissionHolder
from childtrust.outcomes import access, profiles, selectors, trends, vocabulary
from childtrust.outcomes.models import DataPoint

OUTCOMES = "Children's outcomes"


def outcomes_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_edit_indicator(user):
        return
    area = profiles.profile_area(None)
    if area is None:
        return
    rows = selectors.partnership_profile(area)
    points: dict[int, list[DataPoint]] = defaultdict(list)
    for point in selectors.headline_points().filter(area=area).order_by("-period_start"):
        points[point.indicator_id].append(point)
    worse = getting_worse = 0
    for row in rows:
        worse += row.comparison.judgement == vocabulary.WORSE
        trend = trends.trend_of(row.indicator, points[row.indicator.pk])
        getting_worse += trend.meaning == "getting worse"
    link = reverse("outcomes:profile")
    yield NeedItem(
        worse, "indicator worse than England", "indicators worse than England", link, OUTCOMES
    )
    yield NeedItem(
        getting_worse, "indicator getting worse", "indicators getting worse", link, OUTCOMES
    )
