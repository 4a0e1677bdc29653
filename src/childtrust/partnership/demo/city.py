"""The demo city: its localities and wards, and the multi-agency teams that serve them."""

from __future__ import annotations

from childtrust.partnership.demo.specs import LocalitySpec, SharedTeamSpec
from childtrust.partnership.models import TeamKind

# Southampton's wards, grouped into three localities for locality working. Ward codes are left
# blank: the demo does not claim to know them.
LOCALITIES: tuple[LocalitySpec, ...] = (
    LocalitySpec(
        "West",
        "The west of the city, from Redbridge and Millbrook to Shirley and Freemantle.",
        ("Coxford", "Freemantle", "Millbrook", "Redbridge", "Shirley"),
    ),
    LocalitySpec(
        "Central",
        "The city centre, the docks and the university neighbourhoods to the north.",
        ("Banister & Polygon", "Bargate", "Bassett", "Bevois", "Portswood", "Swaythling"),
    ),
    LocalitySpec(
        "East",
        "East of the River Itchen, from Bitterne Park to Woolston and Sholing.",
        ("Bitterne Park", "Harefield", "Peartree", "Sholing", "Thornhill", "Woolston"),
    ),
)

SHARED_TEAMS: tuple[SharedTeamSpec, ...] = (
    *(
        SharedTeamSpec(
            f"{locality.name} Locality Team",
            TeamKind.LOCALITY,
            locality.name,
            f"Early help for families in the {locality.name.lower()} of the city: family "
            "support workers, health visitors and youth workers from several agencies working "
            "from one base, with one shared caseload.",
        )
        for locality in LOCALITIES
    ),
    SharedTeamSpec(
        "Multi-Agency Safeguarding Hub",
        TeamKind.MULTI_AGENCY,
        "",
        "The front door: social workers and police officers screening contacts and referrals "
        "about children together, in one office.",
    ),
)
