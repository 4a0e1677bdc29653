"""Who may see and change the strategic plan: every rule in one place.

- The plan, its objectives and milestones hold no personal data beyond the names of their
  owners, which the partnership publishes with the plan: every signed-in role reads them.
- Strategic leads and partnership administrators (MANAGE_STRATEGY) create and change the plan,
  its versions, objectives and milestones.
- An objective's accountable owner, through their active staff record, also changes the status
  of its milestones and records its monthly check-ins: they report how the work they answer for
  is going.
- The measures, change programme, risks, decisions and board meetings are read by everyone and
  kept by strategic leads and administrators; a board action's owner also reports its progress.
- The board pack brings the pooled budget's forecast and staff-voice figures together with the
  plan, so only those who prepare the board's papers (MANAGE_STRATEGY) generate and read it.

Views, forms, services and the API ask these functions; nothing else reads a capability."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.strategy.models import BoardAction, MeasureSource, Milestone, Objective
from childtrust.voice import access as voice_access


def can_view_strategy(user: PermissionHolder | None) -> bool:
    """The plan, its objectives and milestones: every signed-in role."""
    return has_capability(user, Capability.VIEW_STRATEGY)


def can_manage_strategy(user: PermissionHolder | None) -> bool:
    """The plan, its versions, objectives and milestones: strategic leads and administrators."""
    return has_capability(user, Capability.MANAGE_STRATEGY)


def is_objective_owner(user: PermissionHolder | None, objective: Objective) -> bool:
    """Whether the user is the objective's accountable owner, in post (a record made inactive
    no longer answers for it)."""
    return _is_in_post_as(user, objective.owner_id)


def _is_in_post_as(user: PermissionHolder | None, staff_id: int) -> bool:
    """Whether the user's own staff record, still active, is the given one."""
    if not can_view_strategy(user):
        return False
    staff = staff_record_of(user)
    return staff is not None and staff.is_active and staff.pk == staff_id


def can_change_milestone_status(user: PermissionHolder | None, milestone: Milestone) -> bool:
    """Those who keep the plan, and the owner of the milestone's objective."""
    return can_manage_strategy(user) or is_objective_owner(user, milestone.objective)


def can_record_check_in(user: PermissionHolder | None, objective: Objective) -> bool:
    """Only the objective's owner, in post: a check-in is their own account of it."""
    return is_objective_owner(user, objective)


def can_update_board_action(user: PermissionHolder | None, action: BoardAction) -> bool:
    """Those who keep the board's record, and the action's owner in post."""
    return can_manage_strategy(user) or _is_in_post_as(user, action.owner_id)


def can_view_board_pack(user: PermissionHolder | None) -> bool:
    """Generating and reading board packs: those who prepare the board's papers."""
    return can_manage_strategy(user)


class _TheBoard:
    """The partnership board as a reader: its papers show every partner's figures of the
    pooled budget. It holds only the capability that reading needs and signs nothing in."""

    is_authenticated = True
    _capabilities = frozenset({Capability.VIEW_OWN_RESOURCES, Capability.VIEW_ALL_RESOURCES})

    def has_perm(self, perm: str, obj: object = None) -> bool:  # noqa: ARG002 (Django's)
        return perm in self._capabilities


_THE_BOARD = _TheBoard()


def board_pack_reader() -> PermissionHolder:
    """Whose view of the other apps' figures the board pack shows: the board's, every
    partner's, whoever generates it (on the page, or on the server's command line with no one
    signed in), so that every copy of a meeting's pack says the same. Only those who may
    generate and read packs (can_view_board_pack) ever see it."""
    return _THE_BOARD


def can_see_staff_voice_figures(user: PermissionHolder | None, source: str | None = None) -> bool:
    """Staff-voice figures read for the plan (a measure's actual from a message's reach, a
    survey theme's score or feedback answered on time, and the change programme's evidence
    from them): only for those the staff voice itself shows them to, asked of its own rules
    (voice.access). `source` is the measure's source (MeasureSource); without one, all three.
    Anyone else sees the measure's title, baseline and trajectory, not its figure."""
    rules = {
        MeasureSource.MESSAGE_REACH: voice_access.can_view_message_reach,
        MeasureSource.SURVEY_THEME: voice_access.can_view_survey_results,
        MeasureSource.FEEDBACK_ON_TIME: voice_access.can_view_feedback_response_times,
    }
    if source is None:
        return all(rule(user) for rule in rules.values())
    rule = rules.get(MeasureSource(source))
    return rule is None or rule(user)
