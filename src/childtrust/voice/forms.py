"""Staff voice: forms. Sections: cascade, surveys, feedback and the leaders' page."""

from __future__ import annotations

# --- Cascade -----------------------------------------------------------------------------------

# --- Pulse surveys -----------------------------------------------------------------------------

# --- Feedback and the leaders' page ------------------------------------------------------------
