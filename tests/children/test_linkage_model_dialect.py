"""A model stored on one backend is read on the other: its SQL is rewritten in that one's
dialect, with the stored probabilities (no Spark needed: Splink writes the SQL)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from childtrust.children.linkage.model import model_in_dialect

DEMO_MODEL = Path(__file__).parents[2] / "src/childtrust/children/demo/link_model.json"


def _stored() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(DEMO_MODEL.read_text())
    assert model["sql_dialect"] == "duckdb"
    return model


def _levels(model: dict[str, Any]) -> list[dict[str, Any]]:
    return [level for c in model["comparisons"] for level in c["comparison_levels"]]


def test_a_duckdb_model_is_written_in_sparks_sql_with_its_probabilities() -> None:
    stored = _stored()
    on_spark = model_in_dialect(copy.deepcopy(stored), "spark")

    assert on_spark["sql_dialect"] == "spark"
    conditions = " ".join(level["sql_condition"] for level in _levels(on_spark))
    assert "list_intersect" not in conditions.lower()
    assert "ARRAY_INTERSECT" in conditions
    assert all(
        rule["sql_dialect"] == "spark"
        for rule in on_spark["blocking_rules_to_generate_predictions"]
    )
    for kept, was in zip(_levels(on_spark), _levels(stored), strict=True):
        assert kept.get("m_probability") == was.get("m_probability")
        assert kept.get("u_probability") == was.get("u_probability")
    assert (
        on_spark["probability_two_random_records_match"]
        == stored["probability_two_random_records_match"]
    )


def test_a_model_in_the_backends_own_dialect_is_read_as_it_is() -> None:
    stored = _stored()
    assert model_in_dialect(copy.deepcopy(stored), "duckdb") == stored


def test_a_model_of_another_version_is_refused_rather_than_misread() -> None:
    stored = _stored()
    stored["comparisons"][0]["comparison_levels"].pop()
    with pytest.raises(ValueError, match="train it again"):
        model_in_dialect(stored, "spark")
