"""The agencies' extracts of the synthetic children, loaded as the import would load them: each
row checked and normalised by the import's own rules (record_rows), one finished import a
agency with its report, each record with the import's content hash."""

from __future__ import annotations

from childtrust.children.demo.loading import RECORD_AGENCIES, ChildrenDemo
from childtrust.children.models import AgencyRecord, ImportStatus, RecordImport
from childtrust.children.models.records import ImportChannel
from childtrust.children.record_rows import rows_check
from childtrust.children.synthetic import Extracts


def records_build(demo: ChildrenDemo, extracts: Extracts) -> dict[tuple[str, str], AgencyRecord]:
    """Every agency's records, by (agency slug, record_id), not yet saved (linkage gives each
    its child first, so that they are written once); their imports saved."""
    rows_by_agency: dict[str, list[dict[str, str]]] = {slug: [] for slug in RECORD_AGENCIES}
    for row in extracts.rows():
        rows_by_agency[row.pop("agency")].append(row)
    records: list[AgencyRecord] = []
    for slug, rows in rows_by_agency.items():
        checked = rows_check(rows, today=demo.today)
        record_import = demo.insert(
            RecordImport,
            [
                RecordImport(
                    agency=demo.agencies[slug],
                    source_name=f"{slug}-children.csv",
                    channel=ImportChannel.COMMAND_LINE,
                    status=ImportStatus.DONE,
                    rows_total=checked.read,
                    rows_done=checked.read,
                    created=len(checked.rows),
                    rejected=len(checked.rejections),
                    rejections=[rejection.as_json() for rejection in checked.rejections],
                    warnings=[warning.as_json() for warning in checked.warnings],
                    finished_at=demo.now,
                )
            ],
        )[0]
        records += [
            AgencyRecord(
                agency=demo.agencies[slug],
                record_id=row.record_id,
                **row.fields(),
                content_hash=row.content_hash,
                last_import=record_import,
            )
            for row in checked.rows.values()
        ]
    slugs = {agency.pk: slug for slug, agency in demo.agencies.items()}
    return {(slugs[record.agency_id], record.record_id): record for record in records}
