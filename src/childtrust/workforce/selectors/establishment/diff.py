"""The difference between two versions of a job description, line by line (difflib), with the
words that changed inside a changed line, so that a page can mark them with <ins> and <del>
and say in words which lines were added and removed (never by colour alone)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

ADDED = "added"
REMOVED = "removed"
UNCHANGED = "unchanged"

_WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Part:
    text: str
    changed: bool


@dataclass(frozen=True)
class DiffLine:
    kind: str  # ADDED, REMOVED or UNCHANGED
    old_number: int | None  # the line's number in the older version
    new_number: int | None  # and in the newer one
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def kind_words(self) -> str:
        return {ADDED: "Added", REMOVED: "Removed", UNCHANGED: "Unchanged"}[self.kind]


@dataclass(frozen=True)
class TextDiff:
    lines: tuple[DiffLine, ...]

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == ADDED)

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == REMOVED)

    @property
    def identical(self) -> bool:
        return self.added == self.removed == 0


def _whole(text: str) -> tuple[Part, ...]:
    return (Part(text, True),) if text else ()


def _joined(parts: list[Part]) -> tuple[Part, ...]:
    """Runs merged: a space left unchanged between two changed runs joins them, so that
    "city centre" reads as one change rather than two words with a space between."""
    merged: list[Part] = []
    for index, part in enumerate(parts):
        between = (
            0 < index < len(parts) - 1 and parts[index - 1].changed and parts[index + 1].changed
        )
        changed = part.changed or (between and not part.text.strip())
        if merged and merged[-1].changed == changed:
            merged[-1] = Part(merged[-1].text + part.text, changed)
        else:
            merged.append(Part(part.text, changed))
    return tuple(merged)


def _word_parts(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """The two versions of a changed line, each as runs of unchanged and changed words."""
    old_words, new_words = _WORDS.split(old), _WORDS.split(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    old_parts: list[Part] = []
    new_parts: list[Part] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        if i2 > i1:
            old_parts.append(Part("".join(old_words[i1:i2]), not same))
        if j2 > j1:
            new_parts.append(Part("".join(new_words[j1:j2]), not same))
    return _joined(old_parts), _joined(new_parts)


def text_diff(old: str, new: str) -> TextDiff:
    """Line by line: unchanged lines once, a changed block as its removed lines then its added
    ones; where a block replaces lines one for one, the changed words are marked."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    lines: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                text = old_lines[i1 + offset]
                parts = (Part(text, False),) if text else ()
                lines.append(DiffLine(UNCHANGED, i1 + offset + 1, j1 + offset + 1, parts))
            continue
        removed = [_whole(text) for text in old_lines[i1:i2]]
        added = [_whole(text) for text in new_lines[j1:j2]]
        if tag == "replace":
            for k in range(min(len(removed), len(added))):
                removed[k], added[k] = _word_parts(old_lines[i1 + k], new_lines[j1 + k])
        lines += [DiffLine(REMOVED, i1 + k + 1, None, parts) for k, parts in enumerate(removed)]
        lines += [DiffLine(ADDED, None, j1 + k + 1, parts) for k, parts in enumerate(added)]
    return TextDiff(tuple(lines))
