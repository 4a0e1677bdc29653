"""The evidence linkage stores for a pair for review: the starting weight (the prior) first,
then each field's level and weight, adding up to the pair's match weight; the same whether the
pair was found by the model's blocking or scored alone (as the demo scores its pairs); and the
demo's stored model still the partnership's model."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pytest
from benchmarks.linkage.data import rows_of, synthetic
from splink import DuckDBAPI, Linker

from childtrust.children.demo.link_model import demo_link_model
from childtrust.children.linkage.cleaning import CLEAN_TABLE, records_load
from childtrust.children.linkage.model import model_json, model_settings
from childtrust.children.linkage.pipeline import (
    PRIOR_FIELD,
    PRIOR_LEVEL,
    Outcome,
    Thresholds,
    link_all,
    pairs_score,
)
from childtrust.children.synthetic.extracts import Extracts


@pytest.fixture(scope="module")
def extracts() -> Extracts:
    return synthetic(600, seed=5)


@pytest.fixture(scope="module")
def linked(extracts: Extracts, tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, Path]:
    model_path = tmp_path_factory.mktemp("model") / "model.json"
    outcome = link_all(rows_of(extracts), Thresholds(upper=0.999, lower=0.2), model_path=model_path)
    return outcome, model_path


def test_each_pair_for_review_starts_from_the_prior_and_its_parts_add_up(
    linked: tuple[Outcome, Path],
) -> None:
    outcome, model_path = linked
    assert outcome.evidence
    prior = json.loads(model_path.read_text())["probability_two_random_records_match"]
    for evidence in outcome.evidence.values():
        first, *fields = evidence.fields
        assert (first["field"], first["level"]) == (PRIOR_FIELD, PRIOR_LEVEL)
        # The model's prior in bits, give or take the fields' rounding it takes up.
        assert first["weight"] == pytest.approx(math.log2(prior / (1 - prior)), abs=0.05)
        assert sum(item["weight"] for item in evidence.fields) == pytest.approx(
            evidence.match_weight, abs=0.006
        )
        assert [item["field"] for item in fields] == [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "home",
            "nhs_number",
        ]


def test_a_pair_scored_alone_has_the_evidence_blocking_gave_it(
    linked: tuple[Outcome, Path], extracts: Extracts
) -> None:
    outcome, model_path = linked
    rows = {row.unique_id: row for row in rows_of(extracts)}
    keys = sorted(outcome.evidence)[:5]
    scored = pairs_score(
        [(rows[left], rows[right]) for left, right in keys],
        json.loads(model_path.read_text()),
    )
    for key, alone in zip(keys, scored, strict=True):
        assert alone.match_weight == pytest.approx(outcome.evidence[key].match_weight)
        assert alone.fields == outcome.evidence[key].fields


def _comparisons(model: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            comparison["output_column_name"],
            [
                (level["sql_condition"], level["label_for_charts"])
                for level in comparison["comparison_levels"]
            ],
        )
        for comparison in model["comparisons"]
    ]


def test_the_demos_stored_model_compares_as_the_partnerships_model_does() -> None:
    # Should this fail, the linkage model has changed: `childtrust demo_link_model` trains the
    # demo's again.
    con = duckdb.connect()
    records_load(con, rows_of(synthetic(20, seed=1)))
    untrained = Linker(DuckDBAPI(connection=con).register(CLEAN_TABLE), model_settings())
    assert _comparisons(demo_link_model()) == _comparisons(model_json(untrained))
