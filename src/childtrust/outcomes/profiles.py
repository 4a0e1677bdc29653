"""What the partnership profile and the locality pages show: rows built from the outcomes
selectors, the words and tag colours for each judgement, the charts, and the CSV downloads.

The views in views.py stay thin: they find the area, call one function here and render (or
hand the rows of a download to core.csv_files.csv_download, which makes every cell safe to open
in a spreadsheet)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.text import slugify

from childtrust.core import charts
from childtrust.outcomes import units, vocabulary
from childtrust.outcomes.models import Area, AreaType, Indicator
from childtrust.outcomes.selectors import (
    AreaComparison,
    SpineRow,
    indicator_comparisons,
    partnership_profile,
)
from childtrust.outcomes.trends import Trend, recent_trend
from childtrust.partnership.models import Locality
from childtrust.partnership.selectors.registry import (
    localities_by_name,
    locality_with_slug,
    ward_names_in,
)


def trend_words(trend: Trend) -> str:
    if trend.direction == "could not be calculated":
        # The reason says what to do about it (load more periods, the periods overlap, ...).
        return f"Could not be calculated. {trend.reason}".strip()
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
    unit: str = ""

    @property
    def confidence(self) -> float:
        return self.comparison.confidence


def profile_confidence_statement(rows: list[ProfileRow], benchmark: str = "England") -> str:
    """The profile's one sentence on the confidence its comparisons are made at."""
    return vocabulary.confidence_statement(
        benchmark, [(row.indicator.name, row.confidence) for row in rows]
    )


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
        compared = comparison.compared
        unit = units.value_unit(spine.indicator)
        rows.append(
            ProfileRow(
                indicator=spine.indicator,
                comparison=comparison,
                england_value=spine.england_value,
                judgement=compared.words,
                tag_class=compared.tag_class,
                trend=trend_words(recent_trend(spine.indicator, area)),
                chart=_spine(spine, area, number, unit),
                unit=unit,
            )
        )
    return rows


def _spine(spine: SpineRow, area: Area, number: int, unit: str) -> SafeString | None:
    if (
        spine.england_value is None
        or spine.worst is None
        or spine.best is None
        or spine.percentile_25 is None
        or spine.percentile_75 is None
    ):
        return None
    value = spine.comparison.value

    def said(figure: float | None) -> str:
        return units.with_unit(figure, unit)

    title = f"{spine.indicator.name}: spine chart"
    ends = (
        "(lowest, left) to {best} (highest, right)"
        if spine.indicator.polarity == "no_judgement"
        else "(worst, left) to {best} (best, right)"
    ).format(best=said(spine.best))
    description = (
        f"{area.name} {said(value) or 'has no value'}, "
        f"{spine.comparison.compared.words.lower()}; England {said(spine.england_value)} at the "
        f"centre line; local authorities range from {said(spine.worst)} {ends}, the middle "
        f"half from {said(spine.percentile_25)} to {said(spine.percentile_75)}."
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
        marker_fill=spine.comparison.compared.fill,
    )


def profile_csv_rows(area: Area, rows: list[ProfileRow]) -> list[list[str]]:
    """The profile as a table for a CSV download: a header, then one line per indicator. Each
    line names its unit and the confidence its comparison and interval are at, since the
    indicators differ."""
    table = [
        [
            "indicator",
            "area",
            "period",
            "unit",
            "value",
            "confidence",
            "lower_limit",
            "upper_limit",
            "england_value",
            "compared_with_england",
            "recent_trend",
        ]
    ]
    for row in rows:
        c = row.comparison
        lower, upper = c.interval
        table.append(
            [
                row.indicator.name,
                area.name,
                c.period,
                row.unit,
                _figure(c.value),
                vocabulary.confidence_words(c.confidence),
                _figure(lower),
                _figure(upper),
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
    unit: str = ""


@dataclass(frozen=True)
class LocalityPage:
    locality: Locality
    area: Area
    authority: Area | None
    indicators: list[LocalityIndicator]

    @property
    def confidence_statement(self) -> str:
        """The page's one sentence on the confidence its comparisons are made at."""
        benchmark = self.authority.name if self.authority else "the local authority"
        return vocabulary.confidence_statement(
            benchmark,
            [
                (i.indicator.name, vocabulary.comparison_confidence(i.indicator))
                for i in self.indicators
            ],
        )


def _line(comparison: AreaComparison) -> LocalityLine:
    compared = comparison.compared
    return LocalityLine(
        area=comparison.area,
        comparison=comparison,
        judgement=compared.words,
        tag_class=compared.tag_class,
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
    indicators = []
    for number, indicator in enumerate(Indicator.objects.order_by("name"), start=1):
        comparisons = indicator_comparisons(indicator)
        own = next((c for c in comparisons if c.area.pk == area.pk), None)
        wards = [
            _line(c)
            for c in comparisons
            if c.area.area_type == AreaType.WARD and c.area.name in ward_names
        ]
        if own is None and not wards:
            continue
        city = next(
            (c for c in comparisons if authority is not None and c.area.pk == authority.pk), None
        )
        unit = units.value_unit(indicator)
        indicators.append(
            LocalityIndicator(
                indicator=indicator,
                period=(own or wards[0].comparison).period,
                authority=city,
                locality=_line(own) if own else None,
                wards=wards,
                chart=_ward_chart(indicator, wards, city, number, unit),
                unit=unit,
            )
        )
    return LocalityPage(locality=locality, area=area, authority=authority, indicators=indicators)


def _ward_chart(
    indicator: Indicator,
    wards: list[LocalityLine],
    city: AreaComparison | None,
    number: int,
    unit: str,
) -> SafeString | None:
    bars = [
        charts.ChartPoint(label=w.area.name, value=w.comparison.value)
        for w in wards
        if w.comparison.value is not None
    ]
    if not bars or city is None or city.value is None:
        return None
    description = (
        f"One bar for each ward's value ({unit or 'no unit'}): "
        + "; ".join(f"{b.label} {units.with_unit(b.value, unit)}" for b in bars)
        + f". The dashed line is {city.area.name}'s value, {units.with_unit(city.value, unit)}."
    )
    return charts.bar_chart_with_line(
        bars,
        line_value=city.value,
        line_label=city.area.name,
        chart_id=f"wards-{number}",
        title=f"{indicator.name}: the wards' values against {city.area.name}",
        description=description,
        y_label=f"Value ({unit})" if unit else "Value",
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
            "unit",
            "value",
            "confidence",
            "lower_limit",
            "upper_limit",
            "local_authority_value",
            "compared_with_local_authority",
        ]
    ]
    for item in page.indicators:
        lines = ([item.locality] if item.locality else []) + item.wards
        for line in lines:
            c = line.comparison
            lower, upper = c.interval
            table.append(
                [
                    item.indicator.name,
                    line.area.name,
                    line.area.get_area_type_display(),
                    c.period,
                    item.unit,
                    _figure(c.value),
                    vocabulary.confidence_words(c.confidence),
                    _figure(lower),
                    _figure(upper),
                    _figure(c.benchmark_value),
                    line.judgement,
                ]
            )
    return table
