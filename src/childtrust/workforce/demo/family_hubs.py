"""The restructure in consultation: "Family hubs: early help and social care support", at the
council (the local authority's children's services).

It deletes the council's early help posts in the three locality teams and six social care
support posts (contact officers, personal advisers, family finders), and creates five posts for
three family hubs: a manager, a practitioner in each locality, and a family support officer.
Everyone in a deleted post is at risk, in one of three selection pools; with five new posts for
about thirty people, about 25 dismissals as redundant are proposed at one establishment, so the
collective duty applies: consultation for at least 30 days before the first dismissal takes
effect, and form HR1 to the Secretary of State by the same deadline (sent the day before
consultation began).

Consultation begins on the day the demo is loaded, when the restructure is launched (its
cascade message and wellbeing survey round); the first individual meetings are held that day
(at-risk letters are handed over in person), and three people have already responded, one of
them answered by the strategic workforce manager."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.partnership.models import TeamKind
from childtrust.workforce.demo.loading import WorkforceDemo
from childtrust.workforce.demo.plan import FULL_TIME, PlannedPost
from childtrust.workforce.demo.professions import job_description
from childtrust.workforce.models import (
    AffectedPerson,
    ConsultationMeeting,
    ConsultationResponse,
    MeetingKind,
    PostChange,
    PostChangeKind,
    Profession,
    Restructure,
    RestructureStatus,
    SelectionPool,
)

LOCAL_AUTHORITY = "childrens-services"
TITLE = "Family hubs: early help and social care support"
REASON = (
    "The council must save £1.2 million from children's services next year, and the "
    "government's family hubs programme asks for one place in each locality where families "
    "find early help. It is proposed to replace the three early help teams with three family "
    "hubs, one in each locality team's base, and to bring the contact officers, personal "
    "advisers and family finders into one support role. The new structure has five posts "
    "where there are now about thirty."
)
SUPPORT_ROLES = ("Contact officer", "Personal adviser", "Family finder")
SUPPORT_OFFERED = (
    "Everyone at risk may apply for the new posts in their pool before anyone else, and for "
    "any other vacancy in the council as a redeployee, with a four-week trial. The employee "
    "assistance programme (free, confidential counselling, day or night: 0800 030 5182) is "
    "open to you and your family. HR surgeries every Tuesday at the civic centre; time off to "
    "look for work and for training; help with a CV and interviews from the council's "
    "careers service."
)
HOW_TO_RESPOND = (
    "Respond on this page, at your individual consultation meetings, or through your trade "
    "union, by the day consultation ends. Every response is answered in writing, and the "
    "responses and answers are published (without names) before a decision is made."
)


@dataclass(frozen=True)
class NewPost:
    title: str
    grade: str
    pool: str
    locality_team: str = ""  # the locality team whose base it works from, if one


POOLS = {
    "Early help team managers": "The three early help team managers, for the family hub "
    "manager post.",
    "Early help practitioners": "The early help practitioners of the three locality teams, for "
    "the three family hub practitioner posts (one in each locality).",
    "Social care support roles": "Contact officers, personal advisers and family finders, for "
    "the family support officer post.",
}
NEW_POSTS = (
    NewPost("Family hub manager", "Grade 12", "Early help team managers"),
    NewPost("Family hub practitioner", "Grade 8", "Early help practitioners", "West Locality Team"),
    NewPost(
        "Family hub practitioner", "Grade 8", "Early help practitioners", "Central Locality Team"
    ),
    NewPost("Family hub practitioner", "Grade 8", "Early help practitioners", "East Locality Team"),
    NewPost("Family support officer", "Grade 7", "Social care support roles"),
)

MEETING_NOTES = (
    "At-risk meeting: the proposal and the selection pool explained, the at-risk letter "
    "handed over, the employee assistance programme and the HR surgeries offered. Next "
    "meeting booked for two weeks' time."
)
RESPONSES = (
    (
        "teammanager",
        "The proposal leaves one manager for three hubs and about forty open early help "
        "plans in each locality. Who will supervise the family hub practitioners day to day, "
        "and who will hold the plans that close when the early help teams do?",
        "The family hub manager will supervise the three practitioners, with monthly group "
        "supervision from the head of early help. Open plans will be reviewed with each "
        "family before the change: those needing more help move to the family hubs, the rest "
        "close with a plan for support from school or health visiting. We will publish the "
        "supervision arrangements with the final structure.",
    ),
    (
        "practitioner",
        "I have worked in the West locality team for years and know its families. How will "
        "the selection for the three family hub practitioner posts be made, and will my early "
        "help assessments and the families' feedback count?",
        "",
    ),
    (
        "",
        "Several of us work part-time around childcare. Will the new posts be open to job "
        "shares, and will the redeployment trial be shortened for part-time staff?",
        "",
    ),
)


def _pool_of(post: PlannedPost) -> str:
    if post.job_title in SUPPORT_ROLES:
        return "Social care support roles"
    if "manager" in post.job_title.lower():
        return "Early help team managers"
    return "Early help practitioners"


def _affected_posts(demo: WorkforceDemo, posts: list[PlannedPost]) -> list[PlannedPost]:
    council = demo.agencies[LOCAL_AUTHORITY]
    return [
        post
        for post in posts
        if post.agency == council
        and post.ends_on is None
        and (
            (post.team is not None and post.team.kind == TeamKind.LOCALITY)
            or post.job_title in SUPPORT_ROLES
        )
    ]


@dataclass(frozen=True)
class FamilyHubs:
    restructure: Restructure
    at_risk: list[AffectedPerson]


def family_hubs_insert(demo: WorkforceDemo, posts: list[PlannedPost]) -> FamilyHubs:
    """The restructure as proposed, ready to launch: its pools, post changes and the people at
    risk (launching it begins consultation)."""
    today = demo.today
    affected_posts = _affected_posts(demo, posts)
    held = [(post, post.holder_on(today)) for post in affected_posts]
    at_risk = [(post, holder) for post, holder in held if holder is not None]
    [restructure] = demo.insert(
        Restructure,
        [
            Restructure(
                title=TITLE,
                reason=REASON,
                agency=demo.agencies[LOCAL_AUTHORITY],
                status=RestructureStatus.PROPOSED,
                proposed_redundancies=len(at_risk) - len(NEW_POSTS),
                consultation_starts_on=today,
                consultation_ends_on=today + datetime.timedelta(days=45),
                decision_on=today + datetime.timedelta(days=52),
                first_dismissal_on=today + datetime.timedelta(days=91),
                hr1_notified_on=today - datetime.timedelta(days=1),
                hr1_reference=f"HR1/{today:%Y}/SOU/0412",
                support_offered=SUPPORT_OFFERED,
                how_to_respond=HOW_TO_RESPOND,
            )
        ],
        relations=("agency", "message", "survey_round", "early_dismissal_acknowledged_by"),
    )
    pools = {
        pool.name: pool
        for pool in demo.insert(
            SelectionPool,
            [
                SelectionPool(restructure=restructure, name=name, description=description)
                for name, description in POOLS.items()
            ],
            relations=("restructure",),
        )
    }
    changes = [
        PostChange(
            restructure=restructure,
            kind=PostChangeKind.DELETE,
            post=post.written,
            pool=pools[_pool_of(post)],
        )
        for post in affected_posts
    ]
    for new in NEW_POSTS:
        team = demo.teams.get(new.locality_team) if new.locality_team else None
        changes.append(
            PostChange(
                restructure=restructure,
                kind=PostChangeKind.CREATE,
                job_title=new.title,
                grade=new.grade,
                fte=FULL_TIME,
                team=team,
                locality_id=team.locality_id if team else None,
                profession=Profession.FAMILY_SUPPORT,
                job_description=job_description(Profession.FAMILY_SUPPORT, new.title, 3)
                if "manager" in new.title
                else job_description(Profession.FAMILY_SUPPORT, new.title, 4),
                pool=pools[new.pool],
            )
        )
    demo.insert(PostChange, changes, relations=("restructure", "post", "team", "locality", "pool"))
    affected = demo.insert(
        AffectedPerson,
        [
            AffectedPerson(
                restructure=restructure,
                staff=holder.person.staff,
                post=post.written,
                proposal=_proposal(post, _pool_of(post), holder.fte),
                pool=pools[_pool_of(post)],
                at_risk=True,
            )
            for post, holder in at_risk
        ],
        relations=("restructure", "staff", "post", "pool", "new_post"),
    )
    return FamilyHubs(restructure, affected)


def _proposal(post: PlannedPost, pool: str, fte: Decimal) -> str:
    new = [n for n in NEW_POSTS if n.pool == pool]
    titles = f"{len(new)} {new[0].title} post" + ("s" if len(new) > 1 else "")
    return (
        f"Your post, {post.job_title} ({post.written.reference}, {fte:.2f} FTE), is proposed "
        f"for deletion. You are at risk of redundancy and in the selection pool "
        f"'{pool}' for the {titles} of the new structure. If you are not selected, you will "
        "be offered redeployment to any suitable vacancy before any dismissal."
    )


def family_hubs_consultation_insert(
    demo: WorkforceDemo, family_hubs: FamilyHubs, *, answered_by: User
) -> None:
    """The first day's individual meetings and the responses so far, one answered. Written
    after the launch: consultation begins then."""
    affected = family_hubs.at_risk
    by_account = {a.staff.user.username: a for a in affected if a.staff.user is not None}
    others = [a for a in affected if a.staff.user is None]
    firsts = [by_account.get("teammanager"), by_account.get("practitioner"), *others[:2]]
    meetings = [
        ConsultationMeeting(
            affected=person,
            kind=MeetingKind.INDIVIDUAL,
            held_on=demo.today,
            attendees=f"{person.staff}; their manager; an HR adviser; a trade union representative",
            notes=MEETING_NOTES,
        )
        for person in firsts
        if person is not None
    ]
    demo.insert(ConsultationMeeting, meetings, relations=("affected",))
    now = timezone.now()
    responses = []
    for account, text, answer in RESPONSES:
        person = by_account.get(account) if account else (others[0] if others else None)
        if person is None:
            continue
        responses.append(
            ConsultationResponse(
                affected=person,
                text=text,
                submitted_at=now,
                answer=answer,
                answered_by=answered_by if answer else None,
                answered_at=now if answer else None,
            )
        )
    demo.insert(ConsultationResponse, responses, relations=("affected", "answered_by"))
