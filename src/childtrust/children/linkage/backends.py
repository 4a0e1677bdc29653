"""Where Splink runs: DuckDB in the process (the default, a city's index in a minute), or Spark
for a national index (CHILDTRUST_LINKAGE_BACKEND=spark; `make install-spark`, Java 17). Either
way the records are cleaned in DuckDB first and the scored pairs come back to DuckDB, so the
clustering and the evidence read one kind of table."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

import duckdb
from splink import DuckDBAPI
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.splink_dataframe import SplinkDataFrame

DUCKDB = "duckdb"
SPARK = "spark"


class Backend(Protocol):
    def database_api(self) -> DatabaseAPISubClass: ...

    def table(self, name: str) -> str:
        """The name Splink reads the DuckDB table `name` by, in this backend."""
        ...

    def scored(self, frame: SplinkDataFrame) -> str:
        """The name of a DuckDB table or view holding Splink's scored pairs."""
        ...


class DuckDBBackend:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def database_api(self) -> DatabaseAPISubClass:
        return DuckDBAPI(connection=self.con)

    def table(self, name: str) -> str:
        return name

    def scored(self, frame: SplinkDataFrame) -> str:
        return frame.physical_name


class SparkBackend:
    """Spark in local mode on this machine (a cluster's session would be set up the same way)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.spark = spark_session()
        # Splink breaks each step's lineage by writing it as Parquet under the checkpoint
        # directory; this run's go in a directory of its own, removed with the backend.
        self.scratch = tempfile.TemporaryDirectory(prefix="childtrust-spark-")
        self.spark.sparkContext.setCheckpointDir(self.scratch.name)

    def database_api(self) -> DatabaseAPISubClass:
        from splink.backends.spark import SparkAPI

        api: DatabaseAPISubClass = SparkAPI(spark_session=self.spark)  # type: ignore[no-untyped-call]
        return api

    def table(self, name: str) -> str:
        arrow = self.con.sql(f"SELECT * FROM {name}").to_arrow_table()  # noqa: S608
        self.spark.createDataFrame(arrow).createOrReplaceTempView(name)
        return name

    def scored(self, frame: SplinkDataFrame) -> str:
        name = f"scored_{frame.physical_name}".replace(".", "_")
        arrow = frame.as_spark_dataframe().toArrow()
        self.con.register(name, arrow)
        return name


def spark_session() -> Any:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[*]")
        .appName("childtrust-linkage")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        # Only temporary views are made: nothing needs a warehouse in the working directory.
        .config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "childtrust-spark"))
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )


def backend_for(name: str, con: duckdb.DuckDBPyConnection) -> Backend:
    if name == SPARK:
        return SparkBackend(con)
    if name == DUCKDB:
        return DuckDBBackend(con)
    raise ValueError(f"Unknown linkage backend {name!r}: use {DUCKDB} or {SPARK}.")
