"""Records as Splink compares them: one row per agency record in DuckDB, its names lower case
with accents folded and punctuation gone, a given name's usual form beside any nickname, the
postcode's sector and district, the date of birth as text (for typos and a swapped day and
month) and a sound-alike key of the family name for blocking."""

# ruff: noqa: S608 (the SQL names only our own DuckDB tables and columns; values are bound)

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import duckdb
import jellyfish
import pyarrow as pa

from childtrust.children.linkage.nicknames import usual_form, variants

CLEAN_TABLE = "records_clean"


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One agency record as linkage reads it (the database's or a benchmark's)."""

    unique_id: int
    agency: int
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    sex: str
    address: str
    postcode: str
    nhs_number: str
    upn: str


_FIELDS = (
    "unique_id",
    "agency",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
)


def records_arrow(rows: list[RecordRow]) -> pa.Table:
    return pa.table(
        {
            "unique_id": pa.array([r.unique_id for r in rows], pa.int64()),
            "agency": pa.array([r.agency for r in rows], pa.int64()),
            **{
                name: pa.array([getattr(r, name) for r in rows], pa.string())
                for name in _FIELDS[2:]
                if name != "date_of_birth"
            },
            "date_of_birth": pa.array([r.date_of_birth for r in rows], pa.date32()),
        }
    )


@functools.lru_cache(maxsize=65536)  # names repeat: a million records share a few thousand
def name_clean(name: str) -> str | None:
    """The same cleaning in Python: 'Zoë O'Brien-Smith' -> 'zoeobriensmith'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub("[^a-z]", "", folded) or None


def _letters(column: str) -> str:
    """Lower case, accents folded, anything but letters gone (O'Brien, Smith-Jones); NULL if
    nothing is left."""
    folded = f"lower(strip_accents(coalesce({column}, '')))"
    return f"nullif(regexp_replace({folded}, '[^a-z]', '', 'g'), '')"


def _clean_sql(source: str, target: str) -> str:
    given = _letters("r.given_name")
    family = _letters("r.family_name")
    postcode = (
        "nullif(upper(regexp_replace(coalesce(r.postcode, ''), '[^A-Za-z0-9]', '', 'g')), '')"
    )
    address = (
        "nullif(trim(regexp_replace(regexp_replace(lower(strip_accents(coalesce(r.address, ''))),"
        " '[^a-z0-9 ]', ' ', 'g'), ' +', ' ', 'g')), '')"
    )
    return f"""
        CREATE OR REPLACE TABLE {target} AS
        WITH base AS (
            SELECT r.unique_id, r.agency, {given} AS given, {family} AS family,
                r.date_of_birth AS dob, nullif(nullif(r.sex, ''), 'U') AS sex,
                {postcode} AS pc, {address} AS address,
                nullif(r.nhs_number, '') AS nhs, nullif(r.upn, '') AS upn
            FROM {source} r
        )
        SELECT b.unique_id, b.agency, b.given, b.family,
            coalesce(n.usual, b.given) AS given_canon, n.forms AS given_forms,
            k.family_key,
            b.dob, strftime(b.dob, '%Y-%m-%d') AS dob_str, year(b.dob) AS yob,
            b.sex,
            CASE WHEN length(b.pc) >= 5 THEN left(b.pc, length(b.pc) - 3) || ' ' || right(b.pc, 3)
                 ELSE b.pc END AS postcode,
            CASE WHEN length(b.pc) >= 5 THEN left(b.pc, length(b.pc) - 2) END AS pc_sector,
            CASE WHEN length(b.pc) >= 5 THEN left(b.pc, length(b.pc) - 3) END AS pc_district,
            b.address, regexp_extract(b.address, '[0-9]+[a-z]?') AS address_number,
            b.nhs, b.upn
        FROM base b
        LEFT JOIN given_names n ON n.given = b.given
        LEFT JOIN family_keys k ON k.family = b.family
    """


def _raw_sql(source: str, target: str) -> str:
    """The same columns with no cleaning (lower case only), for the untuned reference model."""
    return f"""
        CREATE OR REPLACE TABLE {target} AS
        SELECT unique_id, agency, nullif(lower(given_name), '') AS given,
            nullif(lower(family_name), '') AS family, nullif(lower(given_name), '') AS given_canon,
            nullif(lower(family_name), '') AS family_key,
            date_of_birth AS dob, strftime(date_of_birth, '%Y-%m-%d') AS dob_str,
            year(date_of_birth) AS yob, nullif(sex, '') AS sex,
            nullif(upper(postcode), '') AS postcode,
            CASE WHEN length(postcode) >= 6 THEN left(upper(postcode), length(postcode) - 2) END
                AS pc_sector,
            CASE WHEN length(postcode) >= 6 THEN left(upper(postcode), length(postcode) - 4) END
                AS pc_district,
            nullif(lower(address), '') AS address, NULL::VARCHAR AS address_number,
            nullif(nhs_number, '') AS nhs, nullif(upn, '') AS upn
        FROM {source}
    """


def records_load(
    con: duckdb.DuckDBPyConnection,
    rows: list[RecordRow],
    *,
    target: str = CLEAN_TABLE,
    clean: bool = True,
) -> int:
    """Writes the rows, cleaned, to `target` in DuckDB; returns how many."""
    source = f"{target}_raw"
    con.register(f"{source}_arrow", records_arrow(rows))
    con.execute(f"CREATE OR REPLACE TABLE {source} AS SELECT * FROM {source}_arrow")
    con.unregister(f"{source}_arrow")
    if clean:
        _reference_tables(con, source)
        con.execute(_clean_sql(source, target))
    else:
        con.execute(_raw_sql(source, target))
    con.execute(f"DROP TABLE {source}")
    return len(rows)


def _reference_tables(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """For each distinct given name its usual form and the forms it may stand for (nicknames),
    and for each distinct family name a metaphone key: far fewer than the records, so Python is
    quick enough."""
    given = _letters("given_name")
    names = _distinct(con, given, source)
    _table(
        con,
        "given_names",
        {
            "given": names,
            "usual": [usual_form(name) for name in names],
            "forms": [sorted(variants(name)) for name in names],
        },
    )
    families = _distinct(con, _letters("family_name"), source)
    _table(
        con,
        "family_keys",
        {"family": families, "family_key": [jellyfish.metaphone(n) or n for n in families]},
    )


def _distinct(con: duckdb.DuckDBPyConnection, expression: str, source: str) -> list[str]:
    rows = con.execute(f"SELECT DISTINCT {expression} FROM {source}").fetchall()
    return [row[0] for row in rows if row[0]]


def _table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[Any]]) -> None:
    con.register(f"{name}_arrow", pa.table(columns))
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")
