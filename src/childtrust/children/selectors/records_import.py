"""The imports of agencies' records, for the page that loads them and each import's report."""

from __future__ import annotations

from django.db.models import QuerySet

from childtrust.children.models import RecordImport

RECENT_IMPORTS = 20


def record_imports_recent() -> QuerySet[RecordImport]:
    return RecordImport.objects.select_related("agency", "created_by").order_by(
        "-created_at", "-pk"
    )[:RECENT_IMPORTS]


def record_import_with_id(pk: int) -> RecordImport | None:
    return RecordImport.objects.select_related("agency", "created_by").filter(pk=pk).first()
