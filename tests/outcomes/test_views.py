"""The outcomes pages over HTTP: who may see the indicators held and who may upload data, and an
upload that loads a whole good file or, for a bad one, lists every bad line and loads nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.outcomes import forms as outcome_forms
from childtrust.outcomes.indicator_files import ZERO_DENOMINATOR
from childtrust.outcomes.models import (
    Area,
    AreaType,
    DataPoint,
    DataSource,
    Indicator,
    Polarity,
    ValueType,
)
from tests.outcomes.test_importer import (
    FINGERTIPS_COLUMNS,
    LOCAL_COLUMNS,
    MENTAL_HEALTH,
    good_rows,
    local_row,
    nothing_written,
)
from tests.outcomes.upload_support import csv_bytes, profiles_file

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
MAY_UPLOAD = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
INDEX = reverse("outcomes:index")
UPLOAD = reverse("outcomes:upload")
DONE = reverse("outcomes:upload_done")


def post_upload(
    client: Client, content: bytes, *, name: str = "profiles.csv", kind: str = "fingertips"
) -> str:
    response = client.post(
        UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, content, "text/csv")}
    )
    assert response.status_code == 200, "a refused upload shows the form again"
    return response.content.decode()


@pytest.fixture
def lead_client(user_with_role: Callable[[str], User]) -> tuple[Client, User]:
    user = user_with_role(Role.STRATEGIC_LEAD)
    client = Client()
    client.force_login(user)
    return client, user


# --- Who may see and do what --------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_signed_in_sees_the_outcomes_page_and_only_some_are_offered_upload(
    client_for: Callable[[str], Client], role: Role
) -> None:
    response = client_for(role).get(INDEX)

    assert response.status_code == 200
    assert (f'href="{UPLOAD}"' in response.content.decode()) == (role in MAY_UPLOAD)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_outcomes_are_in_everyones_navigation_and_marked_current(
    client_for: Callable[[str], Client], role: Role
) -> None:
    page = client_for(role).get(INDEX).content.decode()

    assert f'href="{INDEX}" aria-current="page"' in page


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_manage_outcomes_may_open_the_upload_page(
    client_for: Callable[[str], Client], role: Role
) -> None:
    response = client_for(role).get(UPLOAD)

    assert response.status_code == (200 if role in MAY_UPLOAD else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_manage_outcomes_may_upload_a_file(
    client_for: Callable[[str], Client], role: Role
) -> None:
    response = client_for(role).post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", profiles_file())}
    )

    if role in MAY_UPLOAD:
        assert response.status_code == 302
        assert DataPoint.objects.count() == 5
    else:
        assert response.status_code == 403
        assert nothing_written()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_manage_outcomes_may_see_an_upload_confirmation(
    client_for: Callable[[str], Client], role: Role
) -> None:
    response = client_for(role).get(DONE)

    assert response.status_code == (302 if role in MAY_UPLOAD else 403)


@pytest.mark.parametrize("url", [INDEX, UPLOAD, DONE])
def test_a_person_not_signed_in_is_sent_to_sign_in(url: str) -> None:
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


# --- The indicators held --------------------------------------------------------------------------


def test_the_outcomes_page_lists_each_indicator_with_its_source_polarity_type_and_latest_period(
    client_for: Callable[[str], Client], user_with_role: Callable[[str], User]
) -> None:
    client = client_for(Role.PRACTITIONER)
    post_lead = Client()
    post_lead.force_login(user_with_role(Role.PARTNERSHIP_ADMIN))
    post_lead.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", profiles_file())}
    )
    Indicator.objects.filter(external_id="90812").update(
        polarity=Polarity.LOW_IS_GOOD, value_type=ValueType.CRUDE_RATE
    )

    page = client.get(INDEX).content.decode()

    assert "2 indicators held" in page
    row = page[page.index(MENTAL_HEALTH.replace("<", "&lt;")) :].split("</tr>")[0]
    assert "Public health profiles (Fingertips)" in row
    assert "A low value is good" in row
    assert "Crude rate per N" in row
    assert "2021/22" in row, "the latest of 2020/21 and 2021/22"
    assert "2020/21" not in row


def test_the_outcomes_page_says_when_no_data_is_held(
    client_for: Callable[[str], Client],
) -> None:
    page = client_for(Role.AUDITOR).get(INDEX).content.decode()

    assert "No indicator data has been loaded yet." in page


def test_an_indicator_without_a_value_type_says_it_is_not_set(
    client_for: Callable[[str], Client],
) -> None:
    Indicator.objects.create(name="Children in need per 10,000", source="Local")

    page = client_for(Role.TEAM_MANAGER).get(INDEX).content.decode()

    assert "Not set yet" in page
    assert "No data yet" in page


# --- A good upload --------------------------------------------------------------------------------


def test_a_good_file_is_loaded_and_the_confirmation_gives_the_counts(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client

    response = client.post(
        UPLOAD,
        {"kind": "fingertips", "file": SimpleUploadedFile("profiles.csv", profiles_file())},
        follow=True,
    )

    assert response.redirect_chain == [(DONE, 302)]
    page = response.content.decode()
    assert "govuk-panel--confirmation" in page
    assert "5 lines from profiles.csv" in page
    assert "2 new, 0 changed" in page  # indicators
    assert "3 new, 0 changed" in page  # England, the region and Leeds
    assert "5 new, 0 changed, 0 unchanged" in page  # data points
    assert DataPoint.objects.count() == 5
    assert set(DataPoint.objects.values_list("source", flat=True)) == {DataSource.IMPORTED}


def test_uploading_the_same_file_again_changes_nothing_and_says_so(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    post = {"kind": "fingertips"}
    client.post(UPLOAD, {**post, "file": SimpleUploadedFile("p.csv", profiles_file())})

    response = client.post(
        UPLOAD, {**post, "file": SimpleUploadedFile("p.csv", profiles_file())}, follow=True
    )

    assert "0 new, 0 changed, 5 unchanged" in response.content.decode()
    assert DataPoint.objects.count() == 5


def test_the_confirmation_is_shown_once_then_leads_back_to_the_upload_page(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    client.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", profiles_file())}
    )
    assert client.get(DONE).status_code == 200

    response = client.get(DONE)

    assert response.status_code == 302
    assert response["Location"] == UPLOAD


def test_the_partnerships_own_counts_are_loaded_when_that_kind_is_chosen(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    content = csv_bytes(LOCAL_COLUMNS, [local_row()])

    response = client.post(
        UPLOAD, {"kind": "local", "file": SimpleUploadedFile("counts.csv", content)}, follow=True
    )

    assert "The partnership&#x27;s own counts and denominators" in response.content.decode()
    point = DataPoint.objects.get()
    assert point.source == DataSource.LOCAL
    assert point.value == pytest.approx(4.0)


def test_the_upload_is_audited_by_the_service_with_the_person_and_the_file(
    lead_client: tuple[Client, User],
) -> None:
    client, user = lead_client

    client.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("q3.csv", profiles_file())}
    )

    event = AuditEvent.objects.get(object_type="outcomes.datapoint")
    assert event.actor == user
    assert event.action == AuditAction.CREATE
    assert event.details["file"] == "q3.csv"
    assert event.details["data_points_created"] == 5


def test_a_file_saved_as_windows_1252_is_read_and_the_confirmation_says_so(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    name = "Ryhope & Silksworth \u2013 south"
    content = csv_bytes(LOCAL_COLUMNS, [local_row(area_name=name)], encoding="cp1252")

    response = client.post(
        UPLOAD, {"kind": "local", "file": SimpleUploadedFile("counts.csv", content)}, follow=True
    )

    assert "it was read as Windows-1252" in response.content.decode()
    assert Area.objects.get().name == name
    assert Area.objects.get().area_type == AreaType.LOCALITY


# --- Files that are refused ---------------------------------------------------------------------


def test_a_file_with_bad_rows_lists_every_bad_line_and_loads_nothing(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    rows = good_rows()
    rows[1]["Denominator"] = "0"
    rows[4]["Value"] = "lots"

    page = post_upload(client, profiles_file(rows))

    assert "There is a problem" in page
    assert "The file profiles.csv has 2 problems. Nothing was loaded" in page
    assert f"Line 3: {ZERO_DENOMINATOR}" in page
    assert "Line 6: the Value &quot;lots&quot; is not a number" in page
    assert "govuk-file-upload--error" in page
    assert nothing_written()


def test_a_file_with_very_many_bad_rows_lists_the_first_hundred_and_counts_the_rest(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client
    rows = [local_row(period=str(2000 + n), count="5", denominator="0") for n in range(105)]

    page = post_upload(client, csv_bytes(LOCAL_COLUMNS, rows), kind="local")

    assert "has 105 problems" in page
    assert "Line 101:" in page
    assert "Line 102:" not in page
    assert "and 5 more." in page
    assert nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (b"  \r\n", "The file profiles.csv is empty: nothing was loaded."),
        (
            ",".join(FINGERTIPS_COLUMNS).encode() + b"\r\n",
            "The file profiles.csv has a header but no rows of data: nothing was loaded.",
        ),
        (
            b"Indicator ID,Indicator Name,Area Code\r\n1,A,E1\r\n",
            "The file profiles.csv has no column called Area Name, Area Type, Time period, Value",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            "The file profiles.csv is not a CSV file this can read: nothing was loaded.",
        ),
    ],
    ids=["no bytes", "blank", "header only", "missing columns", "binary"],
)
def test_a_file_that_cannot_be_loaded_is_refused_with_a_clear_message(
    lead_client: tuple[Client, User], content: bytes, message: str
) -> None:
    client, _ = lead_client

    page = post_upload(client, content)

    assert message in page
    assert nothing_written()


def test_a_file_that_is_not_a_csv_is_refused(lead_client: tuple[Client, User]) -> None:
    client, _ = lead_client

    page = post_upload(client, profiles_file(), name="profiles.xlsx")

    assert "The selected file must be a CSV" in page
    assert nothing_written()


def test_a_file_over_the_size_limit_is_refused(
    lead_client: tuple[Client, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = lead_client
    monkeypatch.setattr(
        outcome_forms.IndicatorUploadForm.base_fields["file"], "max_bytes", 1024 * 1024
    )

    page = post_upload(client, profiles_file() + b"\r\n" * (1024 * 1024))

    assert "The selected file must be smaller than 1 MB" in page
    assert nothing_written()


def test_a_local_file_uploaded_as_the_profiles_export_is_refused_by_its_columns(
    lead_client: tuple[Client, User],
) -> None:
    client, _ = lead_client

    page = post_upload(client, csv_bytes(LOCAL_COLUMNS, [local_row()]), kind="fingertips")

    assert "has no column called Indicator ID" in page
    assert nothing_written()


def test_no_file_and_no_kind_chosen_ask_for_both(lead_client: tuple[Client, User]) -> None:
    client, _ = lead_client

    page = client.post(UPLOAD, {}).content.decode()

    assert "Select what kind of file it is" in page
    assert "Select a CSV file" in page
    assert nothing_written()


def test_the_upload_form_is_multipart_and_protected_against_cross_site_requests(
    user_with_role: Callable[[str], User],
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.PARTNERSHIP_ADMIN))
    page = client.get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrfmiddlewaretoken"' in page

    response = client.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", profiles_file())}
    )

    assert response.status_code == 403
    assert nothing_written()
