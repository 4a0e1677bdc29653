"""Every read of the partnership that views, the API and other apps need."""

from __future__ import annotations

# --- Registry: agencies, localities and wards, services, teams, staff -------------------------

# --- Shared vision and outcomes framework, alignment matrix -----------------------------------
