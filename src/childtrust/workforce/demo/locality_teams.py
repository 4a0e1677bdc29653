"""The finished restructure: "Three multi-agency locality teams", in place on 1 April 2008.

Before it, the council's family support workers worked in two area teams (North and South), and
health visitors, youth workers and the voluntary sector's family key workers each in their own
agency's teams. The restructure deleted the council's area posts and created its early help
posts in the three locality teams (West, Central and East), with a head of early help; the
health trust's, youth trust's and Itchen Families' posts moved into the locality teams (a new
version of their job descriptions says so). Everyone in those posts on 31 March 2008 was slotted
in to their new or moved post, except the North area's manager, redeployed as head of early help.
No one was made redundant, so there was no collective consultation.

`locality_teams_reshape` changes the plan before it is written (the old posts and holdings, the
moved posts' new job descriptions); `locality_teams_restructure_insert` writes the restructure
once the posts exist."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from childtrust.partnership.models import TeamKind
from childtrust.workforce.demo.loading import Person, WorkforceDemo
from childtrust.workforce.demo.plan import PlannedHolding, PlannedPost
from childtrust.workforce.demo.professions import grade_of, job_description
from childtrust.workforce.models import (
    AffectedOutcome,
    AffectedPerson,
    PostChange,
    PostChangeKind,
    Profession,
    Restructure,
    RestructureStatus,
    SelectionPool,
)

CREATED_ON = datetime.date(2008, 4, 1)
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
    "teams are replaced by three early help teams, one in each locality team, under a new head "
    "of early help. No post is lost: everyone is slotted in to a post in the new structure."
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
class _Slotted:
    person: Person
    old: PlannedPost
    new: PlannedPost


@dataclass
class LocalityTeamsChange:
    """What the reshaping found, for the restructure's records."""

    created: list[PlannedPost]
    slotted: list[_Slotted]
    moved: list[PlannedPost]


def _old_title(demo: WorkforceDemo, new: PlannedPost) -> str:
    area = AREAS.get(demo.localities.get(new.locality_id or 0, ""), "North")
    if new.job_title == HEAD_OF_EARLY_HELP:
        return "Area family support manager (North area)"
    if "manager" in new.job_title.lower():
        return f"Family support team leader ({area} area)"
    return f"Family support worker ({area} area)"


def locality_teams_reshape(demo: WorkforceDemo, posts: list[PlannedPost]) -> LocalityTeamsChange:
    """Gives the council's early help posts their 2008 beginning (and the posts their holders
    held before), and the moved posts their second job description; adds the old posts to
    `posts`."""
    council = demo.agencies[LOCAL_AUTHORITY]
    early_help = [
        post
        for post in posts
        if post.agency == council
        and (
            (post.team is not None and post.team.kind == TeamKind.LOCALITY)
            or post.job_title == HEAD_OF_EARLY_HELP
        )
    ]
    created: list[PlannedPost] = []
    slotted: list[_Slotted] = []
    old_posts: list[PlannedPost] = []
    for post in early_help:
        if post.starts_on is not None:  # a new post, created since
            continue
        post.starts_on = CREATED_ON
        created.append(post)
        for holding in post.holdings:
            if holding.starts_on >= CREATED_ON:
                continue
            title = _old_title(demo, post)
            old = PlannedPost(
                agency=council,
                job_title=title,
                team=None,
                profession=Profession.FAMILY_SUPPORT,
                social_worker=False,
                fte=holding.fte,
                grade=grade_of(title, council.kind, post.level),
                level=post.level,
                ends_on=LAST_OLD_DAY,
            )
            old.holdings.append(
                PlannedHolding(
                    holding.person, holding.fte, holding.starts_on, LAST_OLD_DAY, holding.joined
                )
            )
            holding.starts_on, holding.joined = CREATED_ON, False
            old_posts.append(old)
            slotted.append(_Slotted(holding.person, old, post))
    moved = [
        post
        for post in posts
        if post.agency != council
        and post.team is not None
        and post.team.kind == TeamKind.LOCALITY
        and post.first_day <= LAST_OLD_DAY
    ]
    for post in moved:
        team = post.team.name if post.team else ""
        text = job_description(post.profession, post.job_title, post.level)
        post.changes.append(
            (text + MOVED_TEXT.format(team=team), MOVED_REASON.format(team=team), CREATED_ON)
        )
    posts.extend(old_posts)
    return LocalityTeamsChange(created=created, slotted=slotted, moved=moved)


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
                    "Everyone affected was slotted in to a post in the new structure, with "
                    "their pay protected for three years, a week's induction in their locality "
                    "team and the employee assistance programme."
                ),
                how_to_respond=(
                    "In writing to the head of children's services, or at the individual "
                    "meetings held in October 2007."
                ),
            )
        ],
        relations=("agency", "message", "survey_round", "early_dismissal_acknowledged_by"),
    )
    [pool] = demo.insert(
        SelectionPool,
        [
            SelectionPool(
                restructure=restructure,
                name="Family support team leaders",
                description="Ring-fenced for the three early help team manager posts.",
            )
        ],
        relations=("restructure",),
    )
    leaders = [post for post in change.created if "manager" in post.job_title.lower()]
    changes = [
        PostChange(restructure=restructure, kind=PostChangeKind.DELETE, post=slotted.old.written)
        for slotted in change.slotted
    ]
    changes += [
        PostChange(
            restructure=restructure,
            kind=PostChangeKind.CREATE,
            post=post.written,
            job_title=post.job_title,
            grade=post.grade,
            fte=post.fte,
            team=post.team,
            locality_id=post.locality_id,
            profession=post.profession,
            job_description=job_description(post.profession, post.job_title, post.level),
            pool=pool if post in leaders else None,
        )
        for post in change.created
    ]
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
    affected = [
        AffectedPerson(
            restructure=restructure,
            staff=slotted.person.staff,
            post=slotted.old.written,
            proposal=(
                f"Your post, {slotted.old.job_title}, is deleted. You are slotted in to "
                f"{slotted.new.job_title}"
                + (f" in the {slotted.new.team.name}." if slotted.new.team else ".")
            ),
            pool=pool if slotted.new in leaders else None,
            outcome=(
                AffectedOutcome.REDEPLOYED
                if slotted.new.job_title == HEAD_OF_EARLY_HELP
                else AffectedOutcome.SLOTTED_IN
            ),
            outcome_on=CREATED_ON,
            new_post=slotted.new.written,
        )
        for slotted in change.slotted
    ]
    for post in change.moved:
        holder = post.holder_on(LAST_OLD_DAY)
        if holder is None:
            continue
        team = post.team.name if post.team else ""
        affected.append(
            AffectedPerson(
                restructure=restructure,
                staff=holder.person.staff,
                post=post.written,
                proposal=(
                    f"Your post, {post.job_title}, moves into the {team} with the same duties, "
                    "grade and line manager; its job description adds the team's shared way "
                    "of working."
                ),
                outcome=AffectedOutcome.SLOTTED_IN,
                outcome_on=CREATED_ON,
                new_post=post.written,
            )
        )
    demo.insert(
        AffectedPerson, affected, relations=("restructure", "staff", "post", "pool", "new_post")
    )
