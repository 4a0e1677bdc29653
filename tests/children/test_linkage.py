"""Record linkage against the database: the NHS-number pass, the guards (different NHS
numbers, twins), a typo linked, uncertain pairs for review with their evidence, a rejected pair
never proposed again, an incremental run that touches only the new record, export_links, and
who may run it. Splink trains once for the module, on a few hundred synthetic records; each
run here loads that model instead of training again."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks.linkage.data import rows_of, synthetic
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from splink import Linker

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.sentences import audit_sentences
from childtrust.children.linkage import pipeline
from childtrust.children.linkage import run as linkage_run
from childtrust.children.linkage import tasks as linkage_tasks
from childtrust.children.linkage.model import model_json, model_train
from childtrust.children.linkage.tasks import link_new_records
from childtrust.children.models import (
    AgencyRecord,
    ChildSearchKey,
    LinkReview,
    LinkStatus,
    ReviewStatus,
    SearchKeyKind,
)
from childtrust.children.search_keys import search_keys_fill_missing
from childtrust.children.services.linkage import records_link
from tests.children.factories import AgencyRecordFactory
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

TWIN_DOB = datetime.date(2015, 3, 9)


@pytest.fixture(scope="module")
def trained() -> dict[str, Any]:
    """The model trained once on 400 synthetic records (no database)."""
    import duckdb
    from splink import DuckDBAPI

    from childtrust.children.linkage.cleaning import records_load

    rows = rows_of(synthetic(400, seed=3))
    con = duckdb.connect()
    records_load(con, rows)
    return model_json(model_train(DuckDBAPI(connection=con), "records_clean", records=len(rows)))


@pytest.fixture(autouse=True)
def _model(
    trained: dict[str, Any], settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.VAR_DIR = tmp_path

    def pretrained(db_api: Any, table: str, *, records: int, clean: bool = True) -> Linker:
        assert clean
        return Linker(db_api.register(table), trained)

    monkeypatch.setattr(pipeline, "model_train", pretrained)


def _record(agency: Any, given: str, family: str = "Okafor", **fields: Any) -> AgencyRecord:
    values: dict[str, Any] = {
        "date_of_birth": TWIN_DOB,
        "sex": "F",
        "address": "14 Mill Lane",
        "postcode": "SO14 7LY",
        "nhs_number": "",
    }
    values.update(fields)
    return AgencyRecordFactory(agency=agency, given_name=given, family_name=family, **values)


def _front_door() -> Any:
    return UserFactory(role=Role.FRONT_DOOR)


def _refreshed(*records: AgencyRecord) -> list[AgencyRecord]:
    return [AgencyRecord.objects.get(pk=r.pk) for r in records]


def test_records_sharing_an_nhs_number_are_one_child_whatever_their_names() -> None:
    school, health = AgencyFactory(), AgencyFactory()
    a = _record(school, "Ruby", "Nowak", nhs_number="9434765919")
    b = _record(health, "Zara", "Begum", nhs_number="9434765919", date_of_birth=None)
    records_link(actor=_front_door())
    a, b = _refreshed(a, b)
    assert a.child_id is not None
    assert a.child_id == b.child_id
    assert a.link_status == b.link_status == LinkStatus.NHS_NUMBER


def test_two_different_nhs_numbers_are_never_linked_automatically() -> None:
    school, health = AgencyFactory(), AgencyFactory()
    a = _record(school, "Ruby", nhs_number="9434765919")
    b = _record(health, "Ruby", nhs_number="9434765870")
    records_link(actor=_front_door())
    a, b = _refreshed(a, b)
    assert a.child_id != b.child_id


def test_twins_with_different_first_names_are_not_linked() -> None:
    school, health = AgencyFactory(), AgencyFactory()
    twins = [_record(school, "Amara"), _record(school, "Kofi", sex="M")]
    others = [_record(health, "Amara"), _record(health, "Kofi", sex="M")]
    records_link(actor=_front_door())
    amara, kofi = _refreshed(*twins)
    amara_health, kofi_health = _refreshed(*others)
    assert amara.child_id != kofi.child_id
    assert amara.child_id == amara_health.child_id
    assert kofi.child_id == kofi_health.child_id
    assert not LinkReview.objects.filter(record=amara, other=kofi).exists()


def test_a_typed_name_is_linked_to_the_same_child() -> None:
    a = _record(AgencyFactory(), "Olivia", "Thompson")
    b = _record(AgencyFactory(), "Olviia", "Thompson")
    records_link(actor=_front_door())
    a, b = _refreshed(a, b)
    assert a.child_id == b.child_id
    assert b.link_status == LinkStatus.AUTOMATIC
    assert b.match_probability is not None
    assert b.match_probability >= 0.99


def test_a_pair_between_the_thresholds_waits_for_review_with_its_evidence(settings: Any) -> None:
    settings.CHILDTRUST_LINK_UPPER = 0.99999999
    settings.CHILDTRUST_LINK_LOWER = 0.01
    a = _record(AgencyFactory(), "Olivia", "Thompson")
    b = _record(
        AgencyFactory(),
        "Olivia",
        "Tompson",
        date_of_birth=datetime.date(2015, 9, 3),
        address="",
    )
    records_link(actor=_front_door())
    a, b = _refreshed(a, b)
    review = LinkReview.objects.get()
    assert (review.record_id, review.other_id) == (a.pk, b.pk)
    assert 0.01 <= review.match_probability < 0.99999999
    assert a.child_id != b.child_id
    assert a.link_status == b.link_status == LinkStatus.REVIEW
    by_field = {item["field"]: item for item in review.evidence}
    assert by_field["date_of_birth"]["level"] == "Day and month swapped"
    assert by_field["home"]["level"] == "Same postcode, another address"


def test_a_rejected_pair_is_never_proposed_again(settings: Any) -> None:
    settings.CHILDTRUST_LINK_UPPER = 0.99999999
    settings.CHILDTRUST_LINK_LOWER = 0.01
    a = _record(AgencyFactory(), "Olivia", "Thompson")
    b = _record(AgencyFactory(), "Olivia", "Tompson", date_of_birth=datetime.date(2015, 9, 3))
    records_link(actor=_front_door())
    LinkReview.objects.update(status=ReviewStatus.REJECTED)
    settings.CHILDTRUST_LINK_UPPER = 0.5  # now it would be linked, but for the rejection
    records_link(actor=_front_door(), full=True)
    a, b = _refreshed(a, b)
    assert a.child_id != b.child_id
    assert list(LinkReview.objects.values_list("status", flat=True)) == [ReviewStatus.REJECTED]


def test_an_incremental_run_links_a_new_record_without_touching_the_others() -> None:
    school = AgencyFactory()
    kept = [_record(school, "Olivia", "Thompson"), _record(school, "Noah", "Patel", sex="M")]
    records_link(actor=_front_door())
    before = {r.pk: (r.child_id, r.link_status, r.modified_at) for r in _refreshed(*kept)}
    new = _record(AgencyFactory(), "Olivia", "Thomson")
    counts = records_link(actor=_front_door())
    assert not counts.full
    assert counts.records == 1
    (new,) = _refreshed(new)
    assert new.child_id == before[kept[0].pk][0]
    assert new.link_status == LinkStatus.AUTOMATIC
    after = {r.pk: (r.child_id, r.link_status, r.modified_at) for r in _refreshed(*kept)}
    assert after == before


def test_with_no_records_there_is_nothing_to_link() -> None:
    counts = records_link(actor=_front_door(), full=True)
    assert (counts.records, counts.children_created) == (0, 0)


def test_children_made_by_linkage_are_found_by_name_at_once() -> None:
    a = _record(AgencyFactory(), "Olivia", "Thompson")
    records_link(actor=_front_door())
    (a,) = _refreshed(a)
    assert ChildSearchKey.objects.filter(child_id=a.child_id).exists()
    new = _record(AgencyFactory(), "Noah", "Patel", sex="M")
    records_link(actor=_front_door())
    (new,) = _refreshed(new)
    assert ChildSearchKey.objects.filter(child_id=new.child_id).exists()


def test_a_first_load_of_more_children_than_keyed_at_once_leaves_their_keys_to_the_worker(
    settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    monkeypatch.setattr(linkage_run, "KEYS_AT_ONCE", 1)
    _record(AgencyFactory(), "Olivia", "Thompson")
    _record(AgencyFactory(), "Noah", "Patel", sex="M", date_of_birth=datetime.date(2012, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        counts = records_link(actor=_front_door())
    assert counts.children_keys_waiting == counts.children_created == 2
    assert not ChildSearchKey.objects.exists()
    queued = DBTaskResult.objects.get(task_path=f"{linkage_tasks.__name__}.search_keys_fill")
    assert queued.status == TaskResultStatus.READY
    assert search_keys_fill_missing()[0] == 2
    assert _children_found_by("thompson")
    assert _children_found_by("patel")
    assert search_keys_fill_missing() == (0, 0)  # each child keyed once


def _keys_of(record: AgencyRecord) -> set[int]:
    (record,) = _refreshed(record)
    return set(ChildSearchKey.objects.filter(child_id=record.child_id).values_list("pk", flat=True))


def _children_found_by(name: str) -> set[int]:
    keys = ChildSearchKey.objects.filter(kind=SearchKeyKind.NAME, key=name)
    return set(keys.values_list("child_id", flat=True))


def test_a_full_run_rewrites_only_the_search_keys_of_the_children_it_changed() -> None:
    school, health = AgencyFactory(), AgencyFactory()
    settled = _record(school, "Noah", "Patel", sex="M", date_of_birth=datetime.date(2012, 1, 2))
    olivia = _record(school, "Olivia", "Thompson", nhs_number="9434765919")
    moving = _record(health, "Olivia", "Thompson", nhs_number="9434765919")
    records_link(actor=_front_door())
    settled_keys = _keys_of(settled)
    assert settled_keys
    # An import changed a record past recognition (it goes back to linkage), and a new one came.
    AgencyRecord.objects.filter(pk=moving.pk).update(
        given_name="Grace",
        family_name="Lee",
        nhs_number="",
        date_of_birth=datetime.date(2018, 7, 7),
        postcode="SO15 2AA",
        link_status=LinkStatus.UNLINKED,
    )
    new = _record(health, "Ruby", "Nowak", date_of_birth=datetime.date(2014, 3, 3))

    counts = records_link(actor=_front_door(), full=True)

    assert _keys_of(settled) == settled_keys  # unchanged: its rows are the same rows
    olivia, moving, new = _refreshed(olivia, moving, new)
    assert olivia.child_id != moving.child_id
    assert _children_found_by("grace") == {moving.child_id}
    assert _children_found_by("olivia") == {olivia.child_id}  # the child it left, refreshed
    assert _children_found_by("ruby") == {new.child_id}  # a new child, found at once
    assert counts.children_changed == 3


def test_export_links_writes_each_record_with_its_child_formula_safe(tmp_path: Path) -> None:
    agency = AgencyFactory(slug="city-school")
    a = _record(agency, "Olivia", "Thompson", nhs_number="9434765919")
    _record(agency, "Olivia", "Thompson", record_id="=1+1", nhs_number="9434765919")
    records_link(actor=_front_door())
    out = tmp_path / "links.csv"
    call_command("export_links", str(out))
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["agency", "record_id", "child_id", "match_probability", "status"]
    a.refresh_from_db()
    assert sorted(rows[1:]) == sorted(
        [
            ["city-school", a.record_id, a.child.reference, "1.0000", "nhs_number"],
            ["city-school", "'=1+1", a.child.reference, "1.0000", "nhs_number"],
        ]
    )
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_link_command_links_and_the_run_is_audited_with_its_counts() -> None:
    _record(AgencyFactory(), "Olivia", "Thompson")
    _record(AgencyFactory(), "Olivia", "Thompson")
    call_command("link", "--full")
    event = AuditEvent.objects.filter(object_type="children.linkage").get()
    assert event.actor is None
    assert event.details["records"] == 2
    assert event.details["children_created"] == 1
    assert (
        event.reason
        == "Linking agency records into the child index: `childtrust link` on the server"
    )
    (sentence,) = audit_sentences([event], {})
    assert sentence.text() == "The service changed the linkage of every record (a full run)"


def test_a_scheduled_run_is_one_event_saying_what_ran_and_one_with_nothing_to_link_none() -> None:
    _record(AgencyFactory(), "Olivia", "Thompson")
    link_new_records.enqueue()
    new = _record(AgencyFactory(), "Noah", "Patel", sex="M")
    link_new_records.enqueue()
    link_new_records.enqueue()  # nothing new: not recorded

    first, second = AuditEvent.objects.filter(object_type="children.linkage").order_by("pk")
    assert (first.object_id, second.object_id) == ("full", "new")
    assert second.actor is None
    assert second.reason == "Linking agency records into the child index: the worker's timetable"
    assert second.details["records"] == 1
    assert second.details["backend"] == "duckdb"
    assert second.details["by_status"] == {AgencyRecord.objects.get(pk=new.pk).link_status: 1}
    sentences = audit_sentences([first, second], {})
    assert [s.text() for s in sentences] == [
        "The service changed the linkage of every record (a full run)",
        "The service changed the linkage of new records against the child index",
    ]
    assert "records: 1" in sentences[1].facts_text()


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.PARTNERSHIP_ADMIN])
def test_link_reviewers_and_importers_may_run_linkage(role: Role) -> None:
    _record(AgencyFactory(), "Olivia", "Thompson")
    user = UserFactory(role=role)
    assert records_link(actor=user).records == 1
    assert AuditEvent.objects.get(object_type="children.linkage").actor == user


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD, Role.AUDITOR]
)
def test_others_may_not_run_linkage(role: Role) -> None:
    record = _record(AgencyFactory(), "Olivia", "Thompson")
    with pytest.raises(PermissionDenied):
        records_link(actor=UserFactory(role=role))
    record.refresh_from_db()
    assert record.child_id is None
    assert record.link_status == LinkStatus.UNLINKED
    assert not AuditEvent.objects.filter(object_type="children.linkage").exists()


def test_the_model_is_kept_for_incremental_runs(settings: Any) -> None:
    _record(AgencyFactory(), "Olivia", "Thompson")
    records_link(actor=_front_door())
    stored = json.loads((Path(settings.VAR_DIR) / "linkage" / "model.json").read_text())
    assert [c["output_column_name"] for c in stored["comparisons"]][:3] == [
        "given_name",
        "family_name",
        "date_of_birth",
    ]


def test_a_model_stored_before_the_comparisons_changed_is_trained_again(settings: Any) -> None:
    first = _record(AgencyFactory(), "Olivia", "Thompson")
    records_link(actor=_front_door())
    path = Path(settings.VAR_DIR) / "linkage" / "model.json"
    stored = json.loads(path.read_text())
    stored["comparisons"][4]["comparison_levels"][1]["label_for_charts"] = "Exact match"
    path.write_text(json.dumps(stored))  # as a model comparing postcodes alone would be
    _record(AgencyFactory(), "Noah", "Patel", sex="M")
    counts = records_link(actor=_front_door())
    assert counts.full  # a fresh model, not the old one on the new records
    assert json.loads(path.read_text())["comparisons"] != stored["comparisons"]
    first.refresh_from_db()
    assert first.child_id is not None
