"""The Spark path on a small extract, in local mode: only where pyspark is installed (`make
install-spark`; Java 17 on the machine). The same records link as they do on DuckDB."""

from __future__ import annotations

import pytest
from benchmarks.linkage.data import pairwise_accuracy, rows_of, synthetic

from childtrust.children.linkage.backends import SPARK
from childtrust.children.linkage.pipeline import Thresholds, link_all

pytest.importorskip("pyspark")


def test_a_small_extract_links_on_spark_in_local_mode() -> None:
    extracts = synthetic(600, seed=5)
    rows = rows_of(extracts)
    truth = {i + 1: int(child) for i, child in enumerate(extracts.child.tolist())}
    outcome = link_all(rows, Thresholds(upper=0.99, lower=0.8), backend=SPARK)
    assert pairwise_accuracy(outcome.clusters.component, truth).f1 > 0.9
