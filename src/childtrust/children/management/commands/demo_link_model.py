"""`childtrust demo_link_model`: trains the demo's linkage model on the demo's synthetic records
and stores it as package data (children/demo/link_model.json), for the demo to score its pairs
for review with. Run by hand when linkage.model or the demo's records change."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from childtrust.children.demo.link_model import MODEL_PATH, demo_link_model_train


class Command(BaseCommand):
    help = (
        "Train Splink on the demo partnership's synthetic records and store the model "
        "beside the demo's code (children/demo/link_model.json)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        records = demo_link_model_train()
        self.stdout.write(
            f"Trained on {records:,} records in {time.perf_counter() - started:.1f} s; "
            f"stored at {MODEL_PATH}."
        )
