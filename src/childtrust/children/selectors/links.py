"""Where linkage put each agency record, for `childtrust export_links`."""

from __future__ import annotations

from collections.abc import Iterator

from childtrust.children.models import AgencyRecord

EXPORT_COLUMNS = ("agency", "record_id", "child_id", "match_probability", "status")


def links_for_export() -> Iterator[tuple[str, str, str, str, str]]:
    """(agency slug, record id, the child's reference, match probability, link status) for
    every record, by agency and record id; blanks where a record is not linked yet."""
    rows = (
        AgencyRecord.objects.filter(anonymised_at__isnull=True)
        .order_by("agency__slug", "record_id")
        .values_list(
            "agency__slug", "record_id", "child__reference", "match_probability", "link_status"
        )
    )
    for agency, record_id, child, probability, status in rows.iterator(chunk_size=20000):
        shown = "" if probability is None else f"{probability:.4f}"
        yield agency, record_id, child or "", shown, status
