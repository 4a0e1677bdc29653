"""Every write to the partnership: keyword-only, typed, atomic, validated, audited.

Each service calls `full_clean()` before saving and records one audit event in the same
transaction (childtrust.audit.services.audit_record)."""

from __future__ import annotations

# --- Registry: agencies, localities and wards, services, teams, staff -------------------------

# --- Shared vision and outcomes framework: vision versions, outcomes, priorities, indicators,
# --- commitments ---------------------------------------------------------------------------------
