"""The benchmarks' shared harness: the percentile, the worker's environment and process, both
databases, and the lines every section ends with (benchmarks/harness.py). No benchmark runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import harness, machine, postgres, report


def test_percentile_is_the_nearest_rank_of_the_sorted_values() -> None:
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert harness.percentile(values, 0.0) == 1.0
    assert harness.percentile(values, 0.5) == 3.0
    assert harness.percentile(values, 0.95) == 5.0
    assert harness.percentile(list(map(float, range(1, 101))), 0.95) == 95.0
    assert harness.percentile([7.0], 0.95) == 7.0


def test_the_worker_environment_names_the_database_or_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@elsewhere/live")
    sqlite = harness.worker_environment(tmp_path, None)
    assert "DATABASE_URL" not in sqlite
    assert sqlite["CHILDTRUST_VAR_DIR"] == str(tmp_path)
    assert sqlite["CHILDTRUST_DEMO"] == "1"
    assert sqlite["DJANGO_SETTINGS_MODULE"] == "childtrust.settings"
    bench = harness.worker_environment(tmp_path, "postgres://postgres@127.0.0.1:5432/bench")
    assert bench["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/bench"


def test_a_worker_runs_in_its_own_process_and_folder_and_its_result_is_read_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = harness.measure_in_worker(
        "tests.benchmarks.fake_worker",
        "PostgreSQL",
        "postgres://postgres@127.0.0.1:5432/bench",
        args=("plan",),
        summary=lambda result: f"mode {result['mode']}",
    )
    assert result["mode"] == "plan"
    assert result["database_url"] == "postgres://postgres@127.0.0.1:5432/bench"
    assert result["var_dir_existed"]
    assert not Path(result["var_dir"]).exists()  # the throwaway folder is gone afterwards
    assert capsys.readouterr().out.splitlines() == [
        "PostgreSQL: building and timing…",
        "PostgreSQL: mode plan",
    ]


def test_a_failing_worker_raises_with_what_it_wrote() -> None:
    with pytest.raises(RuntimeError, match="The SQLite run failed") as raised:
        harness.measure_in_worker("tests.benchmarks.fake_worker", "SQLite", None, args=("fail",))
    assert "the build went wrong" in str(raised.value)


def _databases(monkeypatch: pytest.MonkeyPatch, *, server: bool) -> list[str]:
    events: list[str] = []
    monkeypatch.setattr(
        postgres, "fresh_database", lambda name: events.append(f"new {name}") or server
    )
    monkeypatch.setattr(postgres, "drop_database", lambda name: events.append(f"drop {name}"))
    return events


def test_without_a_postgresql_server_only_sqlite_is_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _databases(monkeypatch, server=False)
    results = harness.on_each_database("bench", lambda label, url: (label, url))
    assert results == {"SQLite": ("SQLite", None)}
    assert events == ["new bench"]


def test_with_a_server_both_are_measured_and_the_scratch_database_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _databases(monkeypatch, server=True)
    results = harness.on_each_database("bench", lambda label, url: (label, url))
    assert results == {
        "SQLite": ("SQLite", None),
        "PostgreSQL": ("PostgreSQL", "postgres://postgres@127.0.0.1:5432/bench"),
    }
    assert events == ["new bench", "drop bench"]


def test_the_scratch_database_is_dropped_when_its_run_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _databases(monkeypatch, server=True)

    def measure(label: str, url: str | None) -> str:
        if url is not None:
            raise RuntimeError("The PostgreSQL run failed")
        return label

    with pytest.raises(RuntimeError):
        harness.on_each_database("bench", measure)
    assert events == ["new bench", "drop bench"]


def test_the_section_is_written_from_the_results_and_the_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _databases(monkeypatch, server=False)
    monkeypatch.setattr(report, "REPORT", tmp_path / "docs" / "benchmarks.md")
    monkeypatch.setattr(harness, "ROOT", tmp_path)
    seen: list[Any] = []

    def body(results: dict[str, int], load: harness.Load) -> str:
        seen.append(load)
        return f"## Fake\n\n{results}"

    harness.run_on_each_database("fake", "bench", lambda *_: 42, body)
    text = report.REPORT.read_text()
    assert "<!-- fake:start -->\n## Fake\n\n{'SQLite': 42}\n<!-- fake:end -->" in text
    assert len(seen[0]) == 2
    assert all(value >= 0 for value in seen[0])


def test_each_database_s_p95_is_met_only_under_the_aim() -> None:
    lines = harness.p95_aim_lines(
        {"SQLite": {"p95_ms": 99.94}, "PostgreSQL": {"p95_ms": 100.0}}, 100.0
    )
    assert lines == [
        "- SQLite: p95 99.9 ms (aim: under 100 ms): met.",
        "- PostgreSQL: p95 100.0 ms (aim: under 100 ms): NOT met.",
    ]


def test_the_closing_lines_give_the_load_when_measured_and_always_the_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(machine, "describe", lambda: {"cpu": "test"})
    monkeypatch.setattr(machine, "as_markdown", lambda described: f"| cpu | {described['cpu']} |")
    monkeypatch.setattr(harness.os, "cpu_count", lambda: 2)
    assert harness.machine_lines() == ["", "Machine:", "", "| cpu | test |"]
    assert harness.machine_lines((1.25, 3.0), busy_note=", the tail most")[:2] == [
        "",
        "The machine's one-minute load average was 1.2 when the run began and 3.0 when it "
        "ended (2 cores): figures from a busy machine are slower than from an idle one, the "
        "tail most.",
    ]
