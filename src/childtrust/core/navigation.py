"""The service navigation: each section appears for the roles that may use it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from childtrust.accounts.permissions import Capability, has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    section: str  # the start of the path (one or more segments) that marks the item as current


NAV_ITEMS = (
    NavItem("Partnership", "partnership:agency_list", Capability.VIEW_PARTNERSHIP, "partnership"),
    NavItem("Services", "partnership:service_list", Capability.VIEW_PARTNERSHIP, "services"),
    NavItem("People", "partnership:staff_list", Capability.VIEW_PARTNERSHIP, "people"),
    NavItem("Vision", "partnership:vision", Capability.VIEW_PARTNERSHIP, "vision"),
    NavItem("Messages", "voice:cascade_my_messages", Capability.VIEW_PARTNERSHIP, "voice/messages"),
    NavItem("Surveys", "voice:survey_list", Capability.VIEW_PARTNERSHIP, "voice/surveys"),
    NavItem("Feedback", "voice:feedback_home", Capability.VIEW_PARTNERSHIP, "voice/feedback"),
    NavItem("Staff voice", "voice:leaders_page", Capability.VIEW_STAFF_VOICE, "voice/leaders"),
    NavItem("Outcomes", "outcomes:index", Capability.VIEW_PARTNERSHIP, "outcomes"),
    NavItem("Resources", "resources:index", Capability.VIEW_OWN_RESOURCES, "resources"),
    NavItem("Audit log", "audit:event_list", Capability.VIEW_AUDIT_LOG, "audit"),
)


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path.strip("/") + "/"
    return [
        {
            "label": item.label,
            "href": reverse(item.url_name),
            "active": path.startswith(f"{item.section}/"),
        }
        for item in NAV_ITEMS
        if has_capability(user, item.capability)
    ]
