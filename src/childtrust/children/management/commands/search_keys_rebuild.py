"""`childtrust search_keys_rebuild`: every child's search keys afresh (children.search_keys),
after a bulk load or a change to the nickname table. Search keeps working while it runs: each
batch of children is replaced in its own transaction."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from childtrust.children.search_keys import search_keys_rebuild


class Command(BaseCommand):
    help = "Rebuild every child's search keys (names' usual forms and sounds, postcode district)."

    def handle(self, *args: Any, **options: Any) -> None:
        children, keys = search_keys_rebuild()
        self.stdout.write(f"Rebuilt {keys:,} search keys for {children:,} children.")
