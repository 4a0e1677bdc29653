"""The keys search finds a child by: each name's usual form (nicknames folded), its sounds
(two phonetic codes, so that a typo that changes one may keep the other) and the postcode's
district. Kept in step with the child and its records by children.search_keys; looked up by
index, so that a search reads a handful of rows, not 60,000 children."""

from __future__ import annotations

from django.db import models


class SearchKeyKind(models.TextChoices):
    NAME = "name", "Name, in its usual form"
    METAPHONE = "metaphone", "Name, as it sounds (Metaphone)"
    NYSIIS = "nysiis", "Name, as it sounds (NYSIIS)"
    DISTRICT = "district", "Postcode district"


class ChildSearchKey(models.Model):
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="search_keys"
    )
    kind = models.CharField(max_length=16, choices=SearchKeyKind.choices)
    key = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "child"], name="one_search_key_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"
