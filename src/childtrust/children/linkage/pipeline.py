"""Linkage without the database: agency records in, children out. Cleans the records in
DuckDB, trains and scores with Splink, and clusters with the guards; the same path serves the
`link` command (through linkage.run) and the benchmark (which also runs it untuned)."""

# ruff: noqa: S608 (the SQL names only our own DuckDB tables and columns; values are bound)

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import Linker
from stdnum.gb import nhs as nhs_number

from childtrust.children.linkage.backends import DUCKDB, backend_for
from childtrust.children.linkage.cleaning import CLEAN_TABLE, RecordRow, name_clean, records_load
from childtrust.children.linkage.clustering import Clusters, Identity, Pair, clusters_build
from childtrust.children.linkage.model import (
    comparison_names,
    level_labels,
    model_current,
    model_load,
    model_save,
    model_train,
)

NEW_TABLE = "records_new"
# The evidence's first item: the match weight before any field is compared (Splink's label for
# the first bar of its waterfall chart).
PRIOR_FIELD = "prior"
PRIOR_LEVEL = "Starting match weight (prior)"
# Gamma values: -1 null, 0 the "Different" level; the NHS number's exact match is 1.
_DIFFERENT = 0
_NHS_AGREES = 1


@dataclass(frozen=True)
class Thresholds:
    upper: float
    lower: float


@dataclass
class Evidence:
    """The match weight and its parts: the prior first, then each field's, which add up to
    it (each rounded to 0.01, the prior taking up the rounding)."""

    match_weight: float
    fields: list[dict[str, Any]]

    @property
    def match_probability(self) -> float:
        return float(1.0 / (1.0 + 2.0**-self.match_weight))


@dataclass
class Outcome:
    clusters: Clusters
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)
    pairs_scored: int = 0


def identity_of(row: RecordRow, child: int | None = None) -> Identity:
    nhs = row.nhs_number if row.nhs_number and nhs_number.is_valid(row.nhs_number) else None
    given = name_clean(row.given_name)
    return Identity(
        agency=row.agency,
        nhs=nhs,
        upn=row.upn or None,
        child=child,
        given=given,
        family=name_clean(row.family_name),
        born=row.date_of_birth,
    )


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    return con


def link_all(
    rows: list[RecordRow],
    thresholds: Thresholds,
    *,
    rejected: Iterable[tuple[int, int]] = (),
    kept_together: Iterable[list[int]] = (),
    clean: bool = True,
    model_path: Path | None = None,
    backend: str = DUCKDB,
) -> Outcome:
    """Links every record afresh: trains on them, scores, clusters. `clean=False` is Splink
    alone (no cleaning, nicknames or guards), the benchmark's reference. `kept_together`:
    groups a reviewer confirmed. The trained model is saved at `model_path` if given."""
    con = _connect()
    records_load(con, rows, clean=clean)
    where = backend_for(backend, con)
    linker = model_train(
        where.database_api(), where.table(CLEAN_TABLE), records=len(rows), clean=clean
    )
    if model_path is not None:
        model_save(linker, model_path)
    predictions = where.scored(
        linker.inference.predict(threshold_match_probability=thresholds.lower)
    )
    pairs = _pairs(con, predictions)
    identities = {row.unique_id: identity_of(row) for row in rows}
    clusters = clusters_build(
        identities,
        pairs,
        upper=thresholds.upper,
        rejected=rejected,
        use_guards=clean,
        kept_together=kept_together,
    )
    evidence = _evidence(con, linker, predictions, _keys(clusters.review)) if clean else {}
    return Outcome(clusters=clusters, evidence=evidence, pairs_scored=len(pairs))


def link_new(
    existing: list[tuple[RecordRow, int]],
    new: list[RecordRow],
    thresholds: Thresholds,
    *,
    model_path: Path,
    rejected: Iterable[tuple[int, int]] = (),
    backend: str = DUCKDB,
) -> Outcome | None:
    """Matches the new records against the linked ones (each with its child) and each other,
    with the stored model, without scoring the linked records against each other. None if no
    model is stored yet, or the stored one is another version's (a full run trains afresh)."""
    if not model_current(model_path):
        return None
    con = _connect()
    records_load(con, [row for row, _ in existing], target=CLEAN_TABLE)
    records_load(con, new, target=NEW_TABLE)
    where = backend_for(backend, con)
    db_api = where.database_api()
    new_frame = db_api.register(where.table(NEW_TABLE))
    linker = model_load(new_frame, model_path)
    old_frame = db_api.register(where.table(CLEAN_TABLE))
    between = where.scored(
        linker.inference.predict_between(
            old_frame, new_frame, threshold_match_probability=thresholds.lower
        )
    )
    within = where.scored(
        linker.inference.predict_within(new_frame, threshold_match_probability=thresholds.lower)
    )
    pairs = _pairs(con, between) + _pairs(con, within)
    identities = {row.unique_id: identity_of(row, child) for row, child in existing}
    identities |= {row.unique_id: identity_of(row) for row in new}
    by_child: dict[int, list[int]] = {}
    for row, child in existing:
        by_child.setdefault(child, []).append(row.unique_id)
    clusters = clusters_build(
        identities,
        pairs,
        upper=thresholds.upper,
        rejected=rejected,
        kept_together=by_child.values(),
    )
    evidence = _evidence(con, linker, between, _keys(clusters.review))
    evidence |= _evidence(con, linker, within, _keys(clusters.review))
    return Outcome(clusters=clusters, evidence=evidence, pairs_scored=len(pairs))


def _pairs(con: duckdb.DuckDBPyConnection, predictions: str) -> list[Pair]:
    rows = con.execute(
        f"""SELECT least(unique_id_l, unique_id_r), greatest(unique_id_l, unique_id_r),
            match_probability,
            gamma_given_name = {_DIFFERENT} AND gamma_nhs_number <> {_NHS_AGREES}
                AND left(given_l, 3) <> left(given_r, 3),
            gamma_date_of_birth = {_DIFFERENT}
        FROM {predictions}"""
    ).fetchall()
    return [
        Pair(left, right, probability, bool(twins), bool(dates))
        for left, right, probability, twins, dates in rows
    ]


def pairs_score(pairs: list[tuple[RecordRow, RecordRow]], model: dict[str, Any]) -> list[Evidence]:
    """Each pair's evidence under a trained model (its JSON), in the pairs' order: just these
    pairs, whether or not the model's blocking would have found them. Each pair's records are
    copied under fresh ids (one record may be in several pairs) with the pair's number, the
    one blocking rule."""
    con = _connect()
    copies = [
        replace(row, unique_id=2 * number + side)
        for number, pair in enumerate(pairs)
        for side, row in enumerate(pair)
    ]
    records_load(con, copies)
    con.execute(f"ALTER TABLE {CLEAN_TABLE} ADD COLUMN pair BIGINT")
    con.execute(f"UPDATE {CLEAN_TABLE} SET pair = unique_id // 2")
    settings = model | {
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": 'l."pair" = r."pair"', "sql_dialect": "duckdb"}
        ]
    }
    db_api = backend_for(DUCKDB, con).database_api()
    linker = Linker(db_api.register(CLEAN_TABLE), settings)
    scored = linker.inference.predict().physical_name
    keys = [(2 * number, 2 * number + 1) for number in range(len(pairs))]
    found = _evidence(con, linker, scored, keys)
    return [found[key] for key in keys]


def _keys(review: list[Pair]) -> list[tuple[int, int]]:
    return [(p.left, p.right) for p in review]


def _evidence(
    con: duckdb.DuckDBPyConnection,
    linker: Linker,
    predictions: str,
    wanted: list[tuple[int, int]],
) -> dict[tuple[int, int], Evidence]:
    """For each wanted pair (ids in order), the prior (the weight before any comparison:
    Splink's match weight less its fields' parts) and each field's level in words and its
    match-weight contribution (Splink's `mw_` column: log2 of its Bayes factor)."""
    if not wanted:
        return {}
    names = comparison_names(linker)
    labels = level_labels(linker)
    con.register(
        "review_pairs",
        pa.table({"l": [left for left, _ in wanted], "r": [right for _, right in wanted]}),
    )
    columns = ", ".join(f"gamma_{n}, mw_{n}" for n in names)
    rows = con.execute(
        f"""SELECT least(unique_id_l, unique_id_r), greatest(unique_id_l, unique_id_r),
            match_weight, {columns}
        FROM {predictions} p
        JOIN review_pairs w ON w.l = least(p.unique_id_l, p.unique_id_r)
            AND w.r = greatest(p.unique_id_l, p.unique_id_r)"""
    ).fetchall()
    con.unregister("review_pairs")
    found: dict[tuple[int, int], Evidence] = {}
    for left, right, weight, *values in rows:
        fields: list[dict[str, Any]] = []
        parts = 0.0
        for i, name in enumerate(names):
            gamma, weight_part = values[2 * i], values[2 * i + 1]
            part = round(float(weight_part or 0.0), 2)
            parts += part
            fields.append(
                {"field": name, "level": labels[name].get(int(gamma), str(gamma)), "weight": part}
            )
        # The prior takes up the parts' rounding, so that the stored parts add up.
        prior = round(round(float(weight), 2) - parts, 2)
        first = {"field": PRIOR_FIELD, "level": PRIOR_LEVEL, "weight": prior}
        found[(left, right)] = Evidence(match_weight=float(weight), fields=[first, *fields])
    return found
