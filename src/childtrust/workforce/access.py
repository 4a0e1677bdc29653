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

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import Capability, PermissionHolder, has_capability, require
from childtrust.partnership.models import Agency, StaffMember, Team
from childtrust.partnership.selectors.staff import (
    agency_head,
    direct_report_ids,
    staff_member_with_line,
    staff_record_of,
    teams_led_by,
)
from childtrust.voice import access as voice_access
from childtrust.workforce.definitions import census_date, census_year_start
from childtrust.workforce.models import (
    AffectedPerson,
    Caseload,
    Holding,
    Post,
    Restructure,
    RestructureStatus,
    SicknessAbsence,
    WorkforceRemit,
)
from childtrust.workforce.selectors.establishment import people as establishment_people
from childtrust.workforce.selectors.establishment import posts as establishment_posts
from childtrust.workforce.selectors.establishment.posts import HolderRow, PostHolders
from childtrust.workforce.selectors.locality_teams import LocalityTeamDetail, locality_team_detail
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


def can_see_small_group_absence(user: PermissionHolder | None) -> bool:
    """The absence figures (working days lost, absence rate) of every group on the measures page,
    its CSV and the API, however small: workforce managers, who see sickness absence. For anyone
    else a group (agency, team, locality, or the whole partnership) with fewer people in post than
    the staff survey's minimum group, or one whose absence could be worked out by subtracting
    the groups shown from the partnership's, is not shown: for a one-person team its figures ARE
    that person's sickness absence (selectors.measure_pages.absence_hidden_groups)."""
    return can_manage_workforce(user)


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
    minimum group): those who see all, and those who see staff voice, within their remit (an
    agency's HR lead follows only that agency's restructures)."""
    if not _within_remit(user, restructure.agency_id):
        return False
    return can_view_all_workforce(user) or has_capability(user, Capability.VIEW_STAFF_VOICE)


# --- Staff's personal data: checked, fetched and audited ---------------------------------------


def record_workforce_read(user: PermissionHolder, target: Any, **details: Any) -> None:
    """One audit event for a read of staff's personal data, with what was shown."""
    audit_record(actor=user, action=AuditAction.VIEW, target=target, details=details)  # type: ignore[arg-type]


# --- Establishment (A1) ------------------------------------------------------------------------
# Who sees a post's holders, the starters and leavers, the locality teams and a person's
# absence and caseloads; and the reads of those that are staff's personal data, each checked
# here and audited once per page.


def can_view_post_holders(user: PermissionHolder | None, post: Post) -> bool:
    """Every holder of a post with their contract, and its agency cover: those who see all
    (within remit) and the manager of the post's team. A holder sees their own holding only."""
    if can_view_all_workforce(user) and _within_remit(user, post.agency_id):
        return True
    staff = staff_record_of(user)
    return (
        staff is not None
        and has_capability(user, Capability.VIEW_TEAM_WORKFORCE)
        and post.team_id in teams_led_by(staff)
    )


def can_view_starters_leavers(user: PermissionHolder | None) -> bool:
    """Starters and leavers of the posts the reader sees (posts_visible_to); their leaving
    reasons only as can_view_leaving_reasons allows."""
    return can_view_establishment(user)


def can_view_locality_teams(user: PermissionHolder | None) -> bool:
    """The multi-agency locality teams with their members and missing professions: those who
    see all the workforce (members within their remit)."""
    return can_view_all_workforce(user)


def can_record_sickness_absence(user: PermissionHolder | None, person: StaffMember) -> bool:
    """Recording a spell of absence or a caseload count: workforce managers within remit."""
    return can_manage_workforce(user) and _within_remit(user, person.agency_id)


def post_holders_for_user(user: PermissionHolder, post: Post) -> PostHolders:
    """A post's holders with their contracted FTE and dates (and leaving reasons where the
    reader may see them) and its agency cover; a holder who sees no more sees their own
    holding only. One audit event."""
    require(can_view_post(user, post), to="see this post")
    all_shown = can_view_post_holders(user, post)
    holdings = establishment_posts.holdings_of_post(post)
    if not all_shown:
        staff = staff_record_of(user)
        holdings = [h for h in holdings if staff is not None and h.staff_id == staff.pk]
    reasons = can_view_leaving_reasons(user, post.agency_id)
    rows = [HolderRow(h, h.get_leaving_reason_display() if reasons else None) for h in holdings]
    cover = establishment_posts.cover_of_post(post) if all_shown else []
    record_workforce_read(
        user,
        post,
        page="post holders",
        holdings_shown=len(rows),
        cover_shown=len(cover),
        leaving_reasons_shown=reasons,
    )
    return PostHolders(holders=rows, cover=cover, all_shown=all_shown)


def my_holdings_for_user(user: PermissionHolder) -> list[Holding]:
    """The reader's own holdings (current first), or none when their account has no staff
    record. One audit event when there is a record."""
    require(can_view_workforce_section(user), to="see your post")
    staff = staff_record_of(user)
    if staff is None:
        return []
    holdings = establishment_people.holdings_of_staff(staff)
    record_workforce_read(user, staff, page="my post", holdings_shown=len(holdings))
    return holdings


def starters_leavers_for_user(
    user: PermissionHolder, *, year: int, agency: Agency | None = None
) -> establishment_people.StartersLeavers:
    """The starters and leavers of the census year in the posts the reader sees (of one agency,
    if given), with leaving reasons only where can_view_leaving_reasons allows. One audit
    event."""
    require(can_view_starters_leavers(user), to="see starters and leavers")
    posts = posts_visible_to(user)
    if agency is not None:
        posts = posts.filter(agency=agency)
    starters, leavers = establishment_people.starters_and_leavers(posts, year)
    allowed: dict[int, bool] = {}

    def reason(holding: Holding) -> str | None:
        agency_id = holding.post.agency_id
        if agency_id not in allowed:
            allowed[agency_id] = can_view_leaving_reasons(user, agency_id)
        return holding.get_leaving_reason_display() if allowed[agency_id] else None

    found = establishment_people.StartersLeavers(
        year=year,
        starts_on=census_year_start(year),
        ends_on=census_date(year),
        starters=[establishment_people.Movement(h, None) for h in starters],
        leavers=[establishment_people.Movement(h, reason(h)) for h in leavers],
        reasons_shown=all(allowed.values()) if allowed else can_view_leaving_reasons(user, None),
    )
    audit_record(
        actor=user,  # type: ignore[arg-type]
        action=AuditAction.VIEW,
        object_type="workforce.holding",
        object_repr=f"Starters and leavers, census year {year}",
        details={
            "page": "starters and leavers",
            "year": year,
            "agency": agency.slug if agency is not None else None,
            "starters_shown": len(starters),
            "leavers_shown": len(leavers),
            "leaving_reasons_shown": sum(1 for m in found.leavers if m.reason is not None),
        },
    )
    return found


def _person(staff_id: int) -> StaffMember:
    person = staff_member_with_line(staff_id)
    if person is None:
        raise Http404("No person has that record")
    return person


def sickness_absence_for_user(
    user: PermissionHolder, staff_id: int
) -> tuple[StaffMember, list[SicknessAbsence]]:
    """A person and their spells of sickness absence: workforce managers within remit and the
    head of the person's agency only. Http404 for no such person. One audit event."""
    person = _person(staff_id)
    require(can_view_sickness_absence(user, person), to="see this person's sickness absence")
    spells = establishment_people.absences_of(person)
    record_workforce_read(user, person, page="sickness absence", spells_shown=len(spells))
    return person, spells


def caseloads_for_user(user: PermissionHolder, staff_id: int) -> tuple[StaffMember, list[Caseload]]:
    """A person and their caseload counts, for those who record them. One audit event."""
    person = _person(staff_id)
    require(can_record_sickness_absence(user, person), to="record this person's caseload")
    counts = establishment_people.caseloads_of(person)
    record_workforce_read(user, person, page="caseload counts", counts_shown=len(counts))
    return person, counts


def locality_team_for_user(user: PermissionHolder, team: Team) -> LocalityTeamDetail:
    """A locality team today: figures and missing professions across every agency, members
    (with their posts, FTE and time in the team) in the posts the reader sees. One audit
    event."""
    require(can_view_locality_teams(user), to="see the locality teams")
    detail = locality_team_detail(team, posts_visible_to(user), timezone.localdate())
    record_workforce_read(
        user,
        team,
        page="locality team",
        members_shown=sum(len(group.members) for group in detail.by_agency),
    )
    return detail


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


# --- Launch and wellbeing (C1) -----------------------------------------------------------------
# Launching publishes a cascade message in the launcher's name and opens a wellbeing round: staff
# voice decides who may send a message (a member of staff in post), and is asked here.


def can_launch_restructure(user: PermissionHolder | None, restructure: Restructure) -> bool:
    """Launching a restructure (its cascade message and wellbeing round): those who manage it,
    within their remit. Whether it can be launched as it stands is selectors.launch's."""
    return can_manage_restructure(user, restructure)


def restructure_launch_refusal(user: PermissionHolder | None) -> str:
    """Why the launch message cannot go out in the user's name ("" when it can): staff voice
    sends messages from a member of staff in post (voice.access.message_sender_for_user)."""
    try:
        voice_access.message_sender_for_user(user)
    except PermissionDenied as refused:
        return f"The restructure's message goes out in its launcher's name. {refused}"
    return ""


def can_view_launch_message_reach(user: PermissionHolder | None) -> bool:
    """How far the launch message has reached (it names people): voice's rule for reach."""
    return voice_access.can_view_message_reach(user)


# --- Strategy and API (D) ----------------------------------------------------------------------
# The API reads through the functions above, as the pages do. What the partnership board's
# papers (strategy's board pack) show of restructures is decided here.


def restructures_for_board_papers() -> QuerySet[Restructure]:
    """The restructures in consultation, for the board pack: it shows of each only its
    establishment, title, how many people it affects and redundancies it proposes, and the
    dates the law sets; never who is affected. Those who read board packs (strategic leads and
    administrators) read it whoever generates the pack, as they read its other figures."""
    return Restructure.objects.filter(status=RestructureStatus.CONSULTATION)
