"""establishment_load's bad lines: each kind reported with its line, column and reason, every one
in a file reported at once, and nothing written (not even the file's good rows); a header with
unknown, missing or repeated columns refused naming them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest

from childtrust.audit.models import AuditEvent
from childtrust.workforce.establishment_columns import columns_problem
from childtrust.workforce.models import AgencyCover, Caseload, Holding, Post
from childtrust.workforce.services.establishment_import import (
    EstablishmentReport,
    establishment_load,
)
from tests.factories import TeamFactory
from tests.workforce.establishment_files import (
    GOOD,
    Partnership,
    csv_file,
    csv_text,
    employee,
    partnership,
    row,
    vacant,
)
from tests.workforce.factories import HoldingFactory, PostFactory, WorkforceManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Partnership:
    return partnership()


def _load(rows: list[dict[str, str]]) -> EstablishmentReport:
    return establishment_load(actor=WorkforceManagerFactory(), rows=csv_file(rows))


def _problems(report: EstablishmentReport) -> list[str]:
    return [str(problem) for problem in report.problems]


def _nothing_written() -> None:
    assert not Post.objects.exists()
    assert not Holding.objects.exists()
    assert not AgencyCover.objects.exists()
    assert not Caseload.objects.exists()
    assert not AuditEvent.objects.exists()


SAM = "sam@city.example"


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (employee(SAM, holder_fte="abc"), 'holder_fte: "abc" is not an FTE such as 1.00 or 0.60'),
        (
            employee(SAM, holder_fte="1.20"),
            "holder_fte: The FTE for one person in one post cannot be more than 1.00; 1.20 was "
            "given",
        ),
        (employee(SAM, holder_fte="0"), "holder_fte: The FTE must be more than 0, such as 0.60"),
        (employee(SAM, holder_fte="0.555"), 'holder_fte: "0.555" has more than 2 decimal places'),
        (employee(SAM, holder_fte=""), "holder_fte: enter the holder's FTE"),
        (vacant(post_fte="1.5"), "post_fte: a post's FTE is from 0.01 to 1.00; 1.50 was given"),
        (
            employee(SAM, start_date="2024-05-01", end_date="30/04/2024"),
            "end_date: The end date (30 April 2024) must be on or after the start date "
            "(1 May 2024)",
        ),
        (
            employee(SAM, start_date="31/02/2024"),
            'start_date: "31/02/2024" is not a date that exists',
        ),
        (
            employee(SAM, start_date="next week"),
            'start_date: "next week" is not a date such as 2025-09-30 or 30/09/2025',
        ),
        (vacant(agency="nowhere"), 'agency: no agency has the slug "nowhere"'),
        (vacant(team="south"), 'team: no team has the slug "south"'),
        (vacant(locality="east"), 'locality: no locality has the slug "east"'),
        (
            employee("nobody@city.example"),
            'staff_email: no staff record has the email "nobody@city.example"',
        ),
        (
            employee("pat@health.example"),
            "staff_email: pat@health.example works for Health Trust, not City Council",
        ),
        (vacant(profession="wizard"), 'profession: "wizard" is not a profession: use one of'),
        (vacant(social_worker="maybe"), 'social_worker: "maybe" is not yes or no'),
        (
            vacant(holder_type="volunteer"),
            'holder_type: "volunteer" is not employee, agency_worker',
        ),
        (vacant(staff_email=SAM), "staff_email: must be blank for a post with no holder"),
        (
            employee(SAM, leaving_reason="resignation"),
            "leaving_reason: a leaving reason needs the end date",
        ),
        (
            employee(SAM, leaving_reason="bored", end_date="2025-01-01"),
            'leaving_reason: "bored" is not a leaving reason',
        ),
        (employee(SAM, worker_name="Jo"), "worker_name: must be blank for an employee"),
        (
            vacant(holder_type="agency_worker", holder_fte="1", start_date="2024-01-01",
                   worker_name="Jo", supplier="Locums Ltd", cases_held="3"),
            "cases_held: must be blank for an agency worker",
        ),
        (
            vacant(holder_type="agency_worker", holder_fte="1", start_date="2024-01-01",
                   worker_name="Jo"),
            "supplier: enter the employment agency supplying them",
        ),
        (
            vacant(holder_type="agency_worker", holder_fte="1", start_date="2024-01-01",
                   worker_name="Jo", supplier="Locums Ltd", cover_reason="fun"),
            'cover_reason: "fun" is not a cover reason',
        ),
        (employee(SAM, cases_held="lots"), 'cases_held: "lots" is not a number of cases'),
        (
            employee(SAM, end_date="2024-12-31", cases_held="4", as_at="2025-09-30"),
            "cases_held: cases are counted for people in the post on the as_at date "
            "(30 September 2025), and this holder is not in it then",
        ),
        (
            vacant(job_title="Social\x1bworker"),
            'job_title: "Social\\x1bworker" has a control character',
        ),
        (vacant(post_id="P" * 41), "post_id: 41 characters: at most 40 fit"),
        (vacant(post_id=""), "post_id: enter the post's number in the HR system"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_line_is_reported_with_its_line_and_column(
    place: Partnership, bad_row: dict[str, str], expected: str
) -> None:
    report = _load([*GOOD, bad_row])

    assert len(report.problems) == 1, _problems(report)
    assert _problems(report)[0].startswith(f"Line 7, {expected}")
    _nothing_written()


def test_a_team_of_another_agency_is_refused(place: Partnership) -> None:
    TeamFactory(name="Health visiting north", slug="hv-north", agency=place.health)

    report = _load([vacant(team="hv-north")])

    assert _problems(report) == [
        "Line 2, team: Health visiting north is Health Trust's team, not City Council's"
    ]


def test_every_bad_line_is_reported_at_once_in_line_order_and_nothing_is_written(
    place: Partnership,
) -> None:
    rows = [
        employee(SAM, post_id="SW1"),
        vacant(post_id="SW2", post_fte="two"),
        employee("alex@city.example", post_id="SW3"),
        employee("nobody@city.example", post_id="SW4", holder_fte="1.5"),
        employee(SAM, post_id="SW1"),
    ]

    report = _load(rows)

    assert [(p.line, getattr(p, "column", "")) for p in report.problems] == [
        (3, "post_fte"),
        (5, "holder_fte"),
        (5, "staff_email"),
        (6, ""),
    ]
    assert report.problem_count == 4
    assert report.problems_sentence() == (
        "The file has 4 problems. Nothing was loaded: correct every line listed and load the "
        "whole file again"
    )
    _nothing_written()  # the good rows of SW1 and SW3 too


def test_the_same_row_twice_is_refused_for_employees_agency_workers_and_vacancies(
    place: Partnership,
) -> None:
    worker = {"holder_type": "agency_worker", "holder_fte": "1", "start_date": "2024-01-01",
              "supplier": "Locums Ltd"}  # fmt: skip
    rows = [
        employee(SAM, post_id="SW1", holder_fte="0.5"),
        employee(SAM.upper(), post_id="SW1", holder_fte="0.5"),
        vacant(post_id="SW2", worker_name="Jo Locum", **worker),
        vacant(post_id="SW2", worker_name="jo locum", **worker),
        vacant(post_id="SW3"),
        vacant(post_id="SW3"),
    ]

    report = _load(rows)

    assert _problems(report) == [
        "Line 3: this row is the same as line 2: the same person in post SW1 from 4 September 2023",
        "Line 5: this row is the same as line 4: jo locum covering post SW2 from 1 January 2024",
        "Line 7: this row is the same as line 6: post SW3 with no holder, given twice",
    ]
    _nothing_written()


def test_a_post_described_two_ways_is_refused(place: Partnership) -> None:
    report = _load(
        [
            employee(SAM, post_id="SW1", holder_fte="0.5"),
            employee("alex@city.example", post_id="SW1", holder_fte="0.5", job_title="Manager",
                     post_fte="0.80"),
        ]
    )  # fmt: skip

    assert _problems(report) == [
        "Line 3, job_title: post SW1 is described differently on line 2 (job_title, post_fte): "
        "every row of a post must say the same of it"
    ]


def test_a_post_held_above_its_fte_by_the_files_holders_is_refused(place: Partnership) -> None:
    report = _load(
        [
            employee(SAM, post_id="SW1", holder_fte="0.60"),
            employee("alex@city.example", post_id="SW1", holder_fte="0.60",
                     start_date="2024-01-08"),
        ]
    )  # fmt: skip

    assert _problems(report) == [
        "Line 2, holder_fte: post SW1: The post is funded for 1.00 FTE, but its holders would "
        "hold 1.20 FTE from 8 January 2024 (the file's holders on lines 2, 3)"
    ]
    _nothing_written()


def test_a_post_held_above_its_fte_with_the_holders_already_recorded_is_refused(
    place: Partnership,
) -> None:
    post = PostFactory(agency=place.city, reference="SW1", team=None, fte=Decimal("1.00"))
    HoldingFactory(post=post, staff=place.alex, fte=Decimal("0.80"),
                   starts_on=datetime.date(2022, 1, 1))  # fmt: skip

    report = _load([employee(SAM, post_id="SW1", holder_fte="0.50")])

    assert _problems(report) == [
        "Line 2, holder_fte: post SW1: The post is funded for 1.00 FTE, but its holders would "
        "hold 1.30 FTE from 4 September 2023 (the file's holder on line 2, and 1 already recorded)"
    ]
    assert Holding.objects.count() == 1


def test_a_recorded_holder_who_has_left_leaves_room_for_the_files(place: Partnership) -> None:
    post = PostFactory(agency=place.city, reference="SW1", team=None)
    HoldingFactory(post=post, staff=place.alex, starts_on=datetime.date(2020, 1, 1),
                   ends_on=datetime.date(2023, 9, 3), leaving_reason="resignation")  # fmt: skip

    report = _load([employee(SAM, post_id="SW1")])  # from 4 September 2023: the day after

    assert report.ok, _problems(report)


def test_a_file_cutting_a_posts_fte_below_its_recorded_holders_is_refused(
    place: Partnership,
) -> None:
    post = PostFactory(agency=place.city, reference="SW1", team=None)
    HoldingFactory(post=post, staff=place.alex, starts_on=datetime.date(2022, 1, 1))

    report = _load([vacant(post_id="SW1", post_fte="0.50")])

    assert _problems(report) == [
        "Line 2, post_fte: post SW1: The post is funded for 0.50 FTE, but its holders would "
        "hold 1.00 FTE from 1 January 2022 (holders already recorded)"
    ]
    post.refresh_from_db()
    assert post.fte == Decimal("1.00")


def test_one_person_above_one_fte_in_one_post_is_refused(place: Partnership) -> None:
    report = _load(
        [
            employee(SAM, post_id="SW1", holder_fte="0.60", start_date="2023-09-04"),
            employee(SAM, post_id="SW1", holder_fte="0.60", start_date="2024-01-08"),
        ]
    )

    assert (
        "Line 2, holder_fte: this person would hold 1.20 FTE of post SW1 from 8 January 2024 "
        "(lines 2, 3, with any already recorded): one person's FTE in one post cannot be more "
        "than 1.00"
    ) in _problems(report)


def test_a_holder_after_their_posts_end_is_refused(place: Partnership) -> None:
    PostFactory(agency=place.city, reference="SW1", team=None, ends_on=datetime.date(2024, 3, 31))

    report = _load([employee(SAM, post_id="SW1")])

    assert _problems(report) == [
        "Line 2, end_date: post SW1 ended on 31 March 2024: a holder's time in it must end by then"
    ]


def test_an_ended_posts_first_day_cannot_move_after_its_end(place: Partnership) -> None:
    PostFactory(agency=place.city, reference="SW1", team=None, ends_on=datetime.date(2024, 3, 31))

    report = _load([vacant(post_id="SW1", post_start_date="2024-04-01")])

    assert _problems(report) == [
        "Line 2, post_start_date: post SW1 ended on 31 March 2024: its first day cannot be "
        "after that"
    ]


def test_a_persons_cases_given_two_ways_on_one_day_are_refused(place: Partnership) -> None:
    report = _load(
        [
            employee(SAM, post_id="SW1", holder_fte="0.5", cases_held="10", as_at="2025-09-30"),
            employee(SAM, post_id="SW2", holder_fte="0.5", cases_held="12", as_at="2025-09-30"),
        ]
    )

    assert _problems(report) == [
        "Line 3, cases_held: line 2 gives this person 10 cases on 30 September 2025, this line "
        "12: a person's cases on a day must be the same on every row"
    ]


def test_a_line_with_more_cells_than_the_header_is_refused(place: Partnership) -> None:
    text = csv_text([vacant()]).replace("\r\n", ",extra\r\n").replace(",extra", "", 1)

    report = establishment_load(actor=WorkforceManagerFactory(), rows=io.StringIO(text))

    assert _problems(report) == [
        "Line 2: the line has more cells than the first line names columns"
    ]


def test_a_file_with_no_rows_is_refused(place: Partnership) -> None:
    report = _load([])

    assert _problems(report) == ["Line 1: there are no rows of posts"]


# --- Headers --------------------------------------------------------------------------------------


def test_a_header_with_unknown_missing_and_repeated_columns_is_refused_naming_them(
    place: Partnership,
) -> None:
    header = "Agency,post_id,job_title,grade,post_fte,profession,social_worker,holder_type,"
    header += "staff_email,holder_fte,start_date,end_date,joined_agency,Grade,Salary,Notes\r\n"

    report = establishment_load(
        actor=WorkforceManagerFactory(), rows=io.StringIO(header + "x\r\n"), source_name="hr.csv"
    )

    assert _problems(report) == [
        "Line 1: The file hr.csv cannot be loaded: it has columns this does not know: salary, "
        "notes; it has no column called leaving_reason, worker_name, supplier, cover_reason; "
        "it names grade more than once. Nothing was loaded. The first line must name the "
        "columns agency, post_id, job_title, grade, post_fte, profession, social_worker, "
        "holder_type, staff_email, holder_fte, start_date, end_date, joined_agency, "
        "leaving_reason, worker_name, supplier, cover_reason, and may name team, locality, "
        "post_start_date, cases_held, as_at"
    ]
    _nothing_written()


def test_a_good_header_in_any_case_and_order_passes() -> None:
    columns = list(reversed([name.upper() for name in row()]))

    assert columns_problem("hr.csv", columns) is None
    assert columns_problem("hr.csv", [c for c in columns if c != "CASES_HELD"]) is None


def test_rows_with_unknown_keys_are_refused_row_by_row(place: Partnership) -> None:
    report = establishment_load(
        actor=WorkforceManagerFactory(),
        rows=[vacant() | {"salary": "30000"}, {"post": []}, "a row"],  # type: ignore[list-item]
        first_line=1,
    )

    assert _problems(report)[:2] == [
        'Line 1, salary: "salary" is not a column this knows',
        'Line 2, post: "post" is not a column this knows',
    ]
    assert "Line 3: a row must be an object of columns and their values" in _problems(report)
    _nothing_written()


def test_a_holder_recorded_while_the_file_was_checked_is_counted_before_writing(
    place: Partnership,
) -> None:
    post = PostFactory(agency=place.city, reference="SW1", team=None)

    def progress(stage: str, rows: int) -> None:
        if stage == "writing":  # after the file was checked, before its transaction
            HoldingFactory(post=post, staff=place.alex, fte=Decimal("0.80"),
                           starts_on=datetime.date(2022, 1, 1))  # fmt: skip

    report = establishment_load(
        actor=WorkforceManagerFactory(),
        rows=csv_file([employee(SAM, post_id="SW1", holder_fte="0.50")]),
        progress=progress,
    )

    assert _problems(report) == [
        "Line 2, holder_fte: post SW1: The post is funded for 1.00 FTE, but its holders would "
        "hold 1.30 FTE from 4 September 2023 (the file's holder on line 2, and 1 already "
        "recorded)"
    ]
    assert list(Holding.objects.values_list("staff", flat=True)) == [place.alex.pk]
    assert not AuditEvent.objects.exists()
