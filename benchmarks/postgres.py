"""A scratch PostgreSQL database for a benchmark, on the server CI and the machine run."""

from __future__ import annotations

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def bench_database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def fresh_database(name: str) -> bool:
    """Makes the database `name` anew; False (and says so) when no server answers, so that the
    benchmark runs on SQLite alone."""
    try:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return True
    except Exception as error:  # no server: the PostgreSQL run is skipped and said so
        print(f"PostgreSQL not available ({error}); benchmarking SQLite only.")
        return False


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
