"""The bad lines of an uploaded file, as every import reports them: each with its line number and
reason, the first ten thousand kept and the rest counted."""

from __future__ import annotations

from dataclasses import dataclass, field

# A file with thousands of bad lines usually has one mistake repeated: the report keeps the first
# ten thousand and counts the rest, so that a hostile file cannot fill the server's memory.
MAX_PROBLEMS_KEPT = 10_000


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass(kw_only=True)
class RowProblems:
    """An import report's problems; a report that has none may be written."""

    problems: list[RowProblem] = field(default_factory=list)
    problems_not_kept: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_not_kept

    def add_problem(self, line: int, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(RowProblem(line, reason))
        else:
            self.problems_not_kept += 1
