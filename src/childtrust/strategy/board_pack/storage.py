"""Where generated board packs are kept: var/board_packs, each PDF named by a random token,
never by anything a user typed, so that no name can reach outside the folder."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"[0-9a-f]{32}\.pdf")


def pack_dir() -> Path:
    return Path(settings.VAR_DIR) / "board_packs"


def new_stored_name() -> str:
    return f"{secrets.token_hex(16)}.pdf"


def stored_path(name: str) -> Path:
    """The stored pack's path; a name this module did not make is refused (ValueError)."""
    if not _NAME.fullmatch(name):
        raise ValueError("Not a stored board pack's name")
    return pack_dir() / name
