"""A ward's Index of Multiple Deprivation decile as the partnership's own file gives it: the
optional columns imd_decile (a whole number, 1 the most deprived tenth of England, 10 the
least) and imd_source (where the decile comes from, such as "English Indices of Deprivation
2019"), read and checked for one row, and checked against the rows before it.

Why columns in the partnership's own file, not a separate file of areas: the file already names
every ward it holds figures for (code, name, type), and an analyst's ward extract usually
carries the ward's deprivation decile from the same lookup table, so the decile travels with the
ward it describes and is loaded in the same all-or-nothing load. A ward named on many rows may
give its decile on any of them (or all: they must agree); a row that leaves it blank keeps the
decile held. The deciles change only when the indices are republished (every four or five
years), so a file with one row per ward and its decile is also all it takes to load them alone.

Only a ward has a decile: the indices rank small areas, and a ward's decile is that of the
small areas it is made of. A decile given for any other kind of area is refused, as is a
number other than a whole 1 to 10, a source with no decile, and two rows giving one ward
different deciles or sources. Each refusal is a sentence for the line's report (DecileError,
which outcomes.indicator_files reports with the line)."""

from __future__ import annotations

import re
from typing import Final, Protocol

from childtrust.outcomes.models import Area, AreaType

IMD_DECILE: Final = "imd_decile"
IMD_SOURCE: Final = "imd_source"
COLUMNS: Final = (IMD_DECILE, IMD_SOURCE)
_WHOLE: Final = re.compile(r"[0-9]+", re.ASCII)


class DecileError(ValueError):
    """What is wrong with a row's decile, in words for the line's report."""


class WithDecile(Protocol):
    """An area as a file gives it (outcomes.indicator_files.AreaRow)."""

    code: str
    area_type: AreaType
    imd_decile: int | None
    imd_source: str
    imd_line: int


def ward_decile(decile: str, source: str, area_type: AreaType) -> tuple[int | None, str]:
    """The decile and its source a row gives (None and "" when it gives none); raises
    DecileError saying what is wrong."""
    if not decile:
        if source:
            raise DecileError(f'the imd_source "{source}" is given without an imd_decile')
        return None, ""
    if not _WHOLE.fullmatch(decile) or not 1 <= int(decile) <= 10:
        shown = decile if len(decile) <= 20 else decile[:17] + "..."
        raise DecileError(
            f'the imd_decile "{shown}" is not a whole number from 1 (the most deprived tenth '
            "of England) to 10 (the least)"
        )
    if area_type != AreaType.WARD:
        raise DecileError(
            f"the imd_decile is given for a {area_type.label.lower()}: only a ward has a "
            "deprivation decile here"
        )
    return int(decile), source


def read_decile(area: WithDecile, decile: str, source: str) -> None:
    """Gives the area as a row names it the decile and source the row gives (ward_decile)."""
    area.imd_decile, area.imd_source = ward_decile(decile, source, area.area_type)


def check_decile(known: WithDecile | None, row: WithDecile) -> None:
    """Raises DecileError where the row's decile disagrees with the one an earlier row gave
    the same ward."""
    if known is None or row.imd_decile is None or known.imd_decile is None:
        return
    if row.imd_decile != known.imd_decile:
        raise DecileError(
            f"ward {row.code} is in deprivation decile {row.imd_decile} here but "
            f"{known.imd_decile} on line {known.imd_line}: a ward has one decile"
        )
    if row.imd_source != known.imd_source:
        raise DecileError(
            f'ward {row.code}\'s decile comes from "{row.imd_source}" here but from '
            f'"{known.imd_source}" on line {known.imd_line}'
        )


def keep_decile(known: WithDecile, row: WithDecile) -> None:
    """Gives the ward as first named the decile a later row gives it, if it had none."""
    if known.imd_decile is None and row.imd_decile is not None:
        known.imd_decile, known.imd_source, known.imd_line = (
            row.imd_decile,
            row.imd_source,
            row.imd_line,
        )


def held(row: WithDecile, area: Area | None) -> tuple[int | None, str]:
    """The decile and source an area holds once a load has written it: the ones its rows gave;
    otherwise those it held, unless it is no longer a ward (only a ward has a decile)."""
    if row.imd_decile is not None:
        return row.imd_decile, row.imd_source
    if area is None or row.area_type != AreaType.WARD:
        return None, ""
    return area.imd_decile, area.imd_decile_source
