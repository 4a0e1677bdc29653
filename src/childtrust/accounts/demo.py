"""The demo partnership's sign-in accounts: one per role, all with settings.DEMO_PASSWORD.

The partnership's demo loader creates them (childtrust.partnership.demo) and links each to an
invented staff member; `childtrust demo_accounts` lists them. Demo mode only."""

from __future__ import annotations

from childtrust.accounts.models import Role

DEMO_ACCOUNTS: tuple[tuple[str, Role], ...] = (
    ("practitioner", Role.PRACTITIONER),
    ("teammanager", Role.TEAM_MANAGER),
    ("frontdoor", Role.FRONT_DOOR),
    ("strategiclead", Role.STRATEGIC_LEAD),
    ("admin", Role.PARTNERSHIP_ADMIN),
    ("finance", Role.FINANCE_OFFICER),
    ("auditor", Role.AUDITOR),
)

DEMO_USERNAMES: tuple[str, ...] = tuple(username for username, _ in DEMO_ACCOUNTS)
