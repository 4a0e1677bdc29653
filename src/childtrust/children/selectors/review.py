"""What the review pages show of a pair of records: the two side by side with each difference
named in words, and linkage's evidence (each field's comparison level and what it added to or
took from the match weight) as a table, a chart and a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from childtrust.children.models import AgencyRecord, Child, LinkReview
from childtrust.core.charts import ChartPoint
from childtrust.core.charts.horizontal import horizontal_bar_chart
from childtrust.core.dates import day_text

# The starting weight (the prior), then the fields linkage compares, as the evidence names
# them (linkage.pipeline), in the order shown.
PRIOR = "prior"
FIELD_LABELS = {
    PRIOR: "Starting weight",
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "home": "Address and postcode",
    # Evidence stored before address and postcode were compared as one home.
    "postcode": "Postcode",
    "address": "Address",
    "nhs_number": "NHS number",
}
# The plural the sentence speaks of ("the dates of birth differ").
_FIELD_PLURALS = {
    "given_name": "given names",
    "family_name": "family names",
    "date_of_birth": "dates of birth",
    "sex": "sexes recorded",
    "home": "addresses and postcodes",
    "postcode": "postcodes",
    "address": "addresses",
    "nhs_number": "NHS numbers",
}
# Each of linkage's level labels (linkage.model), as the sentence says it.
_LEVEL_WORDS = {
    "Exact match": "agree exactly",
    "Nickname or variant": "are forms of one name",
    "Swapped with the family name": "are swapped with the family names",
    "Swapped with the given name": "are swapped with the given names",
    "One typo": "differ by one letter",
    "Similar (Jaro-Winkler)": "are similar",
    "Day and month swapped": "have the day and month swapped",
    "One digit wrong": "differ by one digit",
    "Within a month": "are within a month of each other",
    "Within a year": "are within a year of each other",
    "Same sector": "share the postcode sector",
    "Same district": "share the postcode district",
    "Same address and postcode": "agree exactly",
    "Same address, another postcode": "share the address but not the postcode",
    "Same postcode, another address": "share the postcode but not the address",
    "Very similar address": "have very similar addresses",
    "Very similar": "are very similar",
    "Similar": "are similar",
    "Different": "differ",
    # Splink's own label, where a level is left unnamed.
    "All other comparisons": "differ",
}
# A level that says a field is missing from one record or both (Splink's "x is NULL").
_MISSING_WORDS = ("null", "blank")


def link_review_queue(user: Any) -> QuerySet[LinkReview]:
    """The pairs waiting for this reviewer, highest probability first, with both records."""
    from childtrust.children import access

    return access.link_reviews_visible_to(user).select_related("record__agency", "other__agency")


def child_records(child: Child) -> QuerySet[AgencyRecord]:
    """The child's records, oldest first, for the split page (the child already read)."""
    return AgencyRecord.objects.filter(child=child).select_related("agency").order_by("pk")


def match_percent(probability: float) -> str:
    """The match probability as a percentage to one decimal place, never rounded to 0 or 100."""
    percent = probability * 100
    if 0 < percent < 0.1:
        return "less than 0.1%"
    if 99.9 < percent < 100:
        return "more than 99.9%"
    return f"{percent:.1f}%"


def signed_weight(weight: float) -> str:
    """+6.2, 0.0, and a negative weight with a true minus sign (U+2212)."""
    if round(weight, 1) == 0:
        return "0.0"
    return f"+{weight:.1f}" if weight > 0 else f"\u2212{abs(weight):.1f}"


# --- The two records side by side --------------------------------------------------------------


@dataclass(frozen=True)
class PairRow:
    label: str
    left: str
    right: str

    @property
    def differs(self) -> bool:
        return self.left.casefold() != self.right.casefold()

    @property
    def comparison(self) -> str:
        """In words, so that a difference does not rest on colour."""
        if not self.left and not self.right:
            return "Neither record has it"
        if not self.left or not self.right:
            return "Only one record has it"
        return "Different" if self.differs else "Same"


def _shown(record: AgencyRecord) -> dict[str, str]:
    return {
        "Agency": record.agency.name,
        "Agency's record id": record.record_id,
        "Given name": record.given_name,
        "Family name": record.family_name,
        "Date of birth": day_text(record.date_of_birth) if record.date_of_birth else "",
        "Sex": record.get_sex_display() if record.sex else "",
        "Address": record.address,
        "Postcode": record.postcode,
        "NHS number": _nhs_spaced(record.nhs_number),
        "Unique pupil number": record.upn,
        "Child": record.child.reference if record.child else "",
    }


def _nhs_spaced(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


def pair_rows(record: AgencyRecord, other: AgencyRecord) -> list[PairRow]:
    left, right = _shown(record), _shown(other)
    return [PairRow(label, left[label], right[label]) for label in left]


# --- The evidence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    label: str
    level: str
    weight: float
    # As shown, to one decimal place: see evidence_rows.
    shown: float

    @property
    def weight_shown(self) -> str:
        return signed_weight(self.shown)

    @property
    def is_prior(self) -> bool:
        return self.field == PRIOR

    @property
    def missing(self) -> bool:
        return not self.is_prior and any(word in self.level.casefold() for word in _MISSING_WORDS)

    @property
    def level_shown(self) -> str:
        if self.is_prior:
            # The prior's odds are 2 ** weight, so one pair in 1 + 2 ** -weight is one child.
            pairs = 1 + 2**-self.weight
            return f"Before comparing: 1 in {pairs:,.0f} random pairs of records are one child"
        return "Missing from one record or both" if self.missing else self.level


def evidence_rows(review: LinkReview) -> list[EvidenceRow]:
    """Linkage's evidence for the pair: the starting weight, then the fields in their usual
    order (unknown fields last). Where the evidence has its starting weight, the parts are
    shown rounded so that they add up to the match weight as shown (each within 0.1 of its
    value: the largest remainders rounded up), as the page says they do."""
    order = list(FIELD_LABELS)
    items = [item for item in review.evidence or [] if isinstance(item, dict)]
    items.sort(
        key=lambda i: order.index(str(i.get("field"))) if i.get("field") in order else len(order)
    )
    weights = [float(item.get("weight", 0.0) or 0.0) for item in items]
    with_prior = any(item.get("field") == PRIOR for item in items)
    shown = _parts_shown(weights, review.match_weight) if with_prior else None
    return [
        EvidenceRow(
            field=str(item.get("field", "")),
            label=FIELD_LABELS.get(str(item.get("field", "")), str(item.get("field", ""))),
            level=str(item.get("level", "")),
            weight=weight,
            shown=shown[i] if shown else round(weight, 1),
        )
        for i, (item, weight) in enumerate(zip(items, weights, strict=True))
    ]


def _parts_shown(weights: list[float], total: float) -> list[float] | None:
    """The weights to one decimal place, adding up to the total to one decimal place: each
    rounded down, then those with the largest remainders up, until they do. In hundredths,
    as linkage stores them, so that the arithmetic is exact. None if they do not add up to
    the total (evidence from before the starting weight was stored)."""
    hundredths = [round(w * 100) for w in weights]
    if abs(sum(hundredths) - total * 100) > 1:
        return None
    tenths = [h // 10 for h in hundredths]
    short = round(round(total, 1) * 10) - sum(tenths)
    if not 0 <= short <= len(tenths):
        return None
    by_remainder = sorted(range(len(tenths)), key=lambda i: (-(hundredths[i] % 10), i))
    for i in by_remainder[:short]:
        tenths[i] += 1
    return [t / 10 for t in tenths]


def evidence_sum_sentence(rows: list[EvidenceRow], match_weight: float) -> str:
    """ "The starting weight (-11.8) and the fields' weights (+18.3 in all) add up to the match
    weight (+6.5).", or nothing when the evidence has no starting weight."""
    prior = next((r for r in rows if r.is_prior), None)
    if prior is None:
        return ""
    fields = round(sum(r.shown for r in rows if not r.is_prior), 1)
    return (
        f"The starting weight ({prior.weight_shown}) and the fields' weights "
        f"({signed_weight(fields)} in all) add up to the match weight "
        f"({signed_weight(match_weight)})."
    )


def _clause(row: EvidenceRow) -> str:
    plural = _FIELD_PLURALS.get(row.field, row.label.lower())
    words = _LEVEL_WORDS.get(row.level, f"fall in the level “{row.level}”")
    return f"the {plural} {words} ({row.weight_shown})"


def evidence_sentence(rows: list[EvidenceRow]) -> str:
    """The evidence in words, strongest first: "The given names agree exactly (+6.2), the
    dates of birth differ by one digit (-1.1) ..."; a field missing from a record is named at
    the end, since it counts neither way."""
    counted = sorted(
        (r for r in rows if not r.missing and not r.is_prior), key=lambda r: -abs(r.weight)
    )
    missing = [r for r in rows if r.missing]
    if not counted and not missing:
        return "Linkage left no evidence for this pair."
    sentence = _and([_clause(r) for r in counted])
    if missing:
        names = _and([_FIELD_PLURALS.get(r.field, r.label.lower()) for r in missing])
        tail = f"the {names} cannot be compared, as one record or both lack them"
        sentence = f"{sentence}; {tail}" if sentence else tail
    return sentence[0].upper() + sentence[1:] + "."


def _and(parts: list[str]) -> str:
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def evidence_chart(rows: list[EvidenceRow]) -> SafeString:
    return horizontal_bar_chart(
        [ChartPoint(r.label, r.shown) for r in rows],
        chart_id="evidence-chart",
        title="The starting weight, and what each field added to it or took from it",
        description=evidence_sentence(rows),
        x_label="Match weight (units)",
        value_format=signed_weight,
    )
