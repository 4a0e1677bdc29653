"""Forms for the partnership's own administration pages, with messages a non-technical person
understands. Forms validate input; services hold the rules and do the writing."""

from __future__ import annotations

# --- Registry ----------------------------------------------------------------------------------

# --- Shared vision and outcomes framework ------------------------------------------------------
