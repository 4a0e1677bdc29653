"""People keep writing while a large indicator import runs.

For each database (SQLite always, PostgreSQL when a server answers on 127.0.0.1:5432): a fresh
database with the demo partnership, gunicorn with the service's own configuration, and 20
simulated people for BENCH_SECONDS (180 by default), each writing and reading without pause:
10 staff raise named feedback through the page (a GET of the form for its CSRF token, then the
POST) and read the feedback page; 10 finance officers open an option appraisal through the API
with a token (POST /api/v1/appraisals) and read it back. After a warm-up, `childtrust
import_indicators` loads a 200,000-row file in the public health profiles' layout; the load
runs at least until the import has ended, so that the whole import is under load.

Afterwards every acknowledged write (302 for the page, 201 for the API) is looked for in the
database by its unique subject or title: each must be there exactly once (no lost or doubled
write), and `childtrust audit_verify` must pass (benchmarks.write_load_check). Aim: no 5xx, no
lost or doubled write, write p95 under 1 s during the import.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from benchmarks import machine, postgres, report
from benchmarks.web import (
    BIN,
    PORT,
    POSTGRES_BENCH_DATABASE,
    POSTGRES_BENCH_URL,
    ROOT,
    _childtrust,
    _environment,
)
from benchmarks.write_load_check import Result, check, snippet, table_rows, verdict

SECONDS = float(os.environ.get("BENCH_SECONDS", "180"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200000"))
PAGE_USERS = 10
API_USERS = 10
WARM_UP = min(10.0, SECONDS / 6)
# The load carries on until the import ends, however long it takes, up to this.
LONGEST_IMPORT = 900.0
REQUEST_TIMEOUT = 60.0
BASE = f"http://127.0.0.1:{PORT}"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The people ------------------------------------------------------------------------------

SETUP_SNIPPET = """
import json, django; django.setup()
from django.test import Client
from childtrust.accounts.models import Role, User
from childtrust.accounts.services import api_token_create
from childtrust.partnership.models import StaffMember
import inspect
people = {"pages": [], "api": []}
staff = StaffMember.objects.filter(user__isnull=True, is_active=True).order_by("pk")
for number, person in enumerate(staff[:PAGE_USERS]):
    user = User.objects.create_user(username=f"bench-staff-{number}", role=Role.PRACTITIONER)
    person.user = user
    person.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    people["pages"].append(client.cookies["sessionid"].value)
# Tokens read only unless asked to write, where tokens have a scope.
write = {"scope": "read_write"} if "scope" in inspect.signature(api_token_create).parameters else {}
for number in range(API_USERS):
    user = User.objects.create_user(username=f"bench-finance-{number}", role=Role.FINANCE_OFFICER)
    people["api"].append(api_token_create(user=user, name="write-load benchmark", **write)[1])
print(json.dumps(people))
"""


@dataclass(frozen=True)
class Request:
    kind: str  # "page write", "api write", "read"
    started: float
    seconds: float
    status: int  # 0: no answer (timeout or connection refused)
    key: str = ""  # a write's unique subject or title
    acknowledged: bool = False


@dataclass
class Load:
    stop: threading.Event = field(default_factory=threading.Event)
    sent: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(
        self,
        kind: str,
        session: requests.Session,
        method: str,
        path: str,
        *,
        key: str = "",
        ok: int = 200,
        **options: Any,
    ) -> requests.Response | None:
        """Sends one request and records how long it took and how it was answered."""
        started = time.monotonic()
        try:
            response: requests.Response | None = session.request(
                method, f"{BASE}{path}", timeout=REQUEST_TIMEOUT, allow_redirects=False, **options
            )
        except requests.RequestException:
            response = None
        status = response.status_code if response is not None else 0
        entry = Request(kind, started, time.monotonic() - started, status, key, status == ok)
        with self.lock:
            self.sent.append(entry)
        return response


def _page_person(load: Load, number: int, cookie: str) -> None:
    """Raises named feedback through the page, then reads the feedback page, until stopped."""
    session = requests.Session()
    session.cookies.set("sessionid", cookie)
    sent = 0
    while not load.stop.is_set():
        form = load.timed("read", session, "GET", "/voice/feedback/new/")
        token = CSRF.search(form.text) if form is not None else None
        if token is None:
            time.sleep(0.5)
            continue
        sent += 1
        subject = f"bench {number} {sent}"
        data = {
            "csrfmiddlewaretoken": token[1],
            "kind": "suggestion",
            "subject": subject,
            "text": "Written by the write-load benchmark.",
            "agency": "",
            "name": "named",
        }
        load.timed(
            "page write", session, "POST", "/voice/feedback/new/", key=subject, ok=302, data=data
        )
        load.timed("read", session, "GET", "/voice/feedback/")


def _api_person(load: Load, number: int, token: str) -> None:
    """Opens an option appraisal through the API, then reads it back, until stopped."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    sent = 0
    while not load.stop.is_set():
        sent += 1
        title = f"bench {number} {sent}"
        body = {"title": title, "question": "Written by the benchmark.", "first_year": 2026}
        made = load.timed(
            "api write", session, "POST", "/api/v1/appraisals", key=title, ok=201, json=body
        )
        if made is not None and made.status_code == 201:
            load.timed("read", session, "GET", f"/api/v1/appraisals/{made.json()['id']}")


# --- The import ------------------------------------------------------------------------------

COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Time period",
    "Value",
    "Count",
    "Denominator",
]


def _indicator_file(path: Path, rows: int) -> None:
    """`rows` rows: 20 indicators x 10 financial years x England, 9 regions and as many local
    authorities as make up the number; proportions with a count and a denominator."""
    indicators, periods = 20, 10
    areas = [("E92000001", "England", "England", "", "")]
    areas += [
        (f"E1200000{r}", f"Region {r}", "Region", "E92000001", "England") for r in range(1, 10)
    ]
    authorities = max(rows // (indicators * periods) - len(areas), 1)
    areas += [
        (
            f"E06{a:06d}",
            f"Authority {a}",
            "Counties & UAs (from Apr 2023)",
            f"E1200000{a % 9 + 1}",
            f"Region {a % 9 + 1}",
        )
        for a in range(1, authorities + 1)
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # noqa: TID251 (the import's input, not a download)
        writer.writerow(COLUMNS)
        for indicator in range(indicators):
            for year in range(2013, 2013 + periods):
                period = f"{year}/{(year + 1) % 100:02d}"
                for index, (code, name, kind, parent, parent_name) in enumerate(areas):
                    denominator = 1_000 + (index * 37 + indicator * 11 + year) % 9_000
                    count = (index * 13 + indicator * 7 + year) % (denominator // 2)
                    writer.writerow(
                        [
                            90_000 + indicator,
                            f"Benchmark indicator {indicator}",
                            parent,
                            parent_name,
                            code,
                            name,
                            kind,
                            period,
                            f"{100 * count / denominator:.4f}",
                            count,
                            denominator,
                        ]
                    )


@dataclass
class ImportRun:
    started: float = 0.0
    ended: float = 0.0
    exit_status: int | None = None
    last_words: str = ""

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def _run_import(env: dict[str, str], csv_file: Path, log: Path, run: ImportRun) -> None:
    with log.open("w") as output:
        run.started = time.monotonic()
        done = subprocess.run(
            [
                str(BIN / "childtrust"),
                "import_indicators",
                str(csv_file),
                "--user",
                "strategiclead",
            ],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
        run.ended = time.monotonic()
    run.exit_status = done.returncode
    run.last_words = " / ".join(log.read_text().strip().splitlines()[-2:])


# --- One database ----------------------------------------------------------------------------


def _start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """gunicorn as web.py starts it, its errors to a file (a pipe nobody reads would fill up and
    stop the server under a flood of tracebacks)."""
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
        stderr=log.open("w"),
    )
    for _ in range(100):
        try:
            requests.get(f"{BASE}/healthz", timeout=1).raise_for_status()
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 20 seconds")


def _measure(name: str, database_url: str | None) -> Result:
    var_dir = Path(tempfile.mkdtemp(prefix=f"childtrust-write-load-{name}-"))
    shutil.copytree(ROOT / "var" / "frontend", var_dir / "frontend")
    env = _environment(var_dir, database_url)
    try:
        _childtrust(env, "migrate", "--no-input")
        _childtrust(env, "load_demo", "--if-empty")
        _childtrust(env, "collectstatic", "--no-input", "--verbosity", "0")
        setup = SETUP_SNIPPET.replace("PAGE_USERS", str(PAGE_USERS)).replace(
            "API_USERS", str(API_USERS)
        )
        people = json.loads(snippet(env, setup))
        csv_file = var_dir / "indicators.csv"
        _indicator_file(csv_file, IMPORT_ROWS)
        server_log = var_dir / "gunicorn.log"
        server = _start_server(env, server_log)
        try:
            load, run, seconds = _load(env, people, csv_file, var_dir / "import.log")
        finally:
            server.terminate()
            server.wait(timeout=30)
        return check(env, load, run, seconds, server_log)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def _load(
    env: dict[str, str], people: dict[str, list[str]], csv_file: Path, log: Path
) -> tuple[Load, ImportRun, float]:
    load, run = Load(), ImportRun()
    threads = [
        threading.Thread(target=_page_person, args=(load, n, cookie))
        for n, cookie in enumerate(people["pages"])
    ] + [
        threading.Thread(target=_api_person, args=(load, n, token))
        for n, token in enumerate(people["api"])
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP)
    importer = threading.Thread(target=_run_import, args=(env, csv_file, log, run))
    importer.start()
    importer.join(timeout=LONGEST_IMPORT)
    time.sleep(max(began + SECONDS - time.monotonic(), 0))
    load.stop.set()
    for thread in threads:
        thread.join()
    return load, run, time.monotonic() - began


# --- The report ------------------------------------------------------------------------------


def _revision() -> str:
    """The commit measured, and whether the working tree differed from it."""
    git = shutil.which("git") or "git"
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=no", "src"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head or 'unknown'}{' with uncommitted changes under src/' if changed else ''}"


def run() -> None:
    busy = "load average {:.1f}, {:.1f}, {:.1f} when it began".format(*os.getloadavg())
    databases: dict[str, str | None] = {"SQLite": None}
    if postgres.fresh_database(POSTGRES_BENCH_DATABASE):
        databases["PostgreSQL"] = POSTGRES_BENCH_URL
    rows, statuses, verdicts = [], [], []
    for database, url in databases.items():
        print(f"-- {database}", flush=True)
        result = _measure(f"{database.lower()}", url)
        table, by_status = table_rows(database, result)
        rows += table
        statuses.append(f"- {database}: {by_status}")
        said = verdict(database, result, import_rows=IMPORT_ROWS)
        verdicts += said
        print("\n".join([*table, statuses[-1], *said]), flush=True)
    body = "\n".join(
        [
            "## Writes during a large import (`make bench-write-load`)",
            "",
            f"gunicorn with the service's configuration and the demo partnership; "
            f"{PAGE_USERS + API_USERS} people without pause for {SECONDS:.0f} s (and on until "
            f"the import ends): {PAGE_USERS} raise named feedback through the page (GET the "
            f"form, POST it with its CSRF token, read the feedback page), {API_USERS} open an "
            "option appraisal through the API with a token and read it back. After "
            f"{WARM_UP:.0f} s, `childtrust import_indicators` loads {IMPORT_ROWS:,} rows "
            "(20 indicators, 10 years, 1,000 areas). Each acknowledged write is then looked "
            "for in the database by its unique subject or title, and `audit_verify` run. The "
            "load tool runs on the same machine. Latencies in milliseconds.",
            "",
            "| database | requests | count | p50 | p95 | max |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            "Responses by status:",
            "",
            *statuses,
            "",
            *verdicts,
            "",
            "Machine:",
            "",
            machine.as_markdown(machine.describe()),
            f"- code: {_revision()}",
            f"- {busy}",
        ]
    )
    report.write_section("write-load", body)
    print(f"Written to {report.REPORT}")
