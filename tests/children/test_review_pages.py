"""Clerical review's pages: the queue, a pair with its evidence and the decision, merging and
splitting a child; who may (the front door and administrators) and who may not (every other
role), the evidence in a table, a chart and a sentence, and bad input refused whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.objects import audit_objects_named
from childtrust.children.models import AgencyRecord, Child, ReviewStatus
from childtrust.children.selectors.review import (
    evidence_rows,
    evidence_sentence,
    evidence_sum_sentence,
    match_percent,
)
from tests.children.factories import (
    AgencyRecordFactory,
    ChildFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.children.factories_review import LinkReviewFactory
from tests.conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

REVIEWERS = {Role.FRONT_DOOR, Role.PARTNERSHIP_ADMIN}
OTHERS = sorted(set(ALL_ROLES) - REVIEWERS)
QUEUE = "/children/link-reviews/"


@pytest.fixture
def reviewer() -> Client:
    return signed_in(staff_user(Role.FRONT_DOOR))


def _pair(path: int) -> str:
    return f"{QUEUE}{path}/"


# --- The evidence, in words --------------------------------------------------------------------


def test_the_evidence_sentence_names_each_field_strongest_first() -> None:
    review = LinkReviewFactory.build()
    assert evidence_sentence(evidence_rows(review)) == (
        "The family names agree exactly (+6.2), the given names are forms of one name (+4.1), "
        "the postcodes share the postcode district (+2.0), the dates of birth are within a "
        "month of each other (\u22121.1) and the sexes recorded agree exactly (+0.9); the "
        "addresses and NHS numbers cannot be compared, as one record or both lack them."
    )


def test_a_pair_without_evidence_says_so() -> None:
    assert evidence_sentence([]) == "Linkage left no evidence for this pair."


@pytest.mark.parametrize(
    ("probability", "shown"),
    [(0.8234, "82.3%"), (0.99999, "more than 99.9%"), (0.0004, "less than 0.1%"), (1.0, "100.0%")],
)
def test_the_match_probability_is_a_percentage(probability: float, shown: str) -> None:
    assert match_percent(probability) == shown


# --- The queue ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_reviewers_see_the_queue_likeliest_first_with_its_count(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    likely = LinkReviewFactory(match_probability=0.91)
    unlikely = LinkReviewFactory(match_probability=0.55)
    LinkReviewFactory(match_probability=0.97, status=ReviewStatus.REJECTED)
    page = client_for(role).get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Records to review: 2 pairs" in html
    assert html.index(f"Review pair {likely.pk}") < html.index(f"Review pair {unlikely.pk}")
    assert "91.0%" in html
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="children.linkreview")
    assert event.details["reviews"] == [likely.pk, unlikely.pk]


def test_the_queue_leaves_out_a_shielded_childs_pair_for_a_reviewer_not_working_with_it(
    reviewer: Client,
) -> None:
    LinkReviewFactory(record=AgencyRecordFactory(child=ShieldedChildFactory()))
    html = reviewer.get(QUEUE).content.decode()
    assert "Records to review: 0 pairs" in html


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "x"])
def test_a_split_naming_an_impossible_record_is_refused_not_a_server_error(
    reviewer: Client, value: str
) -> None:
    """The attacker's form: a record id too large for the database was a server error."""
    child = ChildFactory()
    AgencyRecordFactory(child=child)
    AgencyRecordFactory(child=child)
    page = reviewer.post(
        f"/children/{child.reference}/split/", {"records": [value], "reason": "Twins"}
    )
    assert page.status_code == 200
    assert "Choose only records of this child" in page.content.decode()
    assert Child.objects.count() == 1


@pytest.mark.parametrize("role", OTHERS)
def test_no_other_role_sees_the_queue_or_a_pair(
    role: Role, client_for: Callable[[str], Client]
) -> None:
    review = LinkReviewFactory()
    client = client_for(role)
    assert client.get(QUEUE).status_code == 403
    assert client.get(_pair(review.pk)).status_code == 403
    assert client.post(_pair(review.pk), {"decision": "same"}).status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


# --- A pair ------------------------------------------------------------------------------------


def test_a_pair_shows_both_records_their_differences_and_the_evidence(reviewer: Client) -> None:
    review = LinkReviewFactory(
        record=AgencyRecordFactory(given_name="Oliver", family_name="Hughes"),
        other=AgencyRecordFactory(given_name="Ollie", family_name="Hughes"),
        match_probability=0.82,
    )
    page = reviewer.get(_pair(review.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "82.0%" in html
    # A difference is said in words, not by colour alone.
    given = re.search(r"Given name</th>(.*?)</tr>", html, re.DOTALL)
    assert given is not None
    assert "Different" in given.group(1)
    family = re.search(r"Family name</th>(.*?)</tr>", html, re.DOTALL)
    assert family is not None
    assert "Same" in family.group(1)
    # The evidence: each field's level and weight, the chart and the sentence.
    assert "Nickname or variant" in html
    assert "+6.2" in html
    assert "\u22121.1" in html
    assert "<svg" in html
    assert "The family names agree exactly (+6.2)" in html
    # Every table sits in its own scrolling region, so the page fits a 320 px screen.
    assert html.count("<table") == html.count('class="app-table-region"') == 2
    view = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="children.linkreview")
    assert view.details["records"] == [review.record_id, review.other_id]


def test_accepting_on_the_page_links_the_records(reviewer: Client) -> None:
    review = LinkReviewFactory()
    response = reviewer.post(_pair(review.pk), {"decision": "same", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED
    assert AgencyRecord.objects.get(pk=review.record_id).child is not None


def test_rejecting_without_a_note_is_refused_with_the_error_summary(reviewer: Client) -> None:
    review = LinkReviewFactory()
    page = reviewer.post(_pair(review.pk), {"decision": "not_same", "note": " "})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Error: " in html
    assert "Enter why the records are not of the same child" in html
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_a_decided_pair_offers_no_decision(reviewer: Client) -> None:
    review = LinkReviewFactory(status=ReviewStatus.REJECTED)
    html = reviewer.get(_pair(review.pk)).content.decode()
    assert "Record the decision" not in html
    assert "Decided: not the same child" in html


def test_a_shielded_childs_pair_is_not_found_for_a_reviewer_not_working_with_it(
    reviewer: Client,
) -> None:
    review = LinkReviewFactory(record=AgencyRecordFactory(child=ShieldedChildFactory()))
    assert reviewer.get(_pair(review.pk)).status_code == 404


# --- Merge and split ---------------------------------------------------------------------------


def test_a_reviewer_merges_another_child_into_this_one(reviewer: Client) -> None:
    child, other = ChildFactory(), ChildFactory()
    AgencyRecordFactory(child=other)
    form = {"other": other.reference.lower(), "keep": "this", "reason": "The same child"}
    check = reviewer.post(f"/children/{child.reference}/merge/", form)
    assert check.status_code == 200
    assert f"Merge {other.reference} into {child.reference}" in check.content.decode()
    other.refresh_from_db()
    assert other.merged_into is None
    response = reviewer.post(f"/children/{child.reference}/merge/", {**form, "confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.reference}/"
    other.refresh_from_db()
    assert other.merged_into == child


def test_merging_with_an_unknown_reference_says_so(reviewer: Client) -> None:
    child = ChildFactory()
    page = reviewer.post(
        f"/children/{child.reference}/merge/",
        {"other": "CT-999999", "keep": "this", "reason": "The same child", "confirmed": "1"},
    )
    assert page.status_code == 200
    assert "No child has that reference" in page.content.decode()
    assert not Child.objects.filter(merged_into__isnull=False).exists()


def test_a_reviewer_splits_records_off_a_child(reviewer: Client) -> None:
    child = ChildFactory()
    records = [AgencyRecordFactory(child=child) for _ in range(3)]
    page = reviewer.get(f"/children/{child.reference}/split/")
    assert page.status_code == 200
    assert records[0].record_id in page.content.decode()
    response = reviewer.post(
        f"/children/{child.reference}/split/",
        {"records": [records[2].pk], "reason": "A cousin at the same address"},
    )
    assert response.status_code == 302
    new = AgencyRecord.objects.get(pk=records[2].pk).child
    assert new is not None
    assert new != child
    assert response["Location"] == f"/children/{new.reference}/"


def test_a_split_with_no_record_chosen_is_refused(reviewer: Client) -> None:
    child = ChildFactory()
    AgencyRecordFactory(child=child)
    AgencyRecordFactory(child=child)
    page = reviewer.post(f"/children/{child.reference}/split/", {"reason": "Twins"})
    assert page.status_code == 200
    assert "Choose the records that are of another child" in page.content.decode()
    assert Child.objects.count() == 1


@pytest.mark.parametrize("role", OTHERS)
def test_no_other_role_merges_or_splits(role: Role) -> None:
    user = staff_user(role)
    child, other = ChildFactory(), ChildFactory()
    records = [AgencyRecordFactory(child=child) for _ in range(2)]
    client = signed_in(user)
    merge = client.post(
        f"/children/{child.reference}/merge/",
        {"other": other.reference, "keep": "this", "reason": "Same", "confirmed": "1"},
    )
    split = client.post(
        f"/children/{child.reference}/split/", {"records": [records[0].pk], "reason": "Twins"}
    )
    assert merge.status_code == 403
    assert split.status_code == 403
    assert Child.objects.count() == 2
    assert not Child.objects.filter(merged_into__isnull=False).exists()


def test_the_audit_log_names_a_pair_and_links_to_its_page() -> None:
    review = LinkReviewFactory()
    found = audit_objects_named([("children.linkreview", str(review.pk))])
    named = found[("children.linkreview", str(review.pk))]
    assert named.name == f"Pair of records {review.pk} for review"
    assert named.url == _pair(review.pk)


def test_the_home_page_tells_a_reviewer_how_many_pairs_wait(
    reviewer: Client, client_for: Callable[[str], Client]
) -> None:
    LinkReviewFactory()
    LinkReviewFactory()
    assert "2 pairs of records to review" in reviewer.get("/").content.decode()
    practitioner = client_for(Role.PRACTITIONER).get("/").content.decode()
    assert "records to review" not in practitioner


def test_the_sentence_reads_splinks_own_level_names_too() -> None:
    review = LinkReviewFactory.build(
        evidence=[
            {"field": "given_name", "level": "All other comparisons", "weight": -4.0},
            {"field": "postcode", "level": "One or both blank", "weight": 0.0},
        ]
    )
    assert evidence_sentence(evidence_rows(review)) == (
        "The given names differ (\u22124.0); the postcodes cannot be compared, as one record "
        "or both lack them."
    )


def test_merging_a_child_with_itself_is_refused_on_the_page(reviewer: Client) -> None:
    child = ChildFactory()
    page = reviewer.post(
        f"/children/{child.reference}/merge/",
        {"other": child.reference, "keep": "other", "reason": "The same child"},
    )
    assert page.status_code == 200
    assert "A child cannot be merged into itself" in page.content.decode()


# --- The starting weight and the parts adding up ----------------------------------------------

# Rounded one by one to 0.1, these parts would add up to +6.3, not the +6.4 of their total.
PARTS = {
    "prior": -11.86,
    "given_name": 5.44,
    "family_name": 4.84,
    "date_of_birth": 10.54,
    "sex": 0.94,
    "postcode": -1.24,
    "address": -2.24,
    "nhs_number": 0.0,
}


def _shown_number(text: str) -> float:
    return float(text.strip().replace("\u2212", "-"))


def test_the_starting_weight_comes_first_and_the_shown_parts_add_up_to_the_match_weight(
    reviewer: Client,
) -> None:
    review = LinkReviewFactory(
        evidence=[
            {"field": field, "level": "Exact match", "weight": weight}
            for field, weight in reversed(PARTS.items())
        ],
        match_weight=sum(PARTS.values()) + 0.001,
        match_probability=0.988,
    )
    html = reviewer.get(_pair(review.pk)).content.decode()
    shown_weight = re.search(r"\(match weight ([^)]+)\)", html)
    assert shown_weight is not None
    assert _shown_number(shown_weight.group(1)) == 6.4
    table = html[html.index('id="caption-evidence"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>.*?'
        r'govuk-table__cell--numeric">(.*?)</td>',
        table,
        re.DOTALL,
    )
    assert cells[0][0] == "Starting weight"
    parts = [_shown_number(weight) for _, weight in cells]
    assert len(parts) == len(PARTS)
    assert round(sum(parts), 1) == 6.4
    for shown, stored in zip(parts, PARTS.values(), strict=True):
        assert abs(shown - stored) < 0.1
    assert "Before comparing: 1 in 3,718 random pairs of records are one child" in table
    assert (
        "The starting weight (\u221211.8) and the fields' weights (+18.2 in all) add up to the "
        "match weight (+6.4)."
    ) in unescape(html)


def test_evidence_stored_without_a_starting_weight_is_shown_as_it_is() -> None:
    review = LinkReviewFactory.build(
        evidence=[{"field": "given_name", "level": "One typo", "weight": 5.44}], match_weight=1.0
    )
    rows = evidence_rows(review)
    assert [(r.label, r.weight_shown) for r in rows] == [("Given name", "+5.4")]
    assert evidence_sum_sentence(rows, review.match_weight) == ""
