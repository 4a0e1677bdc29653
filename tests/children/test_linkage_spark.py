"""The Spark path on a small extract, in local mode: only where pyspark is installed (`make
install-spark`; Java 17 on the machine), and in CI, where CHILDTRUST_REQUIRE_SPARK=1 makes a
missing pyspark a failure rather than a skip. The same records link as they do on DuckDB."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator

import pytest
from benchmarks.linkage.data import pairwise_accuracy, rows_of, synthetic

from childtrust.children.linkage.backends import DUCKDB, SPARK
from childtrust.children.linkage.cleaning import RecordRow
from childtrust.children.linkage.pipeline import Thresholds, link_all

THRESHOLDS = Thresholds(upper=0.99, lower=0.8)


@pytest.fixture(scope="module", autouse=True)
def _spark() -> Iterator[None]:
    """Skips without pyspark (fails under CHILDTRUST_REQUIRE_SPARK=1); afterwards stops the
    session, so that its JVM does not stay beside the rest of the suite."""
    if importlib.util.find_spec("pyspark") is None:
        reason = "pyspark is not installed (make install-spark)"
        if os.environ.get("CHILDTRUST_REQUIRE_SPARK") == "1":
            pytest.fail(f"{reason}, and CHILDTRUST_REQUIRE_SPARK=1 requires the Spark test")
        pytest.skip(reason)
    yield
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def _extract() -> tuple[list[RecordRow], dict[int, int]]:
    extracts = synthetic(600, seed=5)
    truth = {i + 1: int(child) for i, child in enumerate(extracts.child.tolist())}
    return rows_of(extracts), truth


def test_a_small_extract_is_trained_and_linked_on_spark_as_on_duckdb() -> None:
    rows, truth = _extract()

    on_spark = link_all(rows, THRESHOLDS, backend=SPARK)
    on_duckdb = link_all(rows, THRESHOLDS, backend=DUCKDB)

    spark_f1 = pairwise_accuracy(on_spark.clusters.component, truth).f1
    duckdb_f1 = pairwise_accuracy(on_duckdb.clusters.component, truth).f1
    assert spark_f1 > 0.9
    assert abs(spark_f1 - duckdb_f1) < 0.03
    # Each backend trains on its own random sample, so the models differ a little; the
    # children they find are nearly all the same (DuckDB's taken as the truth).
    agreement = pairwise_accuracy(on_spark.clusters.component, on_duckdb.clusters.component)
    assert agreement.f1 > 0.95
    assert on_spark.pairs_scored == pytest.approx(on_duckdb.pairs_scored, rel=0.05)
