"""The finished restructure: "Three multi-agency locality teams", in place on 1 April 2008.

Before it, the council's family support workers worked in two area teams (North and South), and
health visitors, youth workers and the voluntary sector's family key workers each in their own
agency's teams. The restructure moved the council's family support posts (retitled as early help
posts), the health trust's, the youth trust's and Itchen Families' posts into the three locality
teams (West, Central and East): a new version of each moved post's job description says so. It
deleted the two area family support manager posts (both vacant) and created a post of head of
early help. Everyone in a moved post on 31 March 2008 was slotted in to it; no one was made
redundant, so there was no collective consultation.

No one's holding ends with it (the people stay in their posts), so the national measures'
census years start with the demo's three, not in 2008: a year before any leaver is recorded
would show only those who stayed.

`locality_teams_reshape` changes the plan before it is written (the moved posts' new job
descriptions, the deleted posts); `locality_teams_restructure_insert` writes the restructure
once the posts exist."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from childtrust.partnership.models import TeamKind
from childtrust.workforce.demo.loading import WorkforceDemo
from childtrust.workforce.demo.plan import FULL_TIME, PlannedPost
from childtrust.workforce.demo.professions import grade_of, job_description
from childtrust.workforce.models import (
    AffectedOutcome,
    AffectedPerson,
    PostChange,
    PostChangeKind,
    Profession,
    Restructure,
    RestructureStatus,
)

CREATED_ON = datetime.date(2008, 4, 1)
AREA_TEAMS_FROM = datetime.date(1999, 4, 1)
LAST_OLD_DAY = datetime.date(2008, 3, 31)
LOCAL_AUTHORITY = "childrens-services"
HEAD_OF_EARLY_HELP = "Head of early help"
AREAS = {"West": "North", "Central": "North", "East": "South"}
TITLE = "Three multi-agency locality teams"
REASON = (
    "The Children Act 2004 asks the partners of the children's trust to work together around "
    "the child. Family support, health visiting, youth work and family key work move from "
    "single-agency area teams into three multi-agency locality teams (West, Central and East), "
    "each working from one base with a shared caseload. The council's two area family support "
    "teams become three early help teams, one in each locality team, under a new head of early "
    "help; the two area manager posts, both vacant, are deleted. No one loses their post: "
    "everyone is slotted in to their post in its new team."
)
MOVED_REASON = (
    "Moved into the {team} (restructure: three multi-agency locality teams, 1 April 2008)"
)
MOVED_TEXT = (
    " Works from the {team}'s base as one of its multi-agency members, sharing the team's "
    "caseload, meetings and early help assessments with colleagues from the other agencies; "
    "line management stays with the employing agency."
)


@dataclass
class LocalityTeamsChange:
    """What the reshaping found, for the restructure's records."""

    created: PlannedPost | None
    deleted: list[PlannedPost]
    moved: list[PlannedPost]


def _old_title(demo: WorkforceDemo, post: PlannedPost) -> str:
    """A council early help post's title before 2008."""
    area = AREAS.get(demo.localities.get(post.locality_id or 0, ""), "North")
    if "manager" in post.job_title.lower():
        return f"Family support team leader ({area} area)"
    return f"Family support worker ({area} area)"


def locality_teams_reshape(demo: WorkforceDemo, posts: list[PlannedPost]) -> LocalityTeamsChange:
    """Gives the moved posts their second job description, and adds the deleted area manager
    posts to `posts`."""
    council = demo.agencies[LOCAL_AUTHORITY]
    created = next(
        (p for p in posts if p.agency == council and p.job_title == HEAD_OF_EARLY_HELP), None
    )
    if created is not None:
        created.starts_on = CREATED_ON
    moved = [
        post
        for post in posts
        if post.team is not None
        and post.team.kind == TeamKind.LOCALITY
        and post.first_day <= LAST_OLD_DAY
    ]
    for post in moved:
        team = post.team.name if post.team else ""
        reason = MOVED_REASON.format(team=team)
        if post.agency == council:
            reason = f"Retitled from {_old_title(demo, post)}; " + reason[0].lower() + reason[1:]
        text = job_description(post.profession, post.job_title, post.level)
        post.changes.append((text + MOVED_TEXT.format(team=team), reason, CREATED_ON))
    deleted = [
        PlannedPost(
            agency=council,
            job_title=f"Area family support manager ({area} area)",
            team=None,
            profession=Profession.FAMILY_SUPPORT,
            social_worker=False,
            fte=FULL_TIME,
            grade=grade_of("Area family support manager", council.kind, 3),
            level=3,
            starts_on=AREA_TEAMS_FROM,
            ends_on=LAST_OLD_DAY,
        )
        for area in ("North", "South")
    ]
    posts.extend(deleted)
    return LocalityTeamsChange(created=created, deleted=deleted, moved=moved)


def locality_teams_restructure_insert(demo: WorkforceDemo, change: LocalityTeamsChange) -> None:
    """The finished restructure, its pool, post changes and the people it slotted in."""
    council = demo.agencies[LOCAL_AUTHORITY]
    [restructure] = demo.insert(
        Restructure,
        [
            Restructure(
                title=TITLE,
                reason=REASON,
                agency=council,
                status=RestructureStatus.FINISHED,
                proposed_redundancies=0,
                consultation_starts_on=datetime.date(2007, 10, 1),
                consultation_ends_on=datetime.date(2007, 11, 30),
                decision_on=datetime.date(2007, 12, 17),
                implemented_on=CREATED_ON,
                support_offered=(
                    "Everyone affected was slotted in to their post in its new team, with a "
                    "week's induction in their locality team, help with travel to the new bases "
                    "for a year, and the employee assistance programme."
                ),
                how_to_respond=(
                    "In writing to the head of children's services, or at the individual "
                    "meetings held in October 2007."
                ),
            )
        ],
        relations=("agency", "message", "survey_round", "early_dismissal_acknowledged_by"),
    )
    changes = [
        PostChange(restructure=restructure, kind=PostChangeKind.DELETE, post=post.written)
        for post in change.deleted
    ]
    if change.created is not None:
        head = change.created
        changes.append(
            PostChange(
                restructure=restructure,
                kind=PostChangeKind.CREATE,
                post=head.written,
                job_title=head.job_title,
                grade=head.grade,
                fte=head.fte,
                team=head.team,
                locality_id=head.locality_id,
                profession=head.profession,
                job_description=job_description(head.profession, head.job_title, head.level),
            )
        )
    changes += [
        PostChange(
            restructure=restructure,
            kind=PostChangeKind.CHANGE,
            post=post.written,
            job_title=post.job_title,
            grade=post.grade,
            fte=post.fte,
            team=post.team,
            locality_id=post.locality_id,
            profession=post.profession,
            job_description=post.changes[0][0],
        )
        for post in change.moved
    ]
    demo.insert(PostChange, changes, relations=("restructure", "post", "team", "locality", "pool"))
    affected = []
    for post in change.moved:
        holder = post.holder_on(LAST_OLD_DAY)
        if holder is None:
            continue
        team = post.team.name if post.team else ""
        retitled = post.agency == council
        was = _old_title(demo, post) if retitled else post.job_title
        affected.append(
            AffectedPerson(
                restructure=restructure,
                staff=holder.person.staff,
                post=post.written,
                proposal=(
                    f"Your post, {was}, moves into the {team}"
                    + (f" as {post.job_title}" if retitled else "")
                    + ", with the same grade and line manager; its job description adds the "
                    "team's shared way of working."
                ),
                outcome=AffectedOutcome.SLOTTED_IN,
                outcome_on=CREATED_ON,
                new_post=post.written,
            )
        )
    demo.insert(
        AffectedPerson, affected, relations=("restructure", "staff", "post", "pool", "new_post")
    )
