"""Who may see and do what in safeguarding: every rule in one place, one module per subject,
each re-exported here so callers write `access.can_record_concern_about`.

A child's safeguarding records are read only through the child index's relationships
(children.access): those working with the child, the front door and break glass."""

from childtrust.safeguarding.access.capabilities import (
    can_manage_alert_rules,
    can_record_concerns,
    can_run_front_door,
    can_view_safeguarding_clocks,
)

__all__ = [
    "can_manage_alert_rules",
    "can_record_concerns",
    "can_run_front_door",
    "can_view_safeguarding_clocks",
]
