"""The demo partnership's sign-in accounts: one per role (two workforce managers: "workforce",
the strategic workforce manager across every partner, and "hrlead", limited by a workforce remit
to the health trust; two practitioners: "practitioner", a family support worker, and
"schoollead", the designated safeguarding lead of the city's schools, who hears of the police's
notifications of domestic abuse; "dataprotection", the data protection lead, who manages the
council's information governance team), all with settings.DEMO_PASSWORD.

The partnership's demo loader creates them (childtrust.partnership.demo) and links each to an
invented staff member; `childtrust demo_accounts` lists them. Demo mode only."""

from __future__ import annotations

from childtrust.accounts.models import Role

DEMO_ACCOUNTS: tuple[tuple[str, Role], ...] = (
    ("practitioner", Role.PRACTITIONER),
    ("teammanager", Role.TEAM_MANAGER),
    ("frontdoor", Role.FRONT_DOOR),
    ("schoollead", Role.PRACTITIONER),
    ("strategiclead", Role.STRATEGIC_LEAD),
    ("admin", Role.PARTNERSHIP_ADMIN),
    ("finance", Role.FINANCE_OFFICER),
    ("auditor", Role.AUDITOR),
    ("workforce", Role.WORKFORCE_MANAGER),
    ("hrlead", Role.WORKFORCE_MANAGER),
    ("dataprotection", Role.DATA_PROTECTION_LEAD),
)

DEMO_USERNAMES: tuple[str, ...] = tuple(username for username, _ in DEMO_ACCOUNTS)
