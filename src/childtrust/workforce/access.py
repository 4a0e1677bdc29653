"""Who may see and change the workforce: every rule in one place.

- Everyone signed in sees their own post and the restructures that affect them (and, as a line
  manager, those that affect the people they manage directly).
- Team managers see their own teams' posts and vacancies (their team and their direct reports'
  teams): partnership.selectors.staff.teams_led_by.
- Workforce managers see and change every partner's workforce; one with a remit
  (models.WorkforceRemit) is that agency's HR lead and sees and changes only its workforce.
- Auditors read every partner's workforce, and change nothing.
- The workforce measures and the national statistics are figures, not people: workforce
  managers, auditors, strategic leads and administrators read them all.
- Staff's personal data (a contract's FTE and dates, a leaving reason, sickness absence,
  consultation meetings and responses) is read only through the `*_for_user` functions below,
  which check the reader and write one audit event per read. Sickness absence is shown only to
  workforce managers (within their remit) and to the head of the person's agency.

Views, forms, services and the API ask these functions; nothing else reads a capability."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability, require
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.staff import (
    agency_head,
    direct_report_ids,
    staff_record_of,
    teams_led_by,
)
from childtrust.workforce.models import AffectedPerson, Post, Restructure, WorkforceRemit
from childtrust.workforce.selectors.restructures import (
    affected_lines_of,
    affected_people_of,
    affected_person_with_record,
    own_line_in,
)

# --- Remits ------------------------------------------------------------------------------------


def workforce_remit_of(user: PermissionHolder | None) -> Agency | None:
    """The one agency a workforce manager is limited to, or None (every partner). Kept on the
    user object, so a page asks the database once however often it asks here."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_workforce_remit_agency", False)
    if cached is False:
        user_id: int = getattr(user, "pk", 0)
        remit = WorkforceRemit.objects.select_related("agency").filter(user_id=user_id).first()
        cached = remit.agency if remit is not None else None
        setattr(user, "_workforce_remit_agency", cached)  # noqa: B010  # a cache on the object
    return cached if isinstance(cached, Agency) else None


def _within_remit(user: PermissionHolder | None, agency_id: int | None) -> bool:
    remit = workforce_remit_of(user)
    return remit is None or remit.pk == agency_id


# --- Decisions ---------------------------------------------------------------------------------


def can_view_workforce_section(user: PermissionHolder | None) -> bool:
    """The Workforce section: everyone signed in has their own post and restructures there."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_view_all_workforce(user: PermissionHolder | None) -> bool:
    """Every post, holder and restructure within the reader's remit: workforce managers and
    auditors."""
    return has_capability(user, Capability.VIEW_WORKFORCE)


def can_view_team_workforce(user: PermissionHolder | None) -> bool:
    """Their own teams' posts and vacancies: team managers (and those who see all)."""
    return has_capability(user, Capability.VIEW_TEAM_WORKFORCE) or can_view_all_workforce(user)


def can_view_establishment(user: PermissionHolder | None) -> bool:
    """The establishment pages (posts and vacancies): those who see all or their teams'."""
    return can_view_all_workforce(user) or can_view_team_workforce(user)


def can_manage_workforce(user: PermissionHolder | None, agency: Agency | None = None) -> bool:
    """Posts, holders, imports and restructures: workforce managers, for `agency` only within
    their remit. Without an agency: whether they may change any of the workforce at all."""
    if not has_capability(user, Capability.MANAGE_WORKFORCE):
        return False
    return agency is None or _within_remit(user, agency.pk)


def can_manage_whole_workforce(user: PermissionHolder | None) -> bool:
    """What spans every partner (the national statistics, the comparators, remits): workforce
    managers with no remit, and administrators for remits."""
    return can_manage_workforce(user) and workforce_remit_of(user) is None


def can_set_workforce_remits(user: PermissionHolder | None) -> bool:
    """Limiting a workforce manager to one agency: administrators and unlimited workforce
    managers."""
    return has_capability(user, Capability.MANAGE_PARTNERSHIP) or can_manage_whole_workforce(user)


def can_view_workforce_measures(user: PermissionHolder | None) -> bool:
    """The national workforce measures and the published statistics: figures, not people."""
    return has_capability(user, Capability.VIEW_WORKFORCE_MEASURES)


def can_view_post(user: PermissionHolder | None, post: Post) -> bool:
    """A post, its job description and holders: those who see all (within remit), the team
    manager of its team, and its own holders."""
    if can_view_all_workforce(user) and _within_remit(user, post.agency_id):
        return True
    staff = staff_record_of(user)
    if staff is None:
        return False
    if has_capability(user, Capability.VIEW_TEAM_WORKFORCE) and post.team_id in teams_led_by(staff):
        return True
    return post.holdings.filter(staff=staff).exists()


def posts_visible_to(user: PermissionHolder | None) -> QuerySet[Post]:
    """The posts the user may see (see can_view_post), as one query."""
    posts = Post.objects.all()
    if can_view_all_workforce(user):
        remit = workforce_remit_of(user)
        return posts if remit is None else posts.filter(agency=remit)
    staff = staff_record_of(user)
    if staff is None:
        return posts.none()
    seen = Q(holdings__staff=staff)
    if has_capability(user, Capability.VIEW_TEAM_WORKFORCE):
        seen |= Q(team_id__in=teams_led_by(staff))
    return posts.filter(pk__in=Post.objects.filter(seen).values("pk"))


def can_view_leaving_reasons(user: PermissionHolder | None, agency_id: int | None) -> bool:
    """Why people left: those who see all, within remit."""
    return can_view_all_workforce(user) and _within_remit(user, agency_id)


def can_view_sickness_absence(user: PermissionHolder | None, person: StaffMember) -> bool:
    """A person's sickness absence: workforce managers (within remit) and the head of the
    person's agency only."""
    if can_manage_workforce(user) and _within_remit(user, person.agency_id):
        return True
    staff = staff_record_of(user)
    if staff is None or not staff.is_active:
        return False
    head = agency_head(person.agency)
    return head is not None and head.pk == staff.pk


def can_view_restructure(user: PermissionHolder | None, restructure: Restructure) -> bool:
    """Those who see all (within remit), the people it affects, and their line managers."""
    if can_view_all_workforce(user) and _within_remit(user, restructure.agency_id):
        return True
    staff = staff_record_of(user)
    if staff is None:
        return False
    affected = set(restructure.affected_people.values_list("staff_id", flat=True))
    return staff.pk in affected or bool(affected & direct_report_ids(staff))


def restructures_visible_to(user: PermissionHolder | None) -> QuerySet[Restructure]:
    """The restructures the user may see (see can_view_restructure), as one query."""
    restructures = Restructure.objects.all()
    if can_view_all_workforce(user):
        remit = workforce_remit_of(user)
        return restructures if remit is None else restructures.filter(agency=remit)
    staff = staff_record_of(user)
    if staff is None:
        return restructures.none()
    people = {staff.pk} | direct_report_ids(staff)
    return restructures.filter(
        pk__in=Restructure.objects.filter(affected_people__staff_id__in=people).values("pk")
    )


def can_manage_restructure(user: PermissionHolder | None, restructure: Restructure) -> bool:
    """Proposing, consulting on and deciding a restructure: workforce managers within remit."""
    return can_manage_workforce(user, restructure.agency)


def can_view_restructure_wellbeing(user: PermissionHolder | None, restructure: Restructure) -> bool:
    """The wellbeing round's results for those affected (anonymous, suppressed below the
    minimum group): those who see all within remit, and those who see staff voice."""
    return (
        can_view_all_workforce(user) and _within_remit(user, restructure.agency_id)
    ) or has_capability(user, Capability.VIEW_STAFF_VOICE)


# --- Staff's personal data: checked, fetched and audited ---------------------------------------


def record_workforce_read(user: PermissionHolder, target: Any, **details: Any) -> None:
    """One audit event for a read of staff's personal data, with what was shown."""
    audit_record(actor=user, action=AuditAction.VIEW, target=target, details=details)  # type: ignore[arg-type]


# --- Restructures (C2) -------------------------------------------------------------------------
# Who sees the people a restructure affects and each person's consultation record (what is
# proposed for their post, their meetings, their responses and the answers: personal data), and
# who may respond; each read checked here and audited once per page.


def can_see_affected_people(user: PermissionHolder | None, restructure: Restructure) -> bool:
    """Every affected person's line (names, posts, proposals, pools, outcomes): those who see
    all the workforce, within remit. An affected person sees their own line only; a line
    manager of someone affected sees the restructure and its counts, not the people."""
    return can_view_all_workforce(user) and _within_remit(user, restructure.agency_id)


def _is_the_person(user: PermissionHolder | None, affected: AffectedPerson) -> bool:
    staff = staff_record_of(user)
    return staff is not None and staff.pk == affected.staff_id


def can_view_affected_person(user: PermissionHolder | None, affected: AffectedPerson) -> bool:
    """A person's own page in a restructure: the person, and those who see all the workforce
    within remit (workforce managers and auditors)."""
    return _is_the_person(user, affected) or can_see_affected_people(user, affected.restructure)


def can_respond_to_consultation(user: PermissionHolder | None, affected: AffectedPerson) -> bool:
    """Responding to the proposal: the affected person themselves, and no one on their behalf."""
    return _is_the_person(user, affected)


def affected_people_for_user(
    user: PermissionHolder, restructure: Restructure
) -> list[AffectedPerson]:
    """The people the restructure affects as the reader may see them: everyone (with how many
    meetings and responses each has) for those who see all within remit, the reader's own line
    for an affected person, no one for anyone else. One audit event when anyone is shown."""
    require(can_view_restructure(user, restructure), to="see this restructure")
    if can_see_affected_people(user, restructure):
        people = affected_people_of(restructure)
    else:
        staff = staff_record_of(user)
        own = own_line_in(restructure, staff) if staff is not None else None
        people = [own] if own is not None else []
    if people:
        record_workforce_read(
            user, restructure, page="people affected by a restructure", people_shown=len(people)
        )
    return people


def affected_person_for_user(
    user: PermissionHolder, restructure: Restructure, affected_id: int
) -> AffectedPerson:
    """One affected person's page: what is proposed for their post, their meetings, responses
    and answers. Http404 for no such person in this restructure; PermissionDenied for anyone but
    the person and those who see all within remit. One audit event."""
    require(can_view_restructure(user, restructure), to="see this restructure")
    affected = affected_person_with_record(affected_id)
    if affected is None or affected.restructure_id != restructure.pk:
        raise Http404("No such person in this restructure")
    require(can_view_affected_person(user, affected), to="see this person's consultation")
    record_workforce_read(
        user,
        affected,
        page="consultation record",
        meetings_shown=len(affected.meetings.all()),
        responses_shown=len(affected.responses.all()),
    )
    return affected


def my_restructure_lines_for_user(user: PermissionHolder) -> list[AffectedPerson]:
    """The reader's own line in each restructure affecting them, newest first (none when their
    account has no staff record). One audit event when there is any."""
    require(can_view_workforce_section(user), to="see the restructures affecting you")
    staff = staff_record_of(user)
    if staff is None:
        return []
    lines = affected_lines_of(staff)
    if lines:
        record_workforce_read(user, staff, page="my restructures", restructures_shown=len(lines))
    return lines

# --- Establishment import (A2) -----------------------------------------------------------------


def can_view_others_establishment_imports(user: PermissionHolder | None) -> bool:
    """An establishment upload's page and report, besides the person who uploaded it: workforce
    managers with no remit (a file may hold every partner's posts and people, so an agency's HR
    lead sees only their own uploads)."""
    return can_manage_whole_workforce(user)
