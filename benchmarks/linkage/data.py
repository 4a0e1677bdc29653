"""The benchmark's records: the children app's synthetic extracts (with the truth) as the rows
linkage reads, and pairwise precision, recall and F1 of a clustering against the truth."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.synthetic import Extracts, generate

AGENCIES = ("community-health", "schools", "childrens-social-care", "youth-service")
# About 1.78 records a child with these four agencies.
RECORDS_PER_CHILD = 1.78


def synthetic(records: int, *, seed: int = 16) -> Extracts:
    return generate(round(records / RECORDS_PER_CHILD), agencies=AGENCIES, seed=seed)


def rows_of(extracts: Extracts) -> list[RecordRow]:
    agency_index = {slug: i + 1 for i, slug in enumerate(AGENCIES)}
    rows = []
    for i, row in enumerate(extracts.rows()):
        dob = row["date_of_birth"]
        rows.append(
            RecordRow(
                unique_id=i + 1,
                agency=agency_index[row["agency"]],
                given_name=row["given_name"],
                family_name=row["family_name"],
                date_of_birth=datetime.date.fromisoformat(dob) if dob else None,
                sex=row["sex"],
                address=row["address"],
                postcode=row["postcode"],
                nhs_number=row["nhs_number"],
                upn=row["upn"],
            )
        )
    return rows


@dataclass(frozen=True)
class Accuracy:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise_accuracy(predicted: Mapping[int, object], truth: Mapping[int, object]) -> Accuracy:
    """Over pairs of records: a pair is predicted if both have one cluster, true if both are
    one child."""
    together = _pairs(Counter((predicted[r], truth[r]) for r in truth))
    found = _pairs(Counter(predicted[r] for r in truth))
    real = _pairs(Counter(truth.values()))
    return Accuracy(
        precision=together / found if found else 1.0, recall=together / real if real else 1.0
    )
