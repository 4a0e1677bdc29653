"""Who may see and do what in safeguarding: every rule in one place, one module per subject,
each re-exported here so callers write `access.can_record_concern_about`.

A child's safeguarding records are read only through the child index's relationships
(children.access): those working with the child, the front door and break glass."""

from childtrust.safeguarding.access.alerts import (
    alert_concern_views,
    alert_for_user,
    alerts_to_respond_to,
    alerts_visible_to,
    can_respond_to_alert,
    can_view_alert,
    can_view_alerts,
    can_view_alerts_by_role,
    is_escalated_to,
)
from childtrust.safeguarding.access.capabilities import (
    can_manage_alert_rules,
    can_record_concerns,
    can_run_front_door,
    can_view_safeguarding_clocks,
)
from childtrust.safeguarding.access.child_page import can_open_team_page
from childtrust.safeguarding.access.chronology import (
    ChronologyReader,
    can_view_chronology,
    chronology_child_for,
    chronology_reader,
)
from childtrust.safeguarding.access.concerns import (
    ConcernView,
    can_read_concern,
    can_record_concern_about,
    can_set_designated_leads,
    concern_for_user,
    concern_views_for,
    recording_staff,
)
from childtrust.safeguarding.access.front_door import (
    can_answer_information_request,
    can_complete_assessment,
    can_open_referrals,
    can_refer,
    can_refer_child,
    can_run_front_door_for,
    can_view_clock,
    can_view_clocks,
    can_view_referral,
    clocks_visible_to,
    information_requests_for,
    referrals_visible_to,
)
from childtrust.safeguarding.access.notifications import (
    can_have_notifications,
    can_read_notification,
)
from childtrust.safeguarding.access.team_around_child import (
    can_change_team,
    can_leave_team,
    can_mark_action_done,
    can_name_lead_professional,
    can_record_involvement_for_member,
    can_see_team,
    can_start_team,
    can_view_own_teams,
    current_involvement,
)

__all__ = [
    "ChronologyReader",
    "ConcernView",
    "alert_concern_views",
    "alert_for_user",
    "alerts_to_respond_to",
    "alerts_visible_to",
    "can_answer_information_request",
    "can_change_team",
    "can_complete_assessment",
    "can_have_notifications",
    "can_leave_team",
    "can_manage_alert_rules",
    "can_mark_action_done",
    "can_name_lead_professional",
    "can_open_referrals",
    "can_open_team_page",
    "can_read_concern",
    "can_read_notification",
    "can_record_concern_about",
    "can_record_concerns",
    "can_record_involvement_for_member",
    "can_refer",
    "can_refer_child",
    "can_respond_to_alert",
    "can_run_front_door",
    "can_run_front_door_for",
    "can_see_team",
    "can_set_designated_leads",
    "can_start_team",
    "can_view_alert",
    "can_view_alerts",
    "can_view_alerts_by_role",
    "can_view_chronology",
    "can_view_clock",
    "can_view_clocks",
    "can_view_own_teams",
    "can_view_referral",
    "can_view_safeguarding_clocks",
    "chronology_child_for",
    "chronology_reader",
    "clocks_visible_to",
    "concern_for_user",
    "concern_views_for",
    "current_involvement",
    "information_requests_for",
    "is_escalated_to",
    "recording_staff",
    "referrals_visible_to",
]
