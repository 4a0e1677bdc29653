"""What safeguarding adds to the shared parts when it starts: its pages in the Children
section's navigation, what of it needs each person on their home page, and its records as the
audit log names them. One block per part of the app."""

from __future__ import annotations


def safeguarding_register() -> None:
    _navigation_register()
    _home_register()
    _child_page_register()
    _merge_register()
    _audit_register()


def _navigation_register() -> None:
    from childtrust.core.navigation import PageRow, navigation_register, section_pages

    rows: list[
        PageRow
    ] = []  # (label, url name, path prefix, access function), filled in by each part
    from childtrust.safeguarding import access

    rows += [
        ("Alerts", "alerts", "safeguarding/alerts", access.can_view_alerts_by_role),
        ("Alert rules", "alert_rules", "safeguarding/alert-rules", access.can_manage_alert_rules),
    ]
    rows += [
        (
            "Notifications",
            "notifications",
            "safeguarding/notifications",
            access.can_record_concerns,
        ),
        (
            "Designated safeguarding leads",
            "designated_leads",
            "safeguarding/designated-leads",
            access.can_set_designated_leads,
        ),
    ]
    rows += [
        ("Front door", "front_door", "safeguarding/front-door", access.can_run_front_door),
        ("Statutory clocks", "clocks", "safeguarding/clocks", access.can_view_clocks),
        (
            "Requests for information",
            "information_requests",
            "safeguarding/information-requests",
            access.can_refer,
        ),
    ]
    rows += [
        ("Your teams around children", "teams", "safeguarding/teams", access.can_view_own_teams)
    ]
    navigation_register(*section_pages("children", "safeguarding", rows, first_position=20))


def _home_register() -> None:
    from childtrust.core.home import home_register
    from childtrust.safeguarding.home_alerts import alert_needs

    home_register("safeguarding_alerts", alert_needs, position=25)

    from childtrust.safeguarding.home_notifications import notification_needs

    home_register("safeguarding_notifications", notification_needs, position=24)

    from childtrust.safeguarding.home_teams import team_needs

    home_register("safeguarding_teams", team_needs, position=26)

    from childtrust.safeguarding.home_front_door import front_door_needs

    home_register("safeguarding_front_door", front_door_needs, position=26)


def _child_page_register() -> None:
    """Its links on the child's page (children.child_page_links), each as its access allows."""
    from childtrust.children.child_page_links import child_page_links_register
    from childtrust.safeguarding.child_page import safeguarding_child_links

    child_page_links_register("safeguarding", safeguarding_child_links, position=20)


def _merge_register() -> None:
    """Its records follow a child the child index merges into another (children.merge_hooks)."""
    from childtrust.children.merge_hooks import child_merge_hooks_register
    from childtrust.safeguarding.merging import (
        safeguarding_merge,
        safeguarding_rows_follow_merges,
    )

    child_merge_hooks_register("safeguarding", safeguarding_merge)
    safeguarding_rows_follow_merges()


def _audit_register() -> None:
    """Its records as the audit log names and links them (audit.objects)."""
    from childtrust.audit.objects import audit_kinds_register
    from childtrust.safeguarding.audit_kinds import audit_kinds

    audit_kinds_register(*audit_kinds())
