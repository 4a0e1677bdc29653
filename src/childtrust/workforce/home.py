"""What of the workforce needs the signed-in person, for the home page (core.home): a
restructure that affects them; for a team manager, their teams' vacancies; for a workforce
manager, the partnership's vacancy, turnover and agency worker rates against England, and the
restructures in consultation with the dates the law sets."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from childtrust.core.home import Figure, Need, NeedItem, day_words
from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.workforce import access
from childtrust.workforce.definitions import DEFINITIONS, WorkforceMeasure
from childtrust.workforce.models import Restructure, RestructureStatus
from childtrust.workforce.selectors import restructures as restructure_selectors
from childtrust.workforce.selectors import statistics as held
from childtrust.workforce.selectors.establishment.posts import PostFilter, posts_filtered
from childtrust.workforce.selectors.statistics_pages import (
    comparison_areas,
    latest_figures,
    measure_label,
)

WORKFORCE = "Workforce"
#: A restructure still going on: proposed, in consultation or being put in place.
LIVE = (RestructureStatus.PROPOSED, RestructureStatus.CONSULTATION, RestructureStatus.IMPLEMENTING)
#: The rates a workforce manager follows against England, in order.
RATES = (
    WorkforceMeasure.VACANCY_RATE,
    WorkforceMeasure.TURNOVER_RATE,
    WorkforceMeasure.AGENCY_RATE,
)


def _affecting_me(user: PermissionHolder) -> Iterator[Need]:
    staff = staff_record_of(user)
    if staff is None:
        return
    lines = restructure_selectors.affected_lines_of(staff)
    yield NeedItem(
        sum(line.restructure.status in LIVE for line in lines),
        "restructure that affects you",
        "restructures that affect you",
        reverse("workforce:my_restructures"),
        WORKFORCE,
    )


def _team_vacancies(user: PermissionHolder) -> Iterator[Need]:
    vacant = posts_filtered(
        access.posts_visible_to(user), PostFilter(vacant=True), timezone.localdate()
    )
    yield NeedItem(
        vacant.count(),
        "post with a vacancy in your teams",
        "posts with a vacancy in your teams",
        reverse("workforce:posts") + "?vacant=on",
        WORKFORCE,
    )


def _rates() -> Iterator[Need]:
    """The partnership's published rates in the latest year held, against England's."""
    year = held.statistics_latest_year()
    if year is None:
        return
    areas = comparison_areas()
    columns = {DEFINITIONS[m].column for m in RATES} | {
        c for m in RATES for c in (DEFINITIONS[m].numerator, *DEFINITIONS[m].denominator)
    }
    figures = {
        key: value
        for key, value in held.statistics_for(areas.codes, columns - {""}).items()
        if key[2] == year
    }
    for measure in RATES:
        latest = latest_figures(DEFINITIONS[measure], areas, figures, year, None)
        mine, england = latest.authority, latest.england
        label = measure_label(measure)
        yield Figure(
            f"{label[0].upper()}{label[1:]}, {year}",
            mine.text if mine is not None else "no figure",
            _against_england(mine.value if mine else None, england.value, england.text),
            reverse("workforce:statistic", args=[measure.value]),
        )


def _against_england(mine: float | None, england: float | None, england_text: str) -> str:
    if mine is None or england is None:
        return f"England: {england_text}"
    mine, england = round(mine, 1), round(england, 1)
    way = "Above" if mine > england else "Below" if mine < england else "The same as"
    return f"{way} England's {england_text}"


def _in_consultation(user: PermissionHolder) -> Iterator[Need]:
    today = timezone.localdate()
    consulting: list[Restructure] = list(
        access.restructures_visible_to(user)
        .filter(status=RestructureStatus.CONSULTATION)
        .select_related("agency")
        .order_by("consultation_starts_on", "pk")
    )
    dates = []
    for restructure in consulting:
        assessment = restructure_selectors.restructure_assessment(restructure, today)
        parts = []
        if assessment.hr1_deadline_on:
            parts.append(f"HR1 by {day_words(assessment.hr1_deadline_on)}")
        if assessment.earliest_on:
            parts.append(f"no dismissal before {day_words(assessment.earliest_on)}")
        if parts:
            dates.append(f"{restructure.title}: {', '.join(parts)}.")
    yield NeedItem(
        len(consulting),
        "restructure in consultation",
        "restructures in consultation",
        reverse("workforce:restructure", args=[consulting[0].pk])
        if len(consulting) == 1
        else reverse("workforce:restructures"),
        WORKFORCE,
        note=" ".join(dates),
    )


def workforce_needs(user: PermissionHolder) -> Iterator[Need]:
    if not access.can_view_workforce_section(user):
        return
    yield from _affecting_me(user)
    if access.can_manage_workforce(user):
        yield from _rates()
        yield from _in_consultation(user)
    elif access.can_view_team_workforce(user) and not access.can_view_all_workforce(user):
        yield from _team_vacancies(user)
