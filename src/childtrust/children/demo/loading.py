"""What the children's demo parts share: the day, the seed, the agencies holding records, and a
bulk insert that counts what it made."""

from __future__ import annotations

import datetime
import random
from typing import TypeVar

from django.db import models
from django.utils import timezone

from childtrust.partnership.models import Agency

SEED = 16
CHILDREN = 3000
#: The demo agencies that send records (slugs); CAMHS appears only as an involvement.
RECORD_AGENCIES = (
    "community-health",
    "education-partnership",
    "childrens-services",
    "police-ppu",
    "youth-trust",
)

ModelT = TypeVar("ModelT", bound=models.Model)


class ChildrenDemoRefusedError(Exception):
    """The children's tables already hold records, or the partnership lacks what they need."""


class ChildrenDemo:
    def __init__(self, *, today: datetime.date | None, seed: int) -> None:
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 (invented data, not security)
        self.created: dict[type[models.Model], int] = {}
        self.agencies = {agency.slug: agency for agency in Agency.objects.all()}
        missing = [slug for slug in RECORD_AGENCIES if slug not in self.agencies]
        if missing:
            raise ChildrenDemoRefusedError(
                f"The demo partnership has no agency {', '.join(missing)}: load it first."
            )

    def insert(self, model: type[ModelT], objects: list[ModelT]) -> list[ModelT]:
        made = model._default_manager.bulk_create(objects, batch_size=1000)
        self.created[model] = self.created.get(model, 0) + len(made)
        return made
