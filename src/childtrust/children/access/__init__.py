"""Who may see and do what with children's data: every rule in one place (design section 5).

- Finding a child (FIND_CHILDREN): practitioners, team managers, the front door, administrators
  and the data protection lead may look a child up. Without a relationship they learn only that
  the child is known and whom to contact.
- A relationship opens the child's details: an active involvement of the reader's own (as
  practitioner, lead professional or not), an active involvement of someone in the reader's own
  team, or the front door's role (SEE_EVERY_CHILD), which screens every contact.
- Shielded children are hidden from search and from the "known" view for everyone but those
  who may break glass or shield (who see only that a shielded record matches); their details
  only through the reader's own involvement or an unexpired break glass.
- A sensitive involvement (sexual health, mental health, substance misuse) is shown only to its
  own agency, or where a sharing decision to share it is recorded (consent given or overridden).
- Link review, merge and split (REVIEW_CHILD_LINKS): the front door and administrators.
- Imports (IMPORT_CHILD_RECORDS): administrators, and partner systems with their token.
- The data protection lead (REVIEW_CHILD_ACCESS) reviews break glass and consent overrides and
  reads any child's access log (the lead professional reads their child's); and anonymises the
  children past their retention date (RUN_RETENTION).

Every read of a child goes through `child_for_user`, which decides and writes one audit event;
nothing else reads a capability for children's data.

One module per subject, each re-exported here, so callers write `access.child_for_user`:
capabilities (the capabilities behind it all), relationships (why a reader may see a child),
reading (finding a child, sensitive involvements, `child_for_user`), involvement (who may say
who is involved, and record a decision to share), shielding (shielded children, break glass,
the access log), review (link review, merge and split) and locality (a locality team's
caseload)."""

from childtrust.children.access.capabilities import (
    can_break_glass,
    can_find_children,
    can_import_child_records,
    can_record_involvement,
    can_review_child_access,
    can_review_child_links,
    can_run_linkage,
    can_run_retention,
    can_see_every_child,
    can_see_shielded_matches,
    can_shield_children,
    can_view_locality_caseload,
)
from childtrust.children.access.involvement import (
    can_add_involvement,
    can_add_involvements_to,
    can_appoint_lead_professional,
    can_change_involvement,
    can_record_involvement_of,
    can_record_sharing_decision,
)
from childtrust.children.access.locality import locality_team_of, team_involvements_shown_to
from childtrust.children.access.reading import (
    ChildView,
    child_for_user,
    children_findable_by,
    involvements_visible_to,
)
from childtrust.children.access.relationships import (
    WORKING_RELATIONSHIPS,
    Relationship,
    active_break_glass,
    can_know_child_exists,
    relationship_to,
)
from childtrust.children.access.review import (
    can_decide_link_review,
    can_merge_or_split_child,
    link_review_for_user,
    link_reviews_visible_to,
)
from childtrust.children.access.shielding import (
    can_read_child_access_log,
    can_start_break_glass,
    child_for_access_log,
    shielded_child_for,
)

__all__ = [
    "WORKING_RELATIONSHIPS",
    "ChildView",
    "Relationship",
    "active_break_glass",
    "can_add_involvement",
    "can_add_involvements_to",
    "can_appoint_lead_professional",
    "can_break_glass",
    "can_change_involvement",
    "can_decide_link_review",
    "can_find_children",
    "can_import_child_records",
    "can_know_child_exists",
    "can_merge_or_split_child",
    "can_read_child_access_log",
    "can_record_involvement",
    "can_record_involvement_of",
    "can_record_sharing_decision",
    "can_review_child_access",
    "can_review_child_links",
    "can_run_linkage",
    "can_run_retention",
    "can_see_every_child",
    "can_see_shielded_matches",
    "can_shield_children",
    "can_start_break_glass",
    "can_view_locality_caseload",
    "child_for_access_log",
    "child_for_user",
    "children_findable_by",
    "involvements_visible_to",
    "link_review_for_user",
    "link_reviews_visible_to",
    "locality_team_of",
    "relationship_to",
    "shielded_child_for",
    "team_involvements_shown_to",
]
