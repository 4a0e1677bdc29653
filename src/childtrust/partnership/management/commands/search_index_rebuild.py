"""`childtrust search_index_rebuild`: make the search's index anew from the registry and the
staff directory. The partnership's services keep it current as they write; run this after
migrating a database that already held records (migration 0003 makes the index empty), or
after records were loaded past the services."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from childtrust.partnership.models import SearchKind
from childtrust.partnership.search.index import search_index_rebuild


class Command(BaseCommand):
    help = "Make the search index anew from the services, agencies, teams, localities and staff."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = search_index_rebuild()
        made = ", ".join(
            f"{counts.get(kind, 0):,} {label.lower()}" for kind, label in SearchKind.choices
        )
        seconds = time.perf_counter() - started
        self.stdout.write(f"Search index rebuilt in {seconds:.1f} s: {made}.")
