"""Factories for clerical review: a pair of records waiting for a decision, with evidence as
linkage writes it (linkage.pipeline). Every name here is invented."""

from __future__ import annotations

from typing import Any

import factory

from childtrust.children import models as c
from tests.children.factories import AgencyRecordFactory

# The starting weight and the fields' parts add up to the factory's match weight (2.2).
EVIDENCE: list[dict[str, Any]] = [
    {"field": "prior", "level": "Starting match weight (prior)", "weight": -9.9},
    {"field": "given_name", "level": "Nickname or variant", "weight": 4.1},
    {"field": "family_name", "level": "Exact match", "weight": 6.2},
    {"field": "date_of_birth", "level": "Within a month", "weight": -1.1},
    {"field": "sex", "level": "Exact match", "weight": 0.9},
    {"field": "postcode", "level": "Same district", "weight": 2.0},
    {"field": "address", "level": "address is NULL", "weight": 0.0},
    {"field": "nhs_number", "level": "nhs is NULL", "weight": 0.0},
]


class LinkReviewFactory(factory.django.DjangoModelFactory):
    """Its two records in the order the model's constraint asks (the lower key first)."""

    class Meta:
        model = c.LinkReview

    record = factory.SubFactory(AgencyRecordFactory)
    other = factory.SubFactory(AgencyRecordFactory)
    match_probability = 0.82
    match_weight = 2.2
    evidence = factory.LazyFunction(lambda: [dict(item) for item in EVIDENCE])

    @classmethod
    def _create(cls, model_class: type[c.LinkReview], *args: Any, **kwargs: Any) -> c.LinkReview:
        record, other = kwargs["record"], kwargs["other"]
        if record.pk > other.pk:
            kwargs["record"], kwargs["other"] = other, record
        review: c.LinkReview = super()._create(model_class, *args, **kwargs)
        return review
