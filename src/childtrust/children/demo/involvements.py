"""Who is involved with the demo's children: the practitioner's caseload (about 20 children, one
of them as lead professional), children in each locality known to three or more agencies with
no lead professional, two CAMHS involvements (sensitive: one with consent to share it recorded,
one without), one shielded child and one past its retention date; and for the data protection
lead to review, a break glass (over now) and a disclosure made without consent."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from childtrust.children.demo.loading import ChildrenDemo, ChildrenDemoRefusedError
from childtrust.children.models import (
    AgencyRecord,
    BreakGlass,
    Child,
    ConsentOutcome,
    Involvement,
    LawfulBasis,
    Sensitivity,
    SharingDecision,
)
from childtrust.children.record_rows import content_hash_of
from childtrust.partnership.models import StaffMember, Team, TeamKind
from childtrust.partnership.selectors.registry import services_for_detail, teams_by_name
from childtrust.partnership.selectors.staff import staff_in_post, staff_record_with_username

PRACTITIONER = "practitioner"
FRONT_DOOR = "frontdoor"
CASELOAD = 20
LOCALITY_CHILDREN = 8  # in each locality, known to three or more agencies, no lead professional
#: Each agency's service and the role its practitioner has with a child.
ROLES = {
    "community-health": ("School Nursing", "School nurse"),
    "education-partnership": ("Education Welfare Service", "Education welfare officer"),
    "childrens-services": ("Early Help Family Support", "Family support worker"),
    "police-ppu": ("Youth Diversion Scheme", "Youth diversion officer"),
    "youth-trust": ("Targeted Youth Support", "Youth worker"),
    "camhs": ("Community CAMHS", "CAMHS clinician"),
}
SHIELDED_REASON = (
    "The child and their mother live at a refuge: where they are must not be known to anyone "
    "not working with them."
)


class _Staff:
    """The demo's staff in post, by agency and by locality team."""

    def __init__(self, demo: ChildrenDemo) -> None:
        self.demo = demo
        people = list(staff_in_post().select_related("agency", "team", "user").order_by("pk"))
        self.by_agency: dict[str, list[StaffMember]] = {}
        for person in people:
            self.by_agency.setdefault(person.agency.slug, []).append(person)
        practitioner = next((p for p in people if p.user and p.user.username == PRACTITIONER), None)
        if practitioner is None:
            raise ChildrenDemoRefusedError("The demo partnership has no practitioner account.")
        self.practitioner: StaffMember = practitioner
        self.services = {
            (service.agency.slug, service.name): service for service in services_for_detail()
        }

    def one_of(self, agency: str, team: Team | None = None) -> StaffMember:
        """Someone in post at the agency, in the team where it has anyone there."""
        staff = self.by_agency[agency]
        in_team = [p for p in staff if team is not None and p.team_id == team.pk]
        return self.demo.rng.choice(in_team or staff)


def _involvement(
    demo: ChildrenDemo,
    staff: _Staff,
    child: Child,
    agency: str,
    practitioner: StaffMember,
    **extra: object,
) -> Involvement:
    service_name, role = ROLES[agency]
    return Involvement(
        child=child,
        agency=demo.agencies[agency],
        service=staff.services.get((agency, service_name)),
        practitioner=practitioner,
        role=role,
        started_on=demo.today - datetime.timedelta(days=demo.rng.randint(20, 700)),
        contact=practitioner.email,
        **extra,
    )


def involvements_insert(
    demo: ChildrenDemo, children: Sequence[Child], agencies_of: Sequence[set[str]]
) -> dict[str, list[Child]]:
    """The involvements and the few children singled out; returns them by what they show
    ("caseload", "locality", "shielded", "retention", "camhs_shared", "camhs_unshared")."""
    staff = _Staff(demo)
    order = list(range(len(children)))
    demo.rng.shuffle(order)
    picked: dict[str, list[Child]] = {}
    involvements: list[Involvement] = []
    caseload = [i for i in order if "childrens-services" in agencies_of[i]][:CASELOAD]
    picked["caseload"] = [children[i] for i in caseload]
    for n, child in enumerate(picked["caseload"]):
        involvements.append(
            _involvement(
                demo,
                staff,
                child,
                "childrens-services",
                staff.practitioner,
                is_lead_professional=n == 0,
            )
        )
    taken = set(caseload)
    picked["locality"] = []
    for team in teams_by_name().filter(kind=TeamKind.LOCALITY):
        chosen = [i for i in order if i not in taken and len(agencies_of[i]) >= 3]
        for i in chosen[:LOCALITY_CHILDREN]:
            taken.add(i)
            picked["locality"].append(children[i])
            for agency in sorted(agencies_of[i])[:3]:
                practitioner = staff.one_of(agency, team)
                involvements.append(_involvement(demo, staff, children[i], agency, practitioner))
    camhs = [
        _involvement(
            demo,
            staff,
            child,
            "camhs",
            staff.one_of("camhs"),
            sensitivity=Sensitivity.MENTAL_HEALTH,
        )
        for child in picked["caseload"][1:3]
    ]
    picked["camhs_shared"], picked["camhs_unshared"] = [camhs[0].child], [camhs[1].child]
    demo.insert(Involvement, involvements + camhs)
    demo.insert(SharingDecision, [_consent(camhs[0])])
    rest = [children[i] for i in order if i not in taken]
    picked["shielded"] = [_shield(demo, staff, rest[0])]
    picked["retention"] = [_past_retention(demo, rest[1])]
    _for_the_data_protection_lead(demo, picked["shielded"][0], picked["locality"][0])
    return picked


def _for_the_data_protection_lead(demo: ChildrenDemo, shielded: Child, known: Child) -> None:
    """Two things waiting for the data protection lead's review: the front door's break glass
    on the shielded child last night (over now), and a police disclosure to children's social
    care made without the family's consent."""
    front_door_staff = staff_record_with_username(FRONT_DOOR)
    front_door = front_door_staff.user if front_door_staff is not None else None
    if front_door is None:
        raise ChildrenDemoRefusedError("The demo partnership has no front door account.")
    started = demo.now - datetime.timedelta(hours=14)
    demo.insert(
        BreakGlass,
        [
            BreakGlass(
                child=shielded,
                user=front_door,
                reason="A police call at 11pm about a child of this name at an address in the "
                "city: checking whether she is already known before a strategy discussion.",
                started_at=started,
                expires_at=started + datetime.timedelta(hours=1),
            )
        ],
    )
    demo.insert(
        SharingDecision,
        [
            SharingDecision(
                child=known,
                what_shared="A domestic abuse incident at the child's home, and who was there.",
                shared_with="Children's social care (the Multi-Agency Safeguarding Hub)",
                purpose="To decide whether the child needs protection.",
                lawful_basis=LawfulBasis.PUBLIC_TASK,
                outcome=ConsentOutcome.OVERRIDDEN,
                decided_on=demo.today - datetime.timedelta(days=3),
                override_reason="Asking the parents first could put the child at greater risk "
                "of harm.",
            )
        ],
    )


def _consent(involvement: Involvement) -> SharingDecision:
    return SharingDecision(
        child=involvement.child,
        involvement=involvement,
        what_shared="That the child is seen by Community CAMHS, and by whom.",
        shared_with="The family support worker and the West Locality Team",
        purpose="So that the early help plan and the CAMHS work fit together.",
        lawful_basis=LawfulBasis.CONSENT,
        outcome=ConsentOutcome.GIVEN,
        decided_on=involvement.started_on,
    )


def _shield(demo: ChildrenDemo, staff: _Staff, child: Child) -> Child:
    """Shielded, with one involvement (the police's) so that someone is known to hold it."""
    child.shielded, child.shielded_reason, child.shielded_at = True, SHIELDED_REASON, demo.now
    child.save(update_fields=["shielded", "shielded_reason", "shielded_at"])
    demo.insert(
        Involvement,
        [_involvement(demo, staff, child, "police-ppu", staff.one_of("police-ppu"))],
    )
    return child


def _past_retention(demo: ChildrenDemo, child: Child) -> Child:
    """Eighteen a couple of months ago and not a care leaver: past its retention date. Its
    records say so too (with their content hashes as the import would have them)."""
    born = datetime.date(demo.today.year - 18, demo.today.month, 1) - datetime.timedelta(days=60)
    records = list(AgencyRecord.objects.filter(child=child))
    for record in records:
        record.date_of_birth = born
        record.content_hash = content_hash_of({name: getattr(record, name) for name in _HASHED})
    AgencyRecord.objects.bulk_update(records, ["date_of_birth", "content_hash"])
    child.date_of_birth = born
    child.save(update_fields=["date_of_birth"])
    return child


_HASHED = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
)
