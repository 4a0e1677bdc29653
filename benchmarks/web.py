"""A signed-in page against a bare view, on the production server, under the same load.

For each database (SQLite always, PostgreSQL when a server answers on 127.0.0.1:5432): a fresh
database with the demo partnership, gunicorn with the service's own configuration, a signed-in
session, then wrk with 50 connections against the bare view and the services directory in turn.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks import machine, postgres, report

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
DURATION = os.environ.get("BENCH_DURATION", "20s")
PAGE = "/services/"
BARE = "/bench/bare"
POSTGRES_BENCH_DATABASE = "childtrust_bench"
POSTGRES_BENCH_URL = postgres.bench_database_url(POSTGRES_BENCH_DATABASE)


@dataclass
class LoadResult:
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx: int


def _environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "CHILDTRUST_DEMO": "1",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "CHILDTRUST_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _childtrust(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "childtrust"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"childtrust {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


SESSION_SNIPPET = """
import django; django.setup()
from django.test import Client
from childtrust.accounts.models import User
client = Client()
client.force_login(User.objects.get(username="practitioner"))
print(client.cookies["sessionid"].value)
"""


def _prepare(env: dict[str, str]) -> str:
    """Migrate, load the demo, collect static files; return a signed-in session cookie."""
    _childtrust(env, "migrate", "--no-input")
    _childtrust(env, "load_demo", "--if-empty")
    _childtrust(env, "collectstatic", "--no-input", "--verbosity", "0")
    done = subprocess.run(
        [sys.executable, "-c", SESSION_SNIPPET],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _get(path: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={cookie}"}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=10) as response:
        return response.status, response.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "childtrust.wsgi",
            "--config",
            "python:childtrust.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{PORT}",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 20 seconds")


def _script(unique_questions: bool) -> str:
    """The wrk script: the latency report, after a request generator when each request must
    ask a new question."""
    here = Path(__file__).parent
    parts = [here / "unique_question.lua"] if unique_questions else []
    parts.append(here / "latency.lua")
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text("\n".join(part.read_text() for part in parts))
    return str(script)


def _load(
    path: str, cookie: str, duration: str = DURATION, *, unique_questions: bool = False
) -> LoadResult:
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}",
            "--timeout",
            "10s",
            "-s",
            _script(unique_questions),
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return LoadResult(**json.loads(line.removeprefix("RESULT ")))


def _measure(name: str, database_url: str | None) -> dict[str, LoadResult]:
    var_dir = Path(tempfile.mkdtemp(prefix=f"childtrust-bench-{name}-"))
    shutil.copytree(ROOT / "var" / "frontend", var_dir / "frontend")
    env = _environment(var_dir, database_url)
    cookie = _prepare(env)
    server = _start_server(env)
    try:
        for path in (PAGE, BARE):
            status, _ = _get(path, cookie)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}, not 200: is the session signed in?")
        _load(PAGE, cookie, "3s")  # warm-up: connections, caches, lazy imports
        results = {
            "bare": _load(BARE, cookie),
            "page": _load(PAGE, cookie),
            "uncached": _load(PAGE, cookie, unique_questions=True),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)
    return results


def _row(database: str, label: str, result: LoadResult) -> str:
    return (
        f"| {database} | {label} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p95_ms:.1f} "
        f"| {result.p99_ms:.1f} | {result.requests:,} | {result.errors + result.non_2xx} |"
    )


def run() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed: apt-get install wrk (make bench does this as root)."
        )
    databases: dict[str, str | None] = {"SQLite": None}
    if postgres.fresh_database(POSTGRES_BENCH_DATABASE):
        databases["PostgreSQL"] = POSTGRES_BENCH_URL
    rows, verdicts = [], []
    for database, url in databases.items():
        print(f"-- {database}", flush=True)
        results = _measure(database.lower(), url)
        bare, page, uncached = results["bare"], results["page"], results["uncached"]
        rows += [
            _row(database, "bare Django view", bare),
            _row(database, f"services directory ({PAGE})", page),
            _row(database, "services directory, a new question each request", uncached),
        ]
        share = page.rps / bare.rps
        met = share >= 0.25 and page.p95_ms < 200
        verdicts.append(
            f"- {database}: the services directory serves {share:.0%} of the bare view's "
            f"throughput (aim: at least 25%) with p95 {page.p95_ms:.0f} ms (aim: under 200 ms): "
            f"{'met' if met else 'NOT met'}."
        )
        verdicts.append(
            f"  Asked a new question every time, so that nothing comes from the cache, it serves "
            f"{uncached.rps / bare.rps:.0%} with p95 {uncached.p95_ms:.0f} ms."
        )
        print("\n".join(rows[-3:]), flush=True)
    body = "\n".join(
        [
            "## Web: a signed-in page against a bare view (`make bench`)",
            "",
            "gunicorn with the service's configuration (childtrust/gunicorn_conf.py), the demo "
            f"partnership, one signed-in practitioner session; wrk with {CONNECTIONS} connections "
            f"for {DURATION} per URL after a 3 s warm-up, the load tool on the same machine. The "
            'bare view returns "ok" through the same middleware and session; the page is the '
            "services directory, whose search form and results are cached per question until the "
            "directory changes (the version is read from the database on every request). The "
            "third row asks a question never asked before on every request: the page's worst "
            "case, rendered in full.",
            "",
            "| database | URL | requests/s | p50 ms | p95 ms | p99 ms | requests | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            *verdicts,
            "",
            "Machine:",
            "",
            machine.as_markdown(machine.describe()),
        ]
    )
    report.write_section("web", body)
    print(f"Written to {report.REPORT}")
