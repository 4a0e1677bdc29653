"""Establishment files for the import's tests: a small partnership (two agencies, a team, a
locality, three people) and a good file describing it, worked out by hand in GOOD's comments."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from childtrust.partnership.models import Agency, Locality, StaffMember, Team
from childtrust.workforce.establishment_columns import COLUMN_NAMES
from tests.factories import AgencyFactory, LocalityFactory, StaffMemberFactory, TeamFactory


@dataclass
class Partnership:
    city: Agency
    health: Agency
    team: Team
    locality: Locality
    sam: StaffMember
    alex: StaffMember
    pat: StaffMember


def partnership() -> Partnership:
    city = AgencyFactory(name="City Council", slug="city-council")
    health = AgencyFactory(name="Health Trust", slug="health-trust")
    return Partnership(
        city=city,
        health=health,
        team=TeamFactory(name="North children in need", slug="north-cin", agency=city),
        locality=LocalityFactory(name="North", slug="north"),
        sam=StaffMemberFactory(email="sam@city.example", agency=city),
        alex=StaffMemberFactory(email="alex@city.example", agency=city),
        pat=StaffMemberFactory(email="pat@health.example", agency=health),
    )


def row(**cells: str) -> dict[str, str]:
    """A row with every column, blank unless given."""
    return {name: cells.get(name, "") for name in COLUMN_NAMES}


def vacant(agency: str = "city-council", post_id: str = "SW9", **cells: str) -> dict[str, str]:
    """A social worker post with no holder."""
    base = {
        "agency": agency,
        "post_id": post_id,
        "job_title": "Social worker",
        "grade": "Grade 8",
        "post_fte": "1.00",
        "profession": "social_worker",
        "social_worker": "yes",
    }
    return row(**(base | cells))


def employee(email: str, post_id: str = "SW9", **cells: str) -> dict[str, str]:
    """`email` in a social worker post at the City Council, full time from 4 September 2023."""
    base = {
        "holder_type": "employee",
        "staff_email": email,
        "holder_fte": "1.00",
        "start_date": "2023-09-04",
        "joined_agency": "no",
    }
    return vacant(post_id=post_id, **(base | cells))


# Worked by hand. Four posts: SW1 (City, its first day the earliest of its holders' starts,
# 4 September 2023, team north-cin, locality north), SW2 (City, first day Alex's start, 1 April
# 2020, no locality), SW3 (City, no holder: first day the as_at date, 30 September 2025), HV1
# (Health, first day 1 May 2019). Three staff in posts: Sam 0.60 in SW1 from 4 September 2023,
# a starter; Alex 1.00 in SW2 from 1 April 2020 to 31 March 2025, a leaver (resignation); Pat
# 1.00 in HV1. One agency worker: Jo Locum 0.40 in SW1 from 8 January 2024, covering a vacancy
# (the default). One caseload: Sam's 17 cases on 30 September 2025.
GOOD = [
    row(
        agency="city-council",
        post_id="SW1",
        job_title="Social worker",
        grade="Grade 8",
        post_fte="1.00",
        team="north-cin",
        locality="north",
        profession="social_worker",
        social_worker="yes",
        holder_type="employee",
        staff_email="Sam@City.example",
        holder_fte="0.6",
        start_date="2023-09-04",
        joined_agency="yes",
        cases_held="17",
        as_at="2025-09-30",
    ),
    row(
        agency="city-council",
        post_id="SW1",
        job_title="Social worker",
        grade="Grade 8",
        post_fte="1",
        team="north-cin",
        locality="North",
        profession="Social worker",
        social_worker="Yes",
        holder_type="agency_worker",
        holder_fte="0.40",
        start_date="08/01/2024",
        worker_name="Jo Locum",
        supplier="Northgate Locums Ltd",
        as_at="2025-09-30",
    ),
    row(
        agency="city-council",
        post_id="SW2",
        job_title="Senior social worker",
        grade="Grade 9",
        post_fte="1.00",
        team="north-cin",
        profession="social_worker",
        social_worker="yes",
        holder_type="employee",
        staff_email="alex@city.example",
        holder_fte="1",
        start_date="01/04/2020",
        end_date="31/03/2025",
        joined_agency="no",
        leaving_reason="Resignation",
        as_at="2025-09-30",
    ),
    row(
        agency="city-council",
        post_id="SW3",
        job_title="Family support worker",
        grade="Grade 5",
        post_fte="0.50",
        profession="family_support",
        social_worker="no",
        as_at="2025-09-30",
    ),
    row(
        agency="health-trust",
        post_id="HV1",
        job_title="Health visitor",
        grade="Band 6",
        post_fte="1.00",
        locality="north",
        profession="Health visitor",
        social_worker="no",
        holder_type="employee",
        staff_email="pat@health.example",
        holder_fte="1.00",
        start_date="2019-05-01",
        joined_agency="no",
    ),
]


def csv_text(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=columns or list(COLUMN_NAMES), lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def csv_file(rows: list[dict[str, str]], columns: list[str] | None = None) -> io.StringIO:
    return io.StringIO(csv_text(rows, columns), newline="")
