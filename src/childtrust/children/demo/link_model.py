"""The demo's linkage model: Splink trained once on the demo's own synthetic records with the
partnership's model (linkage.model), kept as package data (link_model.json, beside this
module), so that the demo's pairs for review are scored by a real model without training one
at every load.

Why stored rather than trained at load: training takes about 7 s on the demo's 6,000 records,
and the demo is loaded once for every test session; scoring the demo's candidate pairs with
the stored model takes about a second. Train it again, by hand, when the linkage model or the
demo's records change: `childtrust demo_link_model` (a test fails while the stored model's
comparisons and levels differ from linkage.model's)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from childtrust.children.demo.loading import CHILDREN, RECORD_AGENCIES, SEED
from childtrust.children.linkage.backends import DUCKDB, backend_for
from childtrust.children.linkage.cleaning import CLEAN_TABLE, RecordRow, records_load
from childtrust.children.linkage.model import model_json, model_train
from childtrust.children.record_rows import rows_check
from childtrust.children.synthetic import generate
from childtrust.children.synthetic.population import REFERENCE_DATE

MODEL_PATH = Path(__file__).with_name("link_model.json")


def demo_link_model() -> dict[str, Any]:
    """The stored model's settings, as Splink saves them."""
    model: dict[str, Any] = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return model


def record_row(unique_id: int, agency: int, fields: Mapping[str, Any]) -> RecordRow:
    """A record's normalised fields (the import's, AgencyRecord's) as linkage reads them."""
    return RecordRow(
        unique_id=unique_id,
        agency=agency,
        given_name=fields["given_name"],
        family_name=fields["family_name"],
        date_of_birth=fields["date_of_birth"],
        sex=fields["sex"],
        address=fields["address"],
        postcode=fields["postcode"],
        nhs_number=fields["nhs_number"],
        upn=fields["upn"],
    )


def demo_link_model_train(path: Path = MODEL_PATH) -> int:
    """Trains the model on the demo's records, checked and normalised by the import's rules
    (its children as on a fixed day, so that the model does not depend on the day it is
    made), and writes it to `path`. Returns how many records it trained on."""
    extracts = generate(
        CHILDREN, agencies=RECORD_AGENCIES, seed=SEED, today=REFERENCE_DATE, by_age=True
    )
    by_agency: dict[str, list[dict[str, str]]] = {slug: [] for slug in RECORD_AGENCIES}
    for row in extracts.rows():
        by_agency[row.pop("agency")].append(row)
    rows: list[RecordRow] = []
    for agency, agency_rows in enumerate(by_agency.values(), start=1):
        checked = rows_check(agency_rows, today=REFERENCE_DATE)
        rows += [
            record_row(len(rows) + n, agency, row.fields())
            for n, row in enumerate(checked.rows.values(), start=1)
        ]
    con = duckdb.connect()
    records_load(con, rows)
    linker = model_train(backend_for(DUCKDB, con).database_api(), CLEAN_TABLE, records=len(rows))
    path.write_text(json.dumps(model_json(linker), indent=1) + "\n", encoding="utf-8")
    return len(rows)
