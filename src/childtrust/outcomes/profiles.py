"""What the partnership profile and the locality pages show: rows built from the outcomes
selectors, the words and tag colours for each judgement, the charts, and the CSV downloads.

The views in views.py stay thin: they find the area, call one function here and render (or
hand the rows of a download to core.csv_files.csv_download, which makes every cell safe to open
in a spreadsheet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.db.models import QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.text import slugify

from childtrust.core import charts
from childtrust.outcomes.models import Area, AreaType, Indicator
from childtrust.outcomes.selectors import (
    AreaComparison,
    SpineRow,
    Trend,
    indicator_comparisons,
    partnership_profile,
    recent_trend,
)
from childtrust.partnership.models import Locality
from childtrust.partnership.selectors.registry import (
    localities_by_name,
    locality_with_slug,
    ward_names_in,
)

#: The GOV.UK tag colour for each judgement, as the public health profiles colour them: better
#: green, similar amber, worse red, higher and lower blue. The words are always shown too.
TAG_CLASS: Final = {
    "best": "govuk-tag--green",
    "better": "govuk-tag--green",
    "similar": "govuk-tag--yellow",
    "worse": "govuk-tag--red",
    "worst": "govuk-tag--red",
    "higher": "govuk-tag--blue",
    "lower": "govuk-tag--light-blue",
}
#: The spine chart marker fill for each judgement (GOV.UK colours).
MARKER_FILL: Final = {
    "best": "#00703c",
    "better": "#00703c",
    "similar": "#ffdd00",
    "worse": "#d4351c",
    "worst": "#d4351c",
    "higher": "#1d70b8",
    "lower": "#5694ca",
}
NOT_COMPARED_FILL: Final = "#ffffff"


def judgement_words(judgement: str, benchmark: str) -> str:
    """The judgement in a sentence's words: "Better than England (99.8% confidence)"."""
    if judgement in ("best", "worst"):
        word = "Better" if judgement == "best" else "Worse"
        return f"{word} than {benchmark} (99.8% confidence)"
    if judgement in ("better", "worse", "higher", "lower"):
        return f"{judgement.capitalize()} than {benchmark}"
    if judgement == "similar":
        return f"Similar to {benchmark}"
    return "Not compared"


def trend_words(trend: Trend) -> str:
    if trend.direction == "could not be calculated":
        return "Could not be calculated"
    if trend.meaning:
        return f"{trend.direction.capitalize()} and {trend.meaning}"
    return trend.direction.capitalize()


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    comparison: AreaComparison
    england_value: float | None
    judgement: str
    tag_class: str
    trend: str
    chart: SafeString | None


def local_authorities() -> QuerySet[Area]:
    return Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).order_by("name")


def profile_area(code: str | None) -> Area | None:
    """The local authority chosen by its code; or else the partnership's own (the one holding
    data with localities or wards beneath it), so that comparators loaded beside it do not
    take its place; or else the first one (by name) holding data, or else the first one; None
    where there is none.

    Not indicator_page.partnership_area, though both find the partnership's authority on the
    demo: this page opens on an authority with figures to show, so a partnership that has
    loaded its wards' figures before its authority's own opens on a comparator holding data
    (the list offers its own), while the indicator page must centre its funnel on the authority
    its wards sit in, with or without figures of its own."""
    authorities = local_authorities()
    if code:
        area = authorities.filter(code=code).first()
        if area is None:
            raise Http404("No local authority has that code.")
        return area
    holding = authorities.filter(data_points__isnull=False).distinct()
    return holding.filter(children__isnull=False).first() or holding.first() or authorities.first()


def profile_filename(area: Area) -> str:
    return f"profile-{slugify(area.name)}.csv"


def profile_rows(area: Area) -> list[ProfileRow]:
    """Every indicator for the area against England, with its spine chart and recent trend.
    Four queries for the profile and one per indicator for its trend."""
    rows = []
    for number, spine in enumerate(partnership_profile(area), start=1):
        comparison = spine.comparison
        rows.append(
            ProfileRow(
                indicator=spine.indicator,
                comparison=comparison,
                england_value=spine.england_value,
                judgement=judgement_words(comparison.judgement, "England"),
                tag_class=TAG_CLASS.get(comparison.judgement, "govuk-tag--grey"),
                trend=trend_words(recent_trend(spine.indicator, area)),
                chart=_spine(spine, area, number),
            )
        )
    return rows


def _spine(spine: SpineRow, area: Area, number: int) -> SafeString | None:
    if (
        spine.england_value is None
        or spine.worst is None
        or spine.best is None
        or spine.percentile_25 is None
        or spine.percentile_75 is None
    ):
        return None
    value = spine.comparison.value
    title = f"{spine.indicator.name}: spine chart"
    description = (
        f"{area.name} {_figure(value) or 'has no value'}; England {_figure(spine.england_value)} "
        f"at the centre line; local authorities range from {_figure(spine.worst)} (worst, left) "
        f"to {_figure(spine.best)} (best, right), the middle half from "
        f"{_figure(spine.percentile_25)} to {_figure(spine.percentile_75)}."
    )
    return charts.spine_chart(
        chart_id=f"spine-{number}",
        title=title,
        description=description,
        centre=spine.england_value,
        worst=spine.worst,
        percentile_25=spine.percentile_25,
        percentile_75=spine.percentile_75,
        best=spine.best,
        value=value,
        marker_fill=MARKER_FILL.get(spine.comparison.judgement, NOT_COMPARED_FILL),
    )


def profile_csv_rows(area: Area, rows: list[ProfileRow]) -> list[list[str]]:
    """The profile as a table for a CSV download: a header, then one line per indicator."""
    table = [
        [
            "indicator",
            "area",
            "period",
            "value",
            "lower_95",
            "upper_95",
            "england_value",
            "compared_with_england",
            "recent_trend",
        ]
    ]
    for row in rows:
        c = row.comparison
        table.append(
            [
                row.indicator.name,
                area.name,
                c.period,
                _figure(c.value),
                _figure(c.lower_95),
                _figure(c.upper_95),
                _figure(row.england_value),
                row.judgement,
                row.trend,
            ]
        )
    return table


# --- Localities


@dataclass(frozen=True)
class LocalityLink:
    locality: Locality
    area: Area | None


def localities_with_data() -> list[LocalityLink]:
    """Every partnership locality, with its outcome area where one is held. Two queries."""
    areas = {a.name: a for a in Area.objects.filter(area_type=AreaType.LOCALITY).order_by("name")}
    return [
        LocalityLink(locality=locality, area=areas.get(f"{locality.name} locality"))
        for locality in localities_by_name()
    ]


@dataclass(frozen=True)
class LocalityLine:
    area: Area
    comparison: AreaComparison
    judgement: str
    tag_class: str


@dataclass(frozen=True)
class LocalityIndicator:
    indicator: Indicator
    period: str
    authority: AreaComparison | None
    locality: LocalityLine | None
    wards: list[LocalityLine]
    chart: SafeString | None


@dataclass(frozen=True)
class LocalityPage:
    locality: Locality
    area: Area
    authority: Area | None
    indicators: list[LocalityIndicator]


def _line(comparison: AreaComparison, authority_name: str) -> LocalityLine:
    return LocalityLine(
        area=comparison.area,
        comparison=comparison,
        judgement=judgement_words(comparison.judgement, authority_name),
        tag_class=TAG_CLASS.get(comparison.judgement, "govuk-tag--grey"),
    )


def locality_page(slug: str) -> LocalityPage:
    """The locality's and its wards' latest values for every indicator, against the local
    authority. Three queries, and three per indicator. 404 for an unknown locality or one with
    no outcome area."""
    locality = locality_with_slug(slug)
    if locality is None:
        raise Http404("No locality has that address.")
    area = (
        Area.objects.filter(area_type=AreaType.LOCALITY, name=f"{locality.name} locality")
        .select_related("parent")
        .first()
    )
    if area is None:
        raise Http404("No outcome data is held for this locality.")
    ward_names = ward_names_in(locality)
    authority = (
        area.parent if area.parent and area.parent.area_type == AreaType.LOCAL_AUTHORITY else None
    )
    authority_name = authority.name if authority else "the local authority"
    indicators = []
    for number, indicator in enumerate(Indicator.objects.order_by("name"), start=1):
        comparisons = indicator_comparisons(indicator)
        own = next((c for c in comparisons if c.area.pk == area.pk), None)
        wards = [
            _line(c, authority_name)
            for c in comparisons
            if c.area.area_type == AreaType.WARD and c.area.name in ward_names
        ]
        if own is None and not wards:
            continue
        city = next(
            (c for c in comparisons if authority is not None and c.area.pk == authority.pk), None
        )
        indicators.append(
            LocalityIndicator(
                indicator=indicator,
                period=(own or wards[0].comparison).period,
                authority=city,
                locality=_line(own, authority_name) if own else None,
                wards=wards,
                chart=_ward_chart(indicator, wards, city, number),
            )
        )
    return LocalityPage(locality=locality, area=area, authority=authority, indicators=indicators)


def _ward_chart(
    indicator: Indicator, wards: list[LocalityLine], city: AreaComparison | None, number: int
) -> SafeString | None:
    bars = [
        charts.ChartPoint(label=w.area.name, value=w.comparison.value)
        for w in wards
        if w.comparison.value is not None
    ]
    if not bars or city is None or city.value is None:
        return None
    description = (
        "One bar for each ward's value: "
        + "; ".join(f"{b.label} {b.value:.1f}" for b in bars)
        + f". The dashed line is {city.area.name}'s value, {city.value:.1f}."
    )
    return charts.bar_chart_with_line(
        bars,
        line_value=city.value,
        line_label=city.area.name,
        chart_id=f"wards-{number}",
        title=f"{indicator.name}: the wards' values against {city.area.name}",
        description=description,
    )


def locality_csv_rows(page: LocalityPage) -> list[list[str]]:
    """The locality page's figures as a table for a CSV download: a header, then one line for
    the locality and each of its wards under every indicator."""
    table = [
        [
            "indicator",
            "area",
            "area_type",
            "period",
            "value",
            "lower_95",
            "upper_95",
            "local_authority_value",
            "compared_with_local_authority",
        ]
    ]
    for item in page.indicators:
        lines = ([item.locality] if item.locality else []) + item.wards
        for line in lines:
            c = line.comparison
            table.append(
                [
                    item.indicator.name,
                    line.area.name,
                    line.area.get_area_type_display(),
                    c.period,
                    _figure(c.value),
                    _figure(c.lower_95),
                    _figure(c.upper_95),
                    _figure(c.benchmark_value),
                    line.judgement,
                ]
            )
    return table
