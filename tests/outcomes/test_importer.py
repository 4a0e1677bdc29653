"""Loading indicator data from the public health profiles' CSV export and from the
partnership's own counts: all or nothing, with every bad line reported."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes.indicator_files import (
    ZERO_DENOMINATOR,
    ImportReport,
    RowError,
    area_type_from,
    period_start,
)
from childtrust.outcomes.models import Area, AreaType, DataPoint, DataSource, Indicator
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FINGERTIPS_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]

MENTAL_HEALTH = "Hospital admissions for mental health conditions (<18 yrs)"
DENTAL = "Hospital admissions for dental caries (0-5 yrs)"


def fingertips_row(**fields: str) -> dict[str, str]:
    """One row as the export gives it: Leeds, mental health admissions, 2021/22."""
    row = {
        "Indicator ID": "90812",
        "Indicator Name": MENTAL_HEALTH,
        "Parent Code": "E12000003",
        "Parent Name": "Yorkshire and the Humber region",
        "Area Code": "E08000035",
        "Area Name": "Leeds",
        "Area Type": "Counties & UAs (from Apr 2023)",
        "Sex": "Persons",
        "Age": "<18 yrs",
        "Category Type": "",
        "Category": "",
        "Time period": "2021/22",
        "Value": "105.2",
        "Lower CI 95.0 limit": "90.7",
        "Upper CI 95.0 limit": "121.3",
        "Lower CI 99.8 limit": "84.7",
        "Upper CI 99.8 limit": "128.9",
        "Count": "190",
        "Denominator": "180600",
        "Value note": "",
        "Recent Trend": "Cannot be calculated",
        "Compared to England value or percentiles": "Similar",
        "Compared to percentiles": "Not compared",
        "Time period Sortable": "20210000",
        "New data": "",
        "Compared to goal": "",
        "Time period range": "1y",
    }
    row.update(fields)
    return row


def good_rows() -> list[dict[str, str]]:
    england = {
        "Parent Code": "",
        "Parent Name": "",
        "Area Code": "E92000001",
        "Area Name": "England",
        "Area Type": "England",
        "Compared to England value or percentiles": "",
    }
    return [
        fingertips_row(
            **england,
            **{
                "Value": "99.8",
                "Lower CI 95.0 limit": "98.0",
                "Upper CI 95.0 limit": "101.6",
                "Lower CI 99.8 limit": "97.1",
                "Upper CI 99.8 limit": "102.6",
                "Count": "11965",
                "Denominator": "11989000",
            },
        ),
        fingertips_row(),
        fingertips_row(
            **{
                "Time period": "2020/21",
                "Value": "88.1",
                "Lower CI 95.0 limit": "74.8",
                "Upper CI 95.0 limit": "103.1",
                "Lower CI 99.8 limit": "69.3",
                "Upper CI 99.8 limit": "110.0",
                "Count": "159",
                "Denominator": "180400",
            }
        ),
        fingertips_row(
            **england,
            **{
                "Indicator ID": "93474",
                "Indicator Name": DENTAL,
                "Age": "0-5 yrs",
                "Time period": "2019/20 - 21/22",
                "Value": "220.8",
                "Lower CI 95.0 limit": "218.0",
                "Upper CI 95.0 limit": "223.7",
                "Lower CI 99.8 limit": "216.5",
                "Upper CI 99.8 limit": "225.2",
                "Count": "22910",
                "Denominator": "10375000",
            },
        ),
        fingertips_row(
            **{
                "Indicator ID": "93474",
                "Indicator Name": DENTAL,
                "Age": "0-5 yrs",
                "Time period": "2019/20 - 21/22",
                "Value": "310.3",
                "Lower CI 95.0 limit": "283.8",
                "Upper CI 95.0 limit": "338.6",
                "Lower CI 99.8 limit": "270.0",
                "Upper CI 99.8 limit": "353.6",
                "Count": "505",
                "Denominator": "162700",
                "Compared to England value or percentiles": "Worse",
            }
        ),
    ]


def nothing_written() -> bool:
    return not (
        Indicator.objects.exists()
        or Area.objects.exists()
        or DataPoint.objects.exists()
        or AuditEvent.objects.filter(object_type="outcomes.datapoint").exists()
    )


@pytest.fixture
def analyst() -> User:
    """A strategic lead: one of the roles that may load indicator data."""
    return UserFactory(username="analyst", role=Role.STRATEGIC_LEAD)


# --- Reading periods and area types ------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "start"),
    [
        ("2022", datetime.date(2022, 1, 1)),
        ("2021/22", datetime.date(2021, 4, 1)),
        ("2019/20 - 21/22", datetime.date(2019, 4, 1)),
        ("2017 - 19", datetime.date(2017, 1, 1)),
        ("2022/23 Q4", datetime.date(2023, 1, 1)),
        ("1999/00", datetime.date(1999, 4, 1)),
    ],
)
def test_published_time_periods_are_read_as_the_day_they_begin(
    label: str, start: datetime.date
) -> None:
    assert period_start(label) == start


@pytest.mark.parametrize("label", ["2021/23", "22/23", "Spring term", "2021/22 - 2019", "2021 -"])
def test_a_time_period_that_cannot_be_read_is_refused(label: str) -> None:
    with pytest.raises(RowError, match="time period"):
        period_start(label)


@pytest.mark.parametrize(
    ("label", "area_type"),
    [
        ("England", AreaType.ENGLAND),
        ("Region", AreaType.REGION),
        ("Counties & UAs (from Apr 2023)", AreaType.LOCAL_AUTHORITY),
        ("Districts & UAs (from Apr 2023)", AreaType.LOCAL_AUTHORITY),
        ("local authority", AreaType.LOCAL_AUTHORITY),
        ("Locality", AreaType.LOCALITY),
        ("ward", AreaType.WARD),
    ],
)
def test_area_types_are_read_from_the_names_the_export_uses(
    label: str, area_type: AreaType
) -> None:
    assert area_type_from(label) == area_type


# --- The public health profiles' export --------------------------------------------------------


def test_a_good_file_loads_indicators_areas_and_data_points(analyst: User) -> None:
    report = indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")

    assert report.ok
    assert (report.rows, report.data_points_created, report.data_points_updated) == (5, 5, 0)
    assert report.indicators_created == 2
    assert report.areas_created == 3  # England, Leeds, and Leeds's region named as its parent
    assert set(Indicator.objects.values_list("external_id", "name")) == {
        ("90812", MENTAL_HEALTH),
        ("93474", DENTAL),
    }
    leeds = Area.objects.get(code="E08000035")
    assert leeds.area_type == AreaType.LOCAL_AUTHORITY
    assert leeds.parent is not None
    assert (leeds.parent.code, leeds.parent.area_type) == ("E12000003", AreaType.REGION)
    assert Area.objects.get(code="E92000001").area_type == AreaType.ENGLAND
    point = DataPoint.objects.get(indicator__external_id="93474", area=leeds)
    assert point.period == "2019/20 - 21/22"
    assert point.period_start == datetime.date(2019, 4, 1)
    assert (point.value, point.lower_95, point.upper_95) == (310.3, 283.8, 338.6)
    assert (point.lower_99_8, point.upper_99_8) == (270.0, 353.6)
    assert (point.count, point.denominator) == (505, 162700)
    assert (point.sex, point.age, point.source) == ("Persons", "0-5 yrs", DataSource.IMPORTED)
    periods = DataPoint.objects.filter(indicator__external_id="90812", area=leeds)
    assert list(periods.order_by("period_start").values_list("period", flat=True)) == [
        "2020/21",
        "2021/22",
    ]


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR, Role.FINANCE_OFFICER]
)
@pytest.mark.parametrize("load", [indicator_data_import, local_counts_import])
def test_a_load_by_someone_who_does_not_manage_outcomes_is_refused_and_writes_nothing(
    role: Role, load: Callable[..., ImportReport]
) -> None:
    rows = good_rows() if load is indicator_data_import else [local_row()]

    with pytest.raises(PermissionDenied, match="Your role does not allow you to load indicator"):
        load(actor=UserFactory(role=role), rows=rows, source_name="profiles.csv")

    assert nothing_written()


def test_a_load_records_one_audit_event_with_its_counts_and_file(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")

    event = AuditEvent.objects.get(object_type="outcomes.datapoint")
    assert event.action == AuditAction.CREATE
    assert event.actor == analyst
    assert event.details["file"] == "profiles.csv"
    assert event.details["data_points_created"] == 5
    assert event.details["indicators_created"] == 2


def test_columns_the_importer_does_not_use_are_ignored(analyst: User) -> None:
    rows = [dict(row, **{"Something new": "x", "Another": ""}) for row in good_rows()]
    without = [{column: row[column] for column in FINGERTIPS_COLUMNS[:20]} for row in good_rows()]

    assert indicator_data_import(actor=analyst, rows=rows, source_name="a.csv").ok
    assert indicator_data_import(actor=analyst, rows=without, source_name="b.csv").ok
    assert DataPoint.objects.count() == 5


def test_loading_the_file_again_changes_only_the_row_that_differs(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")
    DataPoint.objects.update(modified_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    revised = good_rows()
    revised[1].update({"Value": "106.0", "Count": "191", "Value note": "Revised"})

    report = indicator_data_import(actor=analyst, rows=revised, source_name="profiles.csv")

    counts = report.data_points_created, report.data_points_updated, report.data_points_unchanged
    assert counts == (0, 1, 4)
    touched = DataPoint.objects.filter(modified_at__year__gt=2020)
    assert list(touched.values_list("area__code", "period")) == [("E08000035", "2021/22")]
    assert (report.indicators_created, report.areas_created) == (0, 0)
    assert DataPoint.objects.count() == 5
    assert Indicator.objects.count() == 2
    point = DataPoint.objects.get(area__code="E08000035", period="2021/22")
    assert (point.value, point.count, point.value_note) == (106.0, 191, "Revised")


def test_a_renamed_indicator_is_updated(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")
    rows = [fingertips_row(**{"Indicator Name": "Admissions for mental health (under 18s)"})]

    report = indicator_data_import(actor=analyst, rows=rows, source_name="renamed.csv")

    assert report.indicators_updated == 1
    assert Indicator.objects.get(external_id="90812").name == (
        "Admissions for mental health (under 18s)"
    )


def test_a_suppressed_value_loads_with_its_note(analyst: User) -> None:
    rows = [
        fingertips_row(
            **{
                "Value": "",
                "Lower CI 95.0 limit": "",
                "Upper CI 95.0 limit": "",
                "Lower CI 99.8 limit": "",
                "Upper CI 99.8 limit": "",
                "Count": "",
                "Value note": "Value suppressed for disclosure control due to small count",
            }
        )
    ]

    report = indicator_data_import(actor=analyst, rows=rows, source_name="profiles.csv")

    assert report.ok
    point = DataPoint.objects.get()
    assert (point.value, point.count, point.denominator) == (None, None, 180600)
    assert point.value_note.startswith("Value suppressed")


BAD_ROWS = [
    pytest.param({"Area Code": ""}, "the Area Code is empty", id="empty area code"),
    pytest.param(
        {"Indicator ID": "ninety"},
        'the Indicator ID "ninety" is not a whole number',
        id="indicator id",
    ),
    pytest.param({"Value": "105,2"}, 'the Value "105,2" is not a number', id="value"),
    pytest.param({"Count": "n/a"}, 'the Count "n/a" is not a number', id="count"),
    pytest.param(
        {"Time period": "Spring 2022"},
        'the time period "Spring 2022" is not one this can read',
        id="period",
    ),
    pytest.param(
        {"Area Type": "Parliamentary constituency"},
        'the area type "Parliamentary constituency" is not one this knows',
        id="area type",
    ),
    pytest.param(
        {"Lower CI 95.0 limit": "110.0"},
        "the value (105.2) is below its lower 95% limit (110)",
        id="value below ci",
    ),
    pytest.param(
        {"Upper CI 99.8 limit": "80"},
        "the lower 99.8% limit (84.7) is above the upper (80)",
        id="ci order",
    ),
    pytest.param({"Denominator": "0"}, ZERO_DENOMINATOR, id="zero denominator"),
    pytest.param({"Count": "-3"}, "the count (-3) is below 0", id="negative count"),
]


@pytest.mark.parametrize(("fields", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_written(
    analyst: User, fields: dict[str, str], reason: str
) -> None:
    rows = good_rows()
    rows[1].update(fields)  # line 3: line 1 is the header

    report = indicator_data_import(actor=analyst, rows=rows, source_name="profiles.csv")

    assert not report.ok
    assert [problem.line for problem in report.problems] == [3]
    assert report.problems[0].reason.startswith(reason)
    assert str(report.problems[0]).startswith(f"Line 3: {reason}")
    assert nothing_written()


def test_every_problem_is_listed_not_just_the_first(analyst: User) -> None:
    rows = good_rows()
    rows[0]["Value"] = "high"
    rows[3]["Time period"] = "last year"
    rows.append(dict(rows[1]))

    report = indicator_data_import(actor=analyst, rows=rows, source_name="profiles.csv")

    assert [problem.line for problem in report.problems] == [2, 5, 7]
    assert report.problems[2].reason == ("it repeats line 3 (same indicator, area and period)")
    assert nothing_written()


def test_an_area_given_two_names_is_refused(analyst: User) -> None:
    rows = good_rows()
    rows[2]["Area Name"] = "City of Leeds"

    report = indicator_data_import(actor=analyst, rows=rows, source_name="profiles.csv")

    assert [problem.line for problem in report.problems] == [4]
    assert 'is called "City of Leeds"' in report.problems[0].reason
    assert nothing_written()


def test_a_file_missing_a_column_is_refused_by_name(analyst: User) -> None:
    rows = [{k: v for k, v in row.items() if k != "Time period"} for row in good_rows()]

    report = indicator_data_import(actor=analyst, rows=rows, source_name="profiles.csv")

    assert [(p.line, p.reason) for p in report.problems] == [
        (1, "the file has no column called Time period")
    ]
    assert nothing_written()


def test_a_file_with_no_rows_is_refused(analyst: User) -> None:
    report = indicator_data_import(actor=analyst, rows=[], source_name="empty.csv")

    assert [p.reason for p in report.problems] == ["the file has no rows of data"]
    assert nothing_written()


def test_a_failure_while_writing_leaves_nothing_half_loaded(
    analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("childtrust.outcomes.services.uploads.merge_points", fail)

    with pytest.raises(RuntimeError):
        indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")

    assert nothing_written()


# --- The partnership's own counts ---------------------------------------------------------------

LOCAL_COLUMNS = [
    "indicator",
    "area_code",
    "area_name",
    "area_type",
    "period",
    "count",
    "denominator",
]
EHCP = "Pupils with an education, health and care plan"


def local_row(**fields: str) -> dict[str, str]:
    row = {
        "indicator": EHCP,
        "area_code": "LOC-EAST",
        "area_name": "East locality",
        "area_type": "locality",
        "period": "2023/24",
        "count": "412",
        "denominator": "10300",
    }
    row.update(fields)
    return row


def test_local_counts_load_as_proportions_of_their_denominators(analyst: User) -> None:
    rows = [
        local_row(),
        local_row(area_code="LOC-WEST", area_name="West locality", count="255", denominator="8500"),
    ]

    report = local_counts_import(actor=analyst, rows=rows, source_name="ehcp.csv")

    assert report.ok
    assert report.data_points_created == 2
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.external_id, indicator.value_type) == (EHCP, "", "proportion")
    east = DataPoint.objects.get(area__code="LOC-EAST")
    assert east.value == pytest.approx(4.0)
    assert (east.count, east.denominator, east.source) == (412, 10300, DataSource.LOCAL)
    assert east.area.area_type == AreaType.LOCALITY
    assert AuditEvent.objects.get(object_type="outcomes.datapoint").details["source"] == "local"


def test_local_counts_with_a_zero_denominator_are_refused(analyst: User) -> None:
    rows = [local_row(), local_row(period="2024/25", count="0", denominator="0")]

    report = local_counts_import(actor=analyst, rows=rows, source_name="ehcp.csv")

    assert [(p.line, p.reason) for p in report.problems] == [(3, ZERO_DENOMINATOR)]
    assert ZERO_DENOMINATOR == (
        "the denominator is 0: a rate or proportion needs at least one person or pupil"
    )
    assert nothing_written()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"count": ""}, "the count is empty"),
        ({"denominator": ""}, "the denominator is empty"),
        ({"count": "11000"}, "the count (11000) is more than the denominator (10300)"),
        ({"area_type": "parish"}, 'the area type "parish" is not one this knows'),
    ],
)
def test_bad_local_rows_are_refused_with_their_reason(
    analyst: User, fields: dict[str, str], reason: str
) -> None:
    report = local_counts_import(actor=analyst, rows=[local_row(**fields)], source_name="x.csv")

    assert [(p.line, p.reason[: len(reason)]) for p in report.problems] == [(2, reason)]
    assert nothing_written()


def test_reloading_local_counts_updates_them(analyst: User) -> None:
    local_counts_import(actor=analyst, rows=[local_row()], source_name="ehcp.csv")

    report = local_counts_import(
        actor=analyst, rows=[local_row(count="420")], source_name="ehcp.csv"
    )

    assert (report.data_points_created, report.data_points_updated) == (0, 1)
    assert DataPoint.objects.get().count == 420
    assert DataPoint.objects.get().value == pytest.approx(420 / 10300 * 100)


# --- The command ---------------------------------------------------------------------------------


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]], encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(*args: str, user: str = "analyst") -> tuple[int, str, str]:
    """Run the command as `childtrust` does, on behalf of the user named (by default the
    analyst), returning its exit code, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_indicators", *args, "--user", user, stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_loads_a_good_file_and_prints_a_summary(tmp_path: Path, analyst: User) -> None:
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, good_rows(), "utf-8-sig")

    code, out, err = run(str(path))

    assert code == 0
    assert "Loaded 5 rows from profiles.csv: data points 5 new, 0 changed, 0 unchanged" in out
    assert "Checked 5 rows (100% of the file)" in err
    assert DataPoint.objects.count() == 5


def test_the_command_lists_every_bad_line_and_loads_nothing(tmp_path: Path, analyst: User) -> None:
    rows = good_rows()
    rows[1]["Denominator"] = "0"
    rows[4]["Value"] = "lots"
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, rows, "utf-8")

    code, out, err = run(str(path))

    assert code != 0
    assert f"Line 3: {ZERO_DENOMINATOR}" in err
    assert 'Line 6: the Value "lots" is not a number' in err
    assert "2 problem(s) in profiles.csv: nothing was loaded" in err
    assert out == ""
    assert nothing_written()


def test_the_command_reads_a_file_saved_as_windows_1252_and_says_so(
    tmp_path: Path, analyst: User
) -> None:
    rows = [local_row(area_name="Ryhope & Silksworth \u2013 south")]
    path = write_csv(tmp_path / "local.csv", LOCAL_COLUMNS, rows, "cp1252")

    code, _, err = run(str(path), "--local")

    assert code == 0
    assert "it was read as Windows-1252" in err
    assert Area.objects.get().name == "Ryhope & Silksworth \u2013 south"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: nothing was loaded"),
        (b"  \r\n", "is empty: nothing was loaded"),
        (
            b"Indicator ID,Indicator Name,Area Code\r\n",
            "has no column called Area Name, Area Type, Time period, Value",
        ),
        (",".join(FINGERTIPS_COLUMNS).encode() + b"\r\n", "has a header but no rows of data"),
    ],
)
def test_the_command_explains_a_file_it_cannot_load(
    tmp_path: Path, analyst: User, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)

    code, _, err = run(str(path))

    assert code != 0
    assert message in err
    assert nothing_written()


def test_the_command_explains_a_missing_file(tmp_path: Path, analyst: User) -> None:
    code, _, err = run(str(tmp_path / "nowhere.csv"))

    assert code != 0
    assert "There is no file at" in err


def test_the_command_refuses_local_data_without_its_columns(tmp_path: Path, analyst: User) -> None:
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, good_rows(), "utf-8")

    code, _, err = run(str(path), "--local")

    assert code != 0
    assert "has no column called indicator, area_code" in err
    assert nothing_written()


def test_the_command_refuses_someone_who_is_not_an_active_user(
    tmp_path: Path, analyst: User
) -> None:
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, good_rows(), "utf-8")
    analyst.is_active = False
    analyst.save()

    for user in ("nobody", "analyst"):
        code, _, err = run(str(path), user=user)

        assert code != 0
        assert f"No active user is called '{user}'." in err
    assert nothing_written()


def test_the_command_refuses_someone_whose_role_may_not_load_data(tmp_path: Path) -> None:
    UserFactory(username="worker", role=Role.PRACTITIONER)
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, good_rows(), "utf-8")

    code, out, err = run(str(path), user="worker")

    assert code != 0
    assert "worker: Your role does not allow you to load indicator data." in err
    assert out == ""
    assert nothing_written()


def test_the_command_records_the_person_named_as_having_loaded_the_file(
    tmp_path: Path, analyst: User
) -> None:
    path = write_csv(tmp_path / "profiles.csv", FINGERTIPS_COLUMNS, good_rows(), "utf-8")

    run(str(path))

    assert AuditEvent.objects.get(object_type="outcomes.datapoint").actor == analyst
