"""Reads of the risk register: open risks by residual score, the top ones, those past their
review date, closed ones, one risk with its objectives, the 5x5 heat map of counts with each
cell's band in words, and the register as rows for a CSV download."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from childtrust.strategy.models import Objective, Risk, RiskStatus
from childtrust.strategy.wording import days_words

LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def risk_band(score: int) -> str:
    """The band of a likelihood x impact score (1 to 25), as the partnership's risk policy
    sets them: 1-4 low, 5-9 medium, 10-14 high, 15-25 very high."""
    if score >= 15:
        return "very high"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


def _risks() -> QuerySet[Risk]:
    return Risk.objects.select_related("owner__agency")


def _by_residual_score(risks: Sequence[Risk]) -> list[Risk]:
    return sorted(risks, key=lambda r: (-r.residual_score, -r.inherent_score, r.reference, r.pk))


def risks_open() -> list[Risk]:
    """Open risks, the highest residual score first (then the highest inherent score)."""
    return _by_residual_score(list(_risks().filter(status=RiskStatus.OPEN)))


def risks_top(limit: int = 5) -> list[Risk]:
    return risks_open()[:limit]


def risks_past_review(today: datetime.date) -> list[Risk]:
    """Open risks whose review date has passed, the longest overdue first."""
    return list(
        _risks().filter(status=RiskStatus.OPEN, review_on__lt=today).order_by("review_on", "pk")
    )


def risks_closed() -> list[Risk]:
    return list(_risks().filter(status=RiskStatus.CLOSED).order_by("reference"))


def risk_with_everything(pk: int) -> Risk | None:
    return _risks().prefetch_related("objectives__plan").filter(pk=pk).first()


def risks_for_objective(objective: Objective) -> list[Risk]:
    """The risks linked to an objective, open ones first, then by residual score."""
    risks = list(_risks().filter(objectives=objective))
    return sorted(_by_residual_score(risks), key=lambda r: r.status != RiskStatus.OPEN)


def review_timing(risk: Risk, today: datetime.date) -> str:
    """ "Review overdue by 3 days" for an open risk past its review date, else ""."""
    if risk.status != RiskStatus.OPEN or risk.review_on >= today:
        return ""
    return f"Review overdue by {days_words((today - risk.review_on).days)}"


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return risk_band(self.score)

    @property
    def words(self) -> str:
        """ "3 risks, high"."""
        return f"{self.count} risk{'s' if self.count != 1 else ''}, {self.band}"


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    label: str
    cells: tuple[HeatCell, ...]  # impact 1 to 5


@dataclass(frozen=True)
class HeatMap:
    residual: bool
    rows: tuple[HeatRow, ...]  # likelihood 5 down to 1
    impacts: tuple[tuple[int, str], ...]  # (1, "Negligible") ... (5, "Severe")

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)

    @property
    def which(self) -> str:
        return "residual" if self.residual else "inherent"


def heat_map(risks: Sequence[Risk], *, residual: bool = True) -> HeatMap:
    """How many risks sit at each likelihood x impact, after controls (residual) or before them
    (inherent)."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (
            (risk.residual_likelihood, risk.residual_impact)
            if residual
            else (risk.inherent_likelihood, risk.inherent_impact)
        )
        counts[key] = counts.get(key, 0) + 1
    rows = tuple(
        HeatRow(
            likelihood=likelihood,
            label=LIKELIHOOD_WORDS[likelihood],
            cells=tuple(
                HeatCell(likelihood, impact, counts.get((likelihood, impact), 0))
                for impact in range(1, 6)
            ),
        )
        for likelihood in range(5, 0, -1)
    )
    return HeatMap(residual=residual, rows=rows, impacts=tuple(IMPACT_WORDS.items()))


CSV_HEADER = [
    "Reference",
    "Title",
    "Status",
    "Cause",
    "Effect",
    "Owner",
    "Owner's agency",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Residual likelihood",
    "Residual impact",
    "Residual score",
    "Residual band",
    "Controls",
    "Actions",
    "Proximity",
    "Review date",
    "Objectives",
]


def risks_csv_rows(risks: Sequence[Risk]) -> list[list[str]]:
    """The register as rows of text (a header, then a risk a row); the CSV writer makes each
    cell safe for spreadsheets."""
    rows = [CSV_HEADER]
    for risk in risks:
        rows.append(
            [
                risk.reference,
                risk.title,
                risk.get_status_display(),
                risk.cause,
                risk.effect,
                str(risk.owner),
                str(risk.owner.agency),
                str(risk.inherent_likelihood),
                str(risk.inherent_impact),
                str(risk.inherent_score),
                str(risk.residual_likelihood),
                str(risk.residual_impact),
                str(risk.residual_score),
                risk_band(risk.residual_score),
                risk.controls,
                risk.actions,
                risk.get_proximity_display(),
                risk.review_on.isoformat(),
                "; ".join(o.title for o in risk.objectives.all()),
            ]
        )
    return rows


def risks_all_for_csv() -> list[Risk]:
    """Every risk, open ones first by residual score, then closed ones, with their objectives."""
    risks = list(_risks().prefetch_related("objectives"))
    open_risks = _by_residual_score([r for r in risks if r.status == RiskStatus.OPEN])
    closed = sorted((r for r in risks if r.status != RiskStatus.OPEN), key=lambda r: r.reference)
    return open_risks + closed
