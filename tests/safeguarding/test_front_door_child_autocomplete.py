"""The referral form's child: GOV.UK's autocomplete with a fallback. Without JavaScript, a text
box for the reference and a link to find the child first (the child's page fills the form in);
with it, suggestions by name from the children search itself: the same children (a shielded
one never for a reader without a relationship, not even as a count), each search audited as the
search page audits it, and only for those who may refer."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.safeguarding import models as s
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    signed_in,
    staff_user,
)
from tests.form_data import date_parts
from tests.safeguarding.factories_front_door import front_door_user

pytestmark = pytest.mark.django_db

SUGGEST = "safeguarding:referral_child_suggestions"


def _child(given: str, family: str, *, shielded: bool = False) -> Child:
    factory = ShieldedChildFactory if shielded else ChildFactory
    child: Child = factory(given_name=given, family_name=family)
    child_search_keys_refresh([child])
    return child


def _suggested(user: User, name: str) -> list[dict[str, str]]:
    response = signed_in(user).post(reverse(SUGGEST), {"name": name})
    assert response.status_code == 200
    assert set(response.json()) == {"children"}  # no count of any kind
    children: list[dict[str, str]] = response.json()["children"]
    return children


def _searches(user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(actor=user, action=AuditAction.SEARCH).order_by("sequence")
    )


# --- Suggestions --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.PRACTITIONER])
def test_children_are_suggested_by_name_with_the_search_pages_details(role: Role) -> None:
    olivia = _child("Olivia", "Smith")
    _child("Noah", "Jones")
    user = front_door_user() if role == Role.FRONT_DOOR else staff_user(role)
    assert _suggested(user, "Olivia Smyth") == [
        {"reference": olivia.reference, "name": "Olivia Smith", "about": "born 14 May 2016, SO14"}
    ]


def test_each_suggestion_search_is_audited_as_the_search_page_audits_it() -> None:
    _child("Olivia", "Smith")
    user = front_door_user()
    _suggested(user, "Olivia")
    signed_in(user).post(reverse("children:search"), {"name": "Olivia"})
    suggestion, search_page = _searches(user)
    for event in (suggestion, search_page):
        assert event.object_type == "children.child"
    assert (
        suggestion.details
        == search_page.details
        == {
            "name": "Olivia",
            "results": 1,
            "shielded_matches": 0,
        }
    )


def test_a_name_still_being_typed_finds_the_child_with_one_audited_search() -> None:
    smith = _child("Olivia", "Smith")
    _child("Olivia", "Jones")
    _child("Noah", "Smart")
    user = front_door_user()
    assert [child["reference"] for child in _suggested(user, "olivia smi")] == [smith.reference]
    [search] = _searches(user)
    assert search.details == {"name": "olivia smi", "results": 1, "shielded_matches": 0}


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.PRACTITIONER])
def test_a_shielded_child_is_never_suggested_nor_counted(role: Role) -> None:
    """The front door may break glass, so the search page tells it that a shielded record
    matches (by reference); the suggestions tell it nothing of one, not even a count."""
    hidden = _child("Maya", "Clarke", shielded=True)
    user = front_door_user() if role == Role.FRONT_DOOR else staff_user(role)
    for typed in ("Maya Clarke", "Maya Cl", "Maya"):
        response = signed_in(user).post(reverse(SUGGEST), {"name": typed})
        assert response.json() == {"children": []}
        assert hidden.reference not in response.content.decode()


def test_a_shielded_child_is_suggested_to_its_own_practitioner() -> None:
    hidden = _child("Maya", "Clarke", shielded=True)
    user = staff_user(Role.PRACTITIONER)
    InvolvementFactory(child=hidden, practitioner=user.staff_member)
    assert [child["reference"] for child in _suggested(user, "Maya")] == [hidden.reference]


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.AUDITOR, Role.STRATEGIC_LEAD])
def test_who_may_not_refer_gets_no_suggestions_and_no_search_is_recorded(role: Role) -> None:
    child = _child("Olivia", "Smith")
    user = staff_user(role)
    response = signed_in(user).post(reverse(SUGGEST), {"name": "Olivia"})
    assert response.status_code == 403
    assert child.reference not in response.content.decode()
    assert _searches(user) == []


def test_suggestions_are_posted_never_asked_for_in_an_address() -> None:
    _child("Olivia", "Smith")
    user = front_door_user()
    response = signed_in(user).get(reverse(SUGGEST), {"name": "Olivia"})
    assert response.status_code == 405
    assert _searches(user) == []
    signed_out = Client().post(reverse(SUGGEST), {"name": "Olivia"})
    assert signed_out.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


@pytest.mark.parametrize("name", ["", " ", "O", " O "])
def test_too_few_letters_search_nothing_and_record_nothing(name: str) -> None:
    _child("Olivia", "Smith")
    user = front_door_user()
    assert _suggested(user, name) == []
    assert _searches(user) == []


# --- The form without JavaScript -----------------------------------------------------------------


def test_the_form_works_without_javascript_a_text_box_and_a_link_to_find_the_child() -> None:
    page = signed_in(front_door_user()).get(reverse("safeguarding:referral_new")).content.decode()
    assert 'type="text" name="child_reference"' in page
    assert f'href="{reverse("children:search")}"' in page
    assert "Find the child first" in page
    # The enhancement: where to ask, and its script; the text box is what the form sends.
    assert f'data-child-suggestions="{reverse(SUGGEST)}"' in page
    assert "safeguarding/child-autocomplete" in page


def test_from_the_childs_page_the_form_comes_filled_in() -> None:
    child = ChildFactory()
    user = front_door_user()
    child_page = signed_in(user).get(f"/children/{child.reference}/").content.decode()
    link = f"{reverse('safeguarding:referral_new')}?child={child.reference}"
    assert html.escape(link) in child_page or link in child_page
    form = signed_in(user).get(link).content.decode()
    assert f'value="{child.reference}"' in form


def _new_referral(reference: str) -> dict[str, str]:
    return {
        "child_reference": reference,
        "kind": "referral",
        **date_parts("received_on", timezone.localdate()),
        "received_time": "00:01",
        "referrer_name": "Sam Okafor",
        "reason": "Hungry at school all week.",
    }


def test_a_reference_is_taken_however_it_is_written() -> None:
    """What the autocomplete sends for a child chosen, or a reference typed in as it is."""
    child = ChildFactory()
    response = signed_in(front_door_user()).post(
        reverse("safeguarding:referral_new"), _new_referral(f"  {child.reference.lower()} ")
    )
    assert response.status_code == 302
    assert s.Referral.objects.get().child == child


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("CT-999999", "No child has that reference"),
        ("the shielded child", "No child has that reference"),
        ("Olivia Smith", "No child has that reference"),  # a name typed, no child chosen
        ("Olivia Smith-Fotheringham", "Enter the child&#x27;s reference, such as CT-004217"),
    ],
)
def test_an_unknown_or_hidden_child_or_a_name_not_chosen_is_an_error(
    typed: str, message: str
) -> None:
    hidden = _child("Maya", "Clarke", shielded=True)
    _child("Olivia", "Smith")
    reference = hidden.reference if typed == "the shielded child" else typed
    response = signed_in(staff_user(Role.PRACTITIONER)).post(
        reverse("safeguarding:referral_new"), _new_referral(reference)
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert "Maya" not in page
    assert not s.Referral.objects.exists()
