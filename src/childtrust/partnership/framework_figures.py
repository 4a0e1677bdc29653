"""The figures the outcomes framework shows under each priority, from an app above this one.

The partnership sits below the outcomes app, so it never imports it: the outcomes app registers
a provider here when it starts (its AppConfig's `ready`), as apps register their pages with
core.navigation. The framework page then lists, under each priority, how its progress is
measured: each of the framework's own indicators once, with the figures of the indicator
attached as its figures where there is one, and then any other indicator attached to the
priority, with its figures. Without a provider (or for someone who may not see the figures) the
page lists the framework's indicators alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from childtrust.core.permissions import PermissionHolder
from childtrust.partnership.models import FrameworkIndicator, Outcome, Priority


@dataclass(frozen=True)
class IndicatorFigures:
    """One attached indicator's latest figures, in words ready to show."""

    name: str
    url: str  # its page
    framework_indicator_id: int | None  # the framework's indicator it gives the figures for
    period: str  # "" where no figures are held for the partnership's area
    value: str  # with its unit: "64.8%", "225.8 per 100,000"
    england: str  # England's value in the same period, with its unit, or ""
    comparison: str  # "Worse than England", "Similar to England", "Not compared"
    comparison_colour: str  # a GOV.UK tag colour: "red", "yellow", "green", "blue", "grey"
    trend: str  # "Increasing and getting worse", "No significant change", ...


FiguresProvider = Callable[
    [Sequence[Priority], PermissionHolder], dict[int, list[IndicatorFigures]]
]
AttachUrl = Callable[[Priority, PermissionHolder], str | None]

_providers: dict[str, tuple[FiguresProvider, AttachUrl]] = {}


def framework_figures_register(name: str, figures: FiguresProvider, attach_url: AttachUrl) -> None:
    """Registers (or, on a second start in the same process, replaces) a provider: `figures`
    gives, for the priorities and the user, each priority's attached indicators by the
    priority's id; `attach_url` the address of the page where the user attaches an indicator to
    the priority, or None when they may not."""
    _providers[name] = (figures, attach_url)


@dataclass(frozen=True)
class Measure:
    """One line under a priority: the framework's indicator, its figures, or both (merged)."""

    name: str
    description: str
    framework_indicator: FrameworkIndicator | None
    figures: IndicatorFigures | None


@dataclass(frozen=True)
class PriorityMeasures:
    measures: list[Measure]
    attach_url: str | None


def _measures(priority: Priority, attached: list[IndicatorFigures]) -> list[Measure]:
    """The framework's indicators first, each with the figures attached for it, then the other
    indicators attached to the priority."""
    by_framework = {f.framework_indicator_id: f for f in attached if f.framework_indicator_id}
    own = list(priority.indicators.all())
    merged = {indicator.pk for indicator in own}
    return [
        *(Measure(i.name, i.description, i, by_framework.get(i.pk)) for i in own),
        *(Measure(f.name, "", None, f) for f in attached if f.framework_indicator_id not in merged),
    ]


def priority_measures(
    priorities: Sequence[Priority], user: PermissionHolder
) -> dict[int, PriorityMeasures]:
    """Each priority's measures (by the priority's id) and where the user attaches another.
    The priorities' framework indicators must be fetched already (prefetched)."""
    attached: dict[int, list[IndicatorFigures]] = {}
    attach_urls: list[AttachUrl] = []
    for figures, attach_url in _providers.values():
        for priority_id, found in figures(priorities, user).items():
            attached.setdefault(priority_id, []).extend(found)
        attach_urls.append(attach_url)
    return {
        priority.pk: PriorityMeasures(
            measures=_measures(priority, attached.get(priority.pk, [])),
            attach_url=next(
                (url for url in (get(priority, user) for get in attach_urls) if url), None
            ),
        )
        for priority in priorities
    }


@dataclass(frozen=True)
class PriorityWithMeasures:
    priority: Priority
    measures: list[Measure]
    attach_url: str | None


@dataclass(frozen=True)
class OutcomeWithMeasures:
    outcome: Outcome
    priorities: list[PriorityWithMeasures]


def framework_with_measures(
    outcomes: Sequence[Outcome], user: PermissionHolder
) -> list[OutcomeWithMeasures]:
    """The framework's outcomes in order, each priority with its measures, for the framework
    page. The outcomes' priorities and their indicators must be prefetched."""
    priorities = [priority for outcome in outcomes for priority in outcome.priorities.all()]
    found = priority_measures(priorities, user)
    return [
        OutcomeWithMeasures(
            outcome=outcome,
            priorities=[
                PriorityWithMeasures(p, found[p.pk].measures, found[p.pk].attach_url)
                for p in outcome.priorities.all()
            ],
        )
        for outcome in outcomes
    ]
