"""establishment_load: a good file loads exactly what it says (worked by hand in
establishment_files.GOOD), a second load changes nothing, a changed file updates the records it
matches and nothing else, a remit limits the rows, and every role but the workforce manager is
refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.workforce.models import AgencyCover, Caseload, Holding, JobDescription, Post
from childtrust.workforce.services.establishment_import import establishment_load
from tests.factories import StaffMemberFactory, UserFactory
from tests.workforce.establishment_files import (
    GOOD,
    Partnership,
    csv_file,
    employee,
    partnership,
    row,
    vacant,
)
from tests.workforce.factories import (
    HoldingFactory,
    JobDescriptionFactory,
    PostFactory,
    WorkforceManagerFactory,
    WorkforceRemitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Partnership:
    return partnership()


def _post_values() -> list[tuple[object, ...]]:
    return list(
        Post.objects.order_by("reference").values_list(
            "agency__slug",
            "reference",
            "job_title",
            "grade",
            "fte",
            "team__slug",
            "locality__slug",
            "profession",
            "social_worker",
            "starts_on",
            "ends_on",
        )
    )


def test_a_good_file_loads_exactly_what_it_says(place: Partnership) -> None:
    manager = WorkforceManagerFactory()

    report = establishment_load(actor=manager, rows=csv_file(GOOD), source_name="hr.csv")

    assert report.ok, report.problems
    assert _post_values() == [
        ("health-trust", "HV1", "Health visitor", "Band 6", Decimal("1.00"), None, "north",
         "health_visitor", False, datetime.date(2019, 5, 1), None),
        ("city-council", "SW1", "Social worker", "Grade 8", Decimal("1.00"), "north-cin", "north",
         "social_worker", True, datetime.date(2023, 9, 4), None),
        ("city-council", "SW2", "Senior social worker", "Grade 9", Decimal("1.00"), "north-cin",
         None, "social_worker", True, datetime.date(2020, 4, 1), None),
        ("city-council", "SW3", "Family support worker", "Grade 5", Decimal("0.50"), None, None,
         "family_support", False, datetime.date(2025, 9, 30), None),
    ]  # fmt: skip
    assert sorted(
        Holding.objects.values_list(
            "post__reference",
            "staff__email",
            "fte",
            "starts_on",
            "ends_on",
            "joined_agency",
            "leaving_reason",
        )
    ) == [
        ("HV1", "pat@health.example", Decimal("1.00"), datetime.date(2019, 5, 1), None, False, ""),
        ("SW1", "sam@city.example", Decimal("0.60"), datetime.date(2023, 9, 4), None, True, ""),
        ("SW2", "alex@city.example", Decimal("1.00"), datetime.date(2020, 4, 1),
         datetime.date(2025, 3, 31), False, "resignation"),
    ]  # fmt: skip
    assert list(
        AgencyCover.objects.values_list(
            "post__reference", "worker_name", "supplier", "fte", "reason", "starts_on", "ends_on"
        )
    ) == [
        ("SW1", "Jo Locum", "Northgate Locums Ltd", Decimal("0.40"), "vacancy",
         datetime.date(2024, 1, 8), None),
    ]  # fmt: skip
    assert list(Caseload.objects.values_list("staff__email", "counted_on", "cases")) == [
        ("sam@city.example", datetime.date(2025, 9, 30), 17)
    ]
    assert set(Post.objects.values_list("created_by", "modified_by").distinct()) == {
        (manager.pk, manager.pk)
    }
    assert not JobDescription.objects.exists()
    assert report.counts() == {
        "rows": 5,
        "posts_created": 4, "posts_changed": 0, "posts_unchanged": 0,
        "holdings_created": 3, "holdings_changed": 0, "holdings_unchanged": 0,
        "cover_created": 1, "cover_changed": 0, "cover_unchanged": 0,
        "caseloads_created": 1, "caseloads_changed": 0, "caseloads_unchanged": 0,
    }  # fmt: skip
    assert report.summary() == (
        "Loaded 5 rows of the establishment from hr.csv: posts 4 new, 0 changed, 0 unchanged; "
        "staff in posts 3 new, 0 changed, 0 unchanged; agency workers 1 new, 0 changed, "
        "0 unchanged; caseloads 1 new, 0 changed, 0 unchanged."
    )
    event = AuditEvent.objects.get()  # one event for the load, not one a row
    assert (event.actor_id, event.action, event.object_type) == (
        manager.pk,
        "create",
        "workforce.post",
    )
    assert event.details == {"file": "hr.csv", **report.counts()}


def test_the_same_file_again_changes_nothing(place: Partnership) -> None:
    manager = WorkforceManagerFactory()
    establishment_load(actor=manager, rows=csv_file(GOOD))
    written = {
        model: sorted(model.objects.values_list("pk", "modified_at"))
        for model in (Post, Holding, AgencyCover)
    }
    caseloads = list(Caseload.objects.values_list("pk", "cases"))

    report = establishment_load(actor=manager, rows=csv_file(GOOD))

    assert report.ok
    for model, before in written.items():
        assert sorted(model.objects.values_list("pk", "modified_at")) == before
    assert list(Caseload.objects.values_list("pk", "cases")) == caseloads
    assert report.summary().endswith(
        "posts 0 new, 0 changed, 4 unchanged; staff in posts 0 new, 0 changed, 3 unchanged; "
        "agency workers 0 new, 0 changed, 1 unchanged; caseloads 0 new, 0 changed, 1 unchanged."
    )
    assert AuditEvent.objects.count() == 2
    assert AuditEvent.objects.latest("sequence").details["posts_unchanged"] == 4


def test_a_changed_file_updates_what_it_matches_and_never_the_job_description(
    place: Partnership,
) -> None:
    manager = WorkforceManagerFactory()
    post = PostFactory(agency=place.city, reference="SW9", job_title="Social worker", team=None)
    description = JobDescriptionFactory(post=post, text="Holds a caseload.")
    sam = HoldingFactory(post=post, staff=place.sam, fte=Decimal("1.00"),
                         starts_on=datetime.date(2023, 9, 4))  # fmt: skip
    other = HoldingFactory(post=PostFactory(agency=place.city), staff=place.alex)
    rows = [
        employee(
            "sam@city.example",
            job_title="Advanced practitioner",
            grade="Grade 10",
            end_date="2025-06-30",
            leaving_reason="retirement",
        )
    ]

    report = establishment_load(actor=manager, rows=csv_file(rows))

    assert report.ok, report.problems
    post.refresh_from_db()
    assert (post.job_title, post.grade, post.modified_by) == (
        "Advanced practitioner",
        "Grade 10",
        manager,
    )
    sam.refresh_from_db()
    assert (sam.ends_on, sam.leaving_reason, sam.modified_by) == (
        datetime.date(2025, 6, 30),
        "retirement",
        manager,
    )
    assert Holding.objects.count() == 2  # matched by post, person and start: none added
    assert JobDescription.objects.get() == description
    assert JobDescription.objects.get().text == "Holds a caseload."
    other.refresh_from_db()
    assert other.ends_on is None  # a holder the file does not mention stays as they are
    assert (report.posts.changed, report.holdings.changed) == (1, 1)


def test_without_team_and_locality_columns_a_post_keeps_its_own(place: Partnership) -> None:
    post = PostFactory(agency=place.city, reference="SW9", team=place.team,
                       locality=place.locality, grade="Grade 7")  # fmt: skip
    columns = [c for c in row() if c not in ("team", "locality")]

    report = establishment_load(
        actor=WorkforceManagerFactory(), rows=csv_file([vacant()], columns=columns)
    )

    assert report.ok, report.problems
    post.refresh_from_db()
    assert (post.team, post.locality, post.grade) == (place.team, place.locality, "Grade 8")


def test_a_blank_team_takes_the_post_out_of_its_team(place: Partnership) -> None:
    post = PostFactory(agency=place.city, reference="SW9", team=place.team)

    establishment_load(actor=WorkforceManagerFactory(), rows=csv_file([vacant(team="")]))

    post.refresh_from_db()
    assert post.team is None


def test_rows_as_mappings_with_numbers_and_true_or_false_load_like_the_file(
    place: Partnership,
) -> None:
    rows: list[dict[str, object]] = [
        {
            "agency": "city-council",
            "post_id": "SW9",
            "job_title": "Social worker",
            "post_fte": 1,
            "profession": "social_worker",
            "social_worker": True,
            "holder_type": "employee",
            "staff_email": "sam@city.example",
            "holder_fte": 0.5,
            "start_date": "2024-01-02",
            "joined_agency": False,
            "cases_held": 12,
        }
    ]

    report = establishment_load(
        actor=WorkforceManagerFactory(),
        rows=rows,
        first_line=1,
        today=datetime.date(2025, 9, 30),
    )

    assert report.ok, report.problems
    holding = Holding.objects.get()
    assert (holding.fte, holding.joined_agency, holding.post.social_worker) == (
        Decimal("0.50"),
        False,
        True,
    )
    assert list(Caseload.objects.values_list("counted_on", "cases")) == [
        (datetime.date(2025, 9, 30), 12)  # no as_at: the day of the load
    ]


def test_an_agency_hr_lead_loads_their_own_agency(place: Partnership) -> None:
    lead = WorkforceRemitFactory(agency=place.city).user
    city_rows = [r for r in GOOD if r["agency"] == "city-council"]

    report = establishment_load(actor=lead, rows=csv_file(city_rows))

    assert report.ok, report.problems
    assert set(Post.objects.values_list("agency__slug", flat=True)) == {"city-council"}


def test_an_agency_hr_lead_is_refused_another_agencys_rows_and_nothing_is_loaded(
    place: Partnership,
) -> None:
    lead = WorkforceRemitFactory(agency=place.city).user

    report = establishment_load(actor=lead, rows=csv_file(GOOD))

    assert [str(problem) for problem in report.problems] == [
        "Line 6, agency: you may load only City Council's posts; this row is Health Trust's"
    ]
    assert not Post.objects.exists()
    assert not Holding.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.FRONT_DOOR,
        Role.STRATEGIC_LEAD,
        Role.PARTNERSHIP_ADMIN,
        Role.FINANCE_OFFICER,
        Role.AUDITOR,
    ],
)
def test_establishment_load_refuses_every_role_but_the_workforce_manager(
    place: Partnership, role: str
) -> None:
    with pytest.raises(
        PermissionDenied, match="Your role does not allow you to load the establishment"
    ):
        establishment_load(actor=UserFactory(role=role), rows=csv_file(GOOD))

    assert not Post.objects.exists()


def test_formula_looking_cells_are_kept_as_text_and_never_run(place: Partnership) -> None:
    formula = '=HYPERLINK("http://evil.example","Click")'
    StaffMemberFactory(email="@sum(1+1)@city.example", agency=place.city)

    report = establishment_load(
        actor=WorkforceManagerFactory(),
        rows=csv_file(
            [
                employee("@SUM(1+1)@city.example", job_title=formula, grade="+1+2"),
                employee("=cmd|' /C calc'!A0", post_id="SW8"),
            ]
        ),
    )

    assert [str(problem) for problem in report.problems] == [
        "Line 3, staff_email: no staff record has the email \"=cmd|' /c calc'!a0\""
    ]
    report = establishment_load(
        actor=WorkforceManagerFactory(username="second"),
        rows=csv_file([employee("@SUM(1+1)@city.example", job_title=formula, grade="+1+2")]),
    )
    assert report.ok
    assert Post.objects.values_list("job_title", "grade").get() == (formula, "+1+2")


def test_progress_is_told_while_checking_then_writing_then_written(place: Partnership) -> None:
    told: list[tuple[str, int]] = []

    establishment_load(
        actor=WorkforceManagerFactory(),
        rows=csv_file(GOOD),
        progress=lambda stage, rows: told.append((stage, rows)),
    )

    assert told == [("checking", 5), ("writing", 5), ("written", 5)]
