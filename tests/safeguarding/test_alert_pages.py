"""The alerts pages over HTTP: who sees the list and an alert (and who gets 403 or 404), the
three responses with bad input, the rules' pages with their limits, and the home page's count."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding.models import AlertRule, AlertStatus, ConcernSensitivity, Rag
from tests.children.factories import ChildFactory, involved_user, signed_in, staff_user
from tests.safeguarding.factories_alerts import (
    AlertFactory,
    AlertRuleFactory,
    ConcernFactory,
    front_door_user,
    lead_professional_for,
    manager_chain,
)

pytestmark = pytest.mark.django_db


def _url(alert, part: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/safeguarding/alerts/{alert.pk}/{part + '/' if part else ''}"


# --- Seeing alerts -------------------------------------------------------------------------------


def test_the_front_door_lists_alerts_with_the_rag_rating_in_words() -> None:
    red = AlertFactory(rag=Rag.RED)
    AlertFactory(rag=Rag.AMBER)
    page = signed_in(front_door_user()).get("/safeguarding/alerts/?rag=red")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Alert {red.pk}</a>" in text
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in text
    assert "govuk-tag--orange" not in text


def test_the_list_leaves_out_closed_alerts_unless_asked() -> None:
    closed = AlertFactory(status=AlertStatus.CLOSED)
    client = signed_in(front_door_user())
    assert f"Alert {closed.pk}<" not in client.get("/safeguarding/alerts/").content.decode()
    shown = client.get("/safeguarding/alerts/?status=all").content.decode()
    assert f"Alert {closed.pk}<" in shown


def test_a_practitioner_sees_only_the_alerts_of_children_they_work_with() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    theirs, other = AlertFactory(child=child), AlertFactory()
    client = signed_in(user)
    text = client.get("/safeguarding/alerts/").content.decode()
    assert f"Alert {theirs.pk}<" in text
    assert f"Alert {other.pk}<" not in text
    assert client.get(_url(theirs)).status_code == 200
    assert client.get(_url(other)).status_code == 404


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.FINANCE_OFFICER, Role.STRATEGIC_LEAD])
def test_roles_without_safeguarding_work_may_not_open_the_alerts(role: Role) -> None:
    alert = AlertFactory()
    client = signed_in(staff_user(role))
    assert client.get("/safeguarding/alerts/").status_code == 403
    assert client.get(_url(alert)).status_code == 403


def test_the_alert_page_names_its_concerns_and_is_audited() -> None:
    child = ChildFactory()
    concern = ConcernFactory(child=child, summary="Bruising on both arms.")
    restricted = ConcernFactory(
        child=child, sensitivity=ConcernSensitivity.RESTRICTED, summary="Seen at the clinic."
    )
    alert = AlertFactory(child=child, with_concerns=[concern, restricted])
    user, _child = involved_user(Role.PRACTITIONER, child)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()

    text = signed_in(user).get(_url(alert)).content.decode()

    assert "Bruising on both arms." in text
    assert "Seen at the clinic." not in text  # restricted to its agency
    assert f"ask {restricted.agency.name} for the detail" in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert '<h1 class="govuk-heading-l">Alert' in text


def test_the_manager_it_escalated_to_sees_it_and_may_acknowledge() -> None:
    (manager,) = manager_chain(1)
    alert = AlertFactory(escalated_to=manager, escalation_level=1)
    client = signed_in(manager.user)
    assert client.get(_url(alert)).status_code == 200
    response = client.post(_url(alert, "acknowledge"))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.STRATEGIC_LEAD])
def test_a_manager_it_escalated_to_acts_on_a_shielded_childs_alert_by_reference_alone(
    role: Role,
) -> None:
    manager = staff_user(role).staff_member
    child = ChildFactory(shielded=True, given_name="Hidden", family_name="Name")
    alert = AlertFactory(child=child, escalated_to=manager, escalation_level=2)
    client = signed_in(manager.user)

    page = client.get(_url(alert))

    assert page.status_code == 200
    text = page.content.decode()
    assert child.reference in text
    assert "Hidden" not in text
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(alert.pk), actor=manager.user
    ).exists()
    assert "1 alert escalated to you" in client.get("/").content.decode()
    assert client.post(_url(alert, "acknowledge")).status_code == 302
    # Another manager of the same role, to whom it did not escalate, may not.
    other = staff_user(role)
    assert signed_in(other).get(_url(alert)).status_code in {403, 404}


# --- Responding ----------------------------------------------------------------------------------


def test_the_lead_professional_acknowledges_actions_and_closes_through_the_pages() -> None:
    child = ChildFactory()
    lead = lead_professional_for(child)
    alert = AlertFactory(child=child)
    client = signed_in(lead)

    assert "Acknowledge" in client.get(_url(alert)).content.decode()
    assert client.post(_url(alert, "acknowledge")).status_code == 302
    assert client.post(_url(alert, "action"), {"note": "Home visit made."}).status_code == 302
    assert client.post(_url(alert, "close"), {"reason": "Support in place."}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.action_taken == "Home visit made."


def test_an_involved_practitioner_who_does_not_lead_is_refused_a_response() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    alert = AlertFactory(child=child)
    client = signed_in(user)
    assert "Acknowledge</a>" not in client.get(_url(alert)).content.decode()
    assert client.post(_url(alert, "acknowledge")).status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_empty_note_shows_the_error_and_writes_nothing() -> None:
    door = front_door_user()
    alert = AlertFactory(status=AlertStatus.ACKNOWLEDGED)
    response = signed_in(door).post(_url(alert, "action"), {"note": "  "})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text
    assert "Enter what was done about the alert" in text
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED


def test_closing_before_the_action_is_recorded_says_why() -> None:
    alert = AlertFactory(status=AlertStatus.ACKNOWLEDGED)
    response = signed_in(front_door_user()).post(_url(alert, "close"), {"reason": "Done."})
    assert "Record what was done about the alert before closing it" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED


# --- The rules ------------------------------------------------------------------------------------

GOOD_RULE = {
    "name": "Four concerns from three agencies in 60 days",
    "kind": "across_agencies",
    "minimum_severity": "",
    "minimum_concerns": "4",
    "minimum_agencies": "3",
    "window_days": "60",
    "rag": "red",
    "acknowledge_within_hours": "8",
    "description": "",
}


def test_the_front_door_adds_changes_and_switches_off_a_rule() -> None:
    client = signed_in(front_door_user())
    assert client.get("/safeguarding/alert-rules/").status_code == 200
    response = client.post("/safeguarding/alert-rules/add/", GOOD_RULE)
    assert response.status_code == 302
    rule = AlertRule.objects.get()
    assert (rule.minimum_concerns, rule.minimum_agencies, rule.window_days) == (4, 3, 60)

    changed = {**GOOD_RULE, "window_days": "30", "categories": ["neglect", "missing"]}
    assert client.post(f"/safeguarding/alert-rules/{rule.pk}/", changed).status_code == 302
    rule.refresh_from_db()
    assert rule.window_days == 30
    assert rule.categories == ["missing", "neglect"]
    assert "(Missing episode, Neglect)" in client.get("/safeguarding/alert-rules/").content.decode()

    assert client.post(f"/safeguarding/alert-rules/{rule.pk}/switch/").status_code == 302
    rule.refresh_from_db()
    assert rule.active is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"window_days": "0"}, "Window must be a whole number from 1 to 365 days"),
        ({"window_days": "366"}, "Window must be a whole number from 1 to 365 days"),
        ({"minimum_concerns": "51"}, "Number of concerns must be a whole number from 1 to 50"),
        ({"minimum_concerns": "two"}, "Number of concerns must be a whole number from 1 to 50"),
        (
            {"minimum_concerns": "2", "minimum_agencies": "3"},
            "The number of agencies must not be more than the number of concerns",
        ),
        ({"categories": ["haunting"]}, "Select only the categories listed"),
        ({"name": ""}, "Enter the rule&#x27;s name"),
        ({"rag": ""}, "Select a RAG rating"),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_message(changes: dict[str, str], message: str) -> None:
    response = signed_in(front_door_user()).post(
        "/safeguarding/alert-rules/add/", {**GOOD_RULE, **changes}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<title>Error: " in text
    assert message in text
    assert not AlertRule.objects.exists()


def test_a_second_rule_of_the_same_name_is_refused() -> None:
    AlertRuleFactory(name=GOOD_RULE["name"])
    response = signed_in(front_door_user()).post("/safeguarding/alert-rules/add/", GOOD_RULE)
    assert "A rule with this name already exists" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR])
def test_only_those_who_manage_rules_may_open_or_change_them(role: Role) -> None:
    rule = AlertRuleFactory()
    client = signed_in(staff_user(role))
    assert client.get("/safeguarding/alert-rules/").status_code == 403
    assert client.post("/safeguarding/alert-rules/add/", GOOD_RULE).status_code == 403
    assert client.post(f"/safeguarding/alert-rules/{rule.pk}/switch/").status_code == 403
    rule.refresh_from_db()
    assert rule.active


def test_the_partnership_administrator_manages_rules() -> None:
    client = signed_in(staff_user(Role.PARTNERSHIP_ADMIN))
    assert client.get("/safeguarding/alert-rules/").status_code == 200


# --- The home page -------------------------------------------------------------------------------


def test_the_home_page_counts_alerts_to_acknowledge_and_those_escalated() -> None:
    (manager,) = manager_chain(1)
    AlertFactory()
    AlertFactory(status=AlertStatus.ACKNOWLEDGED)
    AlertFactory(escalated_to=manager, escalation_level=1)

    door = signed_in(front_door_user()).get("/").content.decode()
    assert "3 alerts to acknowledge" not in door
    assert "2 alerts to acknowledge" in door

    mine = signed_in(manager.user).get("/").content.decode()
    assert "1 alert escalated to you" in mine
