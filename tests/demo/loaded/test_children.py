"""The demo's children as `childtrust load_demo` leaves them (loaded once for the package):
3,000 synthetic children held by five agencies, a linkage with pairs waiting for review, the
practitioner's caseload, locality children with no lead professional, sensitive CAMHS
involvement with and without consent, a shielded child and one past its retention date."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db.models import Count, Q
from django.utils import timezone
from stdnum.gb import nhs

from childtrust.accounts.models import Role, User
from childtrust.children import access
from childtrust.children.demo import ChildrenDemoRefusedError, children_demo_load
from childtrust.children.demo.link_model import demo_link_model
from childtrust.children.demo.linking import REVIEW_BAND
from childtrust.children.demo.loading import CHILDREN, RECORD_AGENCIES
from childtrust.children.models import (
    AgencyRecord,
    BreakGlass,
    Child,
    ConsentOutcome,
    ImportStatus,
    Involvement,
    LinkReview,
    LinkStatus,
    RecordImport,
    ReviewStatus,
    Sensitivity,
    SharingDecision,
)
from childtrust.children.record_rows import content_hash_of
from childtrust.partnership.models import Team, TeamKind


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_three_thousand_children_and_their_records_from_five_agencies() -> None:
    # One child for each true child, and one for each record held apart for review.
    held_apart = (
        AgencyRecord.objects.filter(link_status=LinkStatus.REVIEW, child__records__isnull=False)
        .annotate(others=Count("child__records"))
        .filter(others=1)
    )
    assert Child.objects.count() >= CHILDREN
    assert Child.objects.count() <= CHILDREN + held_apart.count()
    by_agency = Counter(AgencyRecord.objects.values_list("agency__slug", flat=True))
    assert set(by_agency) == set(RECORD_AGENCIES)
    assert sum(by_agency.values()) > 1.5 * CHILDREN  # most children are held by several
    assert not AgencyRecord.objects.filter(child__isnull=True).exists()
    # Search can find them: every child has its search keys.
    assert not Child.objects.filter(search_keys__isnull=True).exists()


def test_each_agency_has_one_finished_import_of_its_records() -> None:
    for record_import in RecordImport.objects.select_related("agency"):
        assert record_import.status == ImportStatus.DONE
        records = AgencyRecord.objects.filter(agency=record_import.agency)
        assert record_import.created == records.count()
        assert not records.exclude(last_import=record_import).exists()
    assert RecordImport.objects.count() == len(RECORD_AGENCIES)


def test_records_are_as_the_import_keeps_them() -> None:
    fields = ("given_name", "family_name", "date_of_birth", "sex", "address", "postcode")
    for record in AgencyRecord.objects.all()[:500]:
        held = {name: getattr(record, name) for name in (*fields, "nhs_number", "upn")}
        assert record.content_hash == content_hash_of(held)
        assert not record.nhs_number or nhs.is_valid(record.nhs_number)
    upns = AgencyRecord.objects.exclude(upn="").values_list("agency__slug", flat=True)
    assert set(upns) == {"education-partnership"}


def test_some_pairs_wait_for_review_twins_among_them() -> None:
    pending = list(
        LinkReview.objects.filter(status=ReviewStatus.PENDING).select_related("record", "other")
    )
    assert len(pending) >= 20
    low, high = REVIEW_BAND
    assert all(low <= review.match_probability <= high for review in pending)
    assert all(review.evidence for review in pending)
    twins = [
        review
        for review in pending
        if review.record.date_of_birth == review.other.date_of_birth
        and review.record.postcode == review.other.postcode
        and review.record.child_id != review.other.child_id
        and review.record.given_name != review.other.given_name
    ]
    assert twins
    statuses = {
        status
        for review in pending
        for status in (review.record.link_status, review.other.link_status)
    }
    assert LinkStatus.REVIEW in statuses


def test_each_pairs_evidence_is_the_linkage_models_and_adds_up() -> None:
    labels = {
        level["label_for_charts"]
        for comparison in demo_link_model()["comparisons"]
        for level in comparison["comparison_levels"]
    }
    for review in LinkReview.objects.all():
        prior, *fields = review.evidence
        assert (prior["field"], prior["level"]) == ("prior", "Starting match weight (prior)")
        assert {item["level"] for item in fields} <= labels
        assert sum(item["weight"] for item in review.evidence) == pytest.approx(
            review.match_weight, abs=0.006
        )
        assert review.match_probability == pytest.approx(1 / (1 + 2**-review.match_weight))


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_agencies_hold_the_ages_they_serve() -> None:
    today = timezone.localdate()
    ages: dict[str, set[int]] = {}
    for slug, born in AgencyRecord.objects.exclude(date_of_birth=None).values_list(
        "agency__slug", "date_of_birth"
    ):
        ages.setdefault(slug, set()).add(_age(born, today))
    # By each record's own date of birth, which a swapped day and month can move by months.
    assert min(ages["youth-trust"]) >= 10
    assert min(ages["education-partnership"]) >= 3
    assert min(ages["community-health"]) == min(ages["childrens-services"]) == 0


def test_the_practitioners_caseload_with_one_as_lead_professional() -> None:
    practitioner = _user("practitioner")
    caseload = Involvement.objects.filter(
        practitioner__user=practitioner, ended_on__isnull=True
    ).select_related("child")
    assert 15 <= caseload.count() <= 25
    assert caseload.filter(is_lead_professional=True).count() == 1
    relationships = Counter(access.relationship_to(practitioner, i.child) for i in caseload)
    assert relationships == {
        access.Relationship.LEAD_PROFESSIONAL: 1,
        access.Relationship.INVOLVED: caseload.count() - 1,
    }


def test_camhs_involvement_shows_only_where_consent_to_share_it_is_recorded() -> None:
    practitioner = _user("practitioner")
    sensitive = list(
        Involvement.objects.filter(sensitivity=Sensitivity.MENTAL_HEALTH, agency__slug="camhs")
    )
    assert len(sensitive) == 2
    shown = [
        involvement
        for involvement in sensitive
        if access.involvements_visible_to(practitioner, involvement.child)
        .filter(pk=involvement.pk)
        .exists()
    ]
    assert len(shown) == 1
    assert shown[0].sharing_decisions.exists()


def test_children_in_each_locality_known_to_three_agencies_with_no_lead_professional() -> None:
    for team in Team.objects.filter(kind=TeamKind.LOCALITY):
        in_locality = Child.objects.filter(involvements__practitioner__team=team)
        children = (
            Child.objects.filter(pk__in=in_locality.values("pk"))
            .annotate(agencies=Count("involvements__agency", distinct=True))
            .filter(agencies__gte=3)
            .exclude(involvements__is_lead_professional=True)
        )
        assert children.count() >= 5, team.name


def test_one_shielded_child_hidden_from_the_practitioner_and_the_front_door() -> None:
    [child] = Child.objects.filter(shielded=True)
    assert child.shielded_reason
    assert child.involvements.exists()
    for username in ("practitioner", "frontdoor"):
        assert not access.can_know_child_exists(_user(username), child)


def test_one_child_past_its_retention_date() -> None:
    today = timezone.localdate()
    eighteen = datetime.date(today.year - 18, today.month, 1)  # and a few days more
    [child] = Child.objects.filter(date_of_birth__lt=eighteen, care_leaver=False)
    assert child.retention_flagged_at is None
    assert not child.records.filter(~Q(date_of_birth=child.date_of_birth)).exists()


def test_the_data_protection_lead_account() -> None:
    user = _user("dataprotection")
    assert user.role == Role.DATA_PROTECTION_LEAD
    assert user.staff_member.team is not None
    assert user.staff_member.team.name == "Information Governance and Audit"


def test_the_data_protection_lead_has_a_break_glass_and_an_override_to_review() -> None:
    [event] = BreakGlass.objects.all()
    assert event.child.shielded
    assert event.user.username == "frontdoor"
    assert event.reviewed_at is None
    assert event.expires_at < timezone.now()
    [override] = SharingDecision.objects.filter(outcome=ConsentOutcome.OVERRIDDEN)
    assert override.override_reason
    assert override.reviewed_at is None


def test_the_childrens_demo_loads_only_into_an_empty_child_index() -> None:
    before = AgencyRecord.objects.count(), Child.objects.count()
    with pytest.raises(ChildrenDemoRefusedError, match="already holds"):
        children_demo_load()
    assert (AgencyRecord.objects.count(), Child.objects.count()) == before
