"""The demo's feedback: suggestions and concerns, named and anonymous, some answered within the
target and some past it, and how many staff have read each published response."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from childtrust.core.calendar import add_working_days
from childtrust.partnership.models import Agency, StaffMember
from childtrust.voice.demo.loading import DemoLoad, VoiceDemoRefusedError
from childtrust.voice.models import Feedback, FeedbackKind, FeedbackReach, FeedbackStatus
from childtrust.voice.selectors.feedback import feedback_agency_head


@dataclass(frozen=True)
class FeedbackSpec:
    kind: FeedbackKind
    subject: str
    text: str
    about: str  # agency slug; "" for the partnership as a whole
    days_ago: int  # raised this many calendar days ago (on the working day at or before)
    anonymous: bool = False
    raised_by_account: str = ""  # a demo sign-in whose staff record raised it
    response: str = ""  # empty while open
    respond_after: int = 0  # working days from raising to the response
    published: bool = True


FEEDBACK: tuple[FeedbackSpec, ...] = (
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Locality team meetings clash with the school run",
        "Our locality team meeting starts at 8.30, when several of us are taking children to "
        "school. Could it start at 10 instead?",
        "childrens-services",
        50,
        raised_by_account="practitioner",
        response="From next month locality team meetings start at 10am, and the notes go round "
        "the same day for anyone who cannot come.",
        respond_after=6,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Too many forms for the same family",
        "I fill in three different early help forms for one family, and the family is asked the "
        "same questions three times.",
        "",
        44,
        anonymous=True,
        response="You are right. From next month there is one early help assessment for every "
        "agency, shared with the family's consent (see the message 'Early help assessment: the "
        "new form').",
        respond_after=8,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Health visitors were not told about the new front door",
        "Several health visitors in the west heard about the locality front door from families "
        "before we heard about it from our managers.",
        "community-health",
        40,
        response="We are sorry. Every health visiting team has now been briefed, and from now "
        "on messages about the change reach team leaders before they are announced.",
        respond_after=13,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Share case notes across agencies",
        "It would save time if the locality team could see the notes other agencies hold about "
        "a family we all support.",
        "",
        35,
        response="The partnership is building one child index that links each agency's records, "
        "with the family's consent and strict rules on who sees what. Locality teams will be "
        "the first to use it.",
        respond_after=4,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Parking at the Central locality base",
        "There is nowhere to park at the Central base, so home visits start late.",
        "childrens-services",
        30,
        response="We have arranged six permits at the council car park next door; ask your team "
        "manager for one.",
        respond_after=9,
        published=False,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Worry about jobs in the restructure",
        "People in my team are worried that bringing services together means losing jobs. "
        "Nobody has said anything either way.",
        "",
        28,
        anonymous=True,
        response="No one will lose their job because services are joined up in localities. "
        "Some people will work from a different base; your manager will talk with you before "
        "anything changes.",
        respond_after=3,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Training on the new assessment form",
        "Designated safeguarding leads in schools would like training on the new early help "
        "assessment before it starts.",
        "education-partnership",
        21,
        response="Four training sessions for designated safeguarding leads are booked for the "
        "next two weeks; places are on the Education Partnership's training pages.",
        respond_after=7,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Invite the voluntary sector to locality meetings",
        "Our family support workers know many of the same families but are not invited to the "
        "locality team meetings.",
        "itchen-families",
        18,
        response="Voluntary sector key workers are now invited to every locality team meeting, "
        "starting this month.",
        respond_after=5,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Night-time cover at the MASH",
        "After 5pm police officers at the MASH have no social worker to talk to about a child.",
        "police-ppu",
        26,
        anonymous=True,
    ),
    FeedbackSpec(
        FeedbackKind.CONCERN,
        "Caseloads in the East locality",
        "Early help caseloads in the East have risen by a third since the locality front door "
        "opened, and no one has been added to the team.",
        "childrens-services",
        22,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "CAMHS waiting times for schools",
        "Schools would find it easier to support pupils if they knew how long the CAMHS wait is "
        "in each locality.",
        "camhs",
        9,
        raised_by_account="teammanager",
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "A who's who for each locality team",
        "A page listing who works in each locality team, from every agency, with a photo and "
        "how to reach them.",
        "",
        3,
    ),
    FeedbackSpec(
        FeedbackKind.SUGGESTION,
        "Interpreters for families at the front door",
        "Families who do not speak English wait longer at the front door while we find an "
        "interpreter. Could the MASH have a telephone interpreting line?",
        "childrens-services",
        1,
        anonymous=True,
    ),
)
READ_SHARE_PER_WEEK = 0.06  # of staff, for each week a response has been published
READ_SHARE_MAX = 0.55


def feedback_demo_load(load: DemoLoad) -> None:
    accounts = {
        person.staff.user.username: person.staff
        for person in load.people
        if person.staff.user is not None
    }
    feedback = []
    for spec in FEEDBACK:
        agency = load.agencies[spec.about] if spec.about else None
        owner = feedback_agency_head(agency) if agency else load.director
        if owner is None:
            raise VoiceDemoRefusedError(f"{agency} has no head to answer feedback.")
        raised_on = load.working_day_at_or_before(load.today - timedelta(days=spec.days_ago))
        item = Feedback(
            kind=spec.kind,
            subject=spec.subject,
            text=spec.text,
            agency=agency,
            owner=owner,
            raised_on=raised_on,
            respond_by=add_working_days(raised_on, settings.FEEDBACK_RESPONSE_WORKING_DAYS),
            anonymous=spec.anonymous,
            raised_by=None if spec.anonymous else _raiser(load, spec, agency, owner, accounts),
        )
        if spec.response:
            answered_on = add_working_days(raised_on, spec.respond_after)
            item.status = FeedbackStatus.RESPONDED
            item.response = spec.response
            item.responded_at = min(load.at(answered_on, 14.5), load.now)
            item.published = spec.published
        feedback.append(item)
    created = load.insert(Feedback, feedback, relations=("raised_by", "agency", "owner"))
    _anonymous_feedback_dated(created)
    _feedback_reach(load, created)


def _anonymous_feedback_dated(feedback: list[Feedback]) -> None:
    """Anonymous feedback keeps the start of its day as its created and modified times, as
    feedback_raise saves it (bulk_create stamps the moment of loading)."""
    zone = timezone.get_current_timezone()
    for item in feedback:
        if item.anonymous:
            start = datetime.combine(item.raised_on, time(), zone)
            Feedback.objects.filter(pk=item.pk).update(created_at=start, modified_at=start)


def _raiser(
    load: DemoLoad,
    spec: FeedbackSpec,
    agency: Agency | None,
    owner: StaffMember,
    accounts: dict[str, StaffMember],
) -> StaffMember:
    if spec.raised_by_account:
        return accounts[spec.raised_by_account]
    candidates = [
        person.staff
        for person in load.people
        if person.level >= 3
        and person.staff.pk != owner.pk
        and (agency is None or person.staff.agency_id == agency.pk)
    ]
    return load.rng.choice(candidates)


def _feedback_reach(load: DemoLoad, feedback: list[Feedback]) -> None:
    reads = []
    for item in feedback:
        if not item.published or item.responded_at is None:
            continue
        weeks = (load.now - item.responded_at).days / 7
        share = min(READ_SHARE_MAX, READ_SHARE_PER_WEEK * (1 + weeks))
        readers = load.rng.sample(load.people, round(share * len(load.people)))
        reads += [
            FeedbackReach(
                feedback=item,
                staff=person.staff,
                read_at=load.between(item.responded_at, load.now),
            )
            for person in readers
        ]
    load.insert(FeedbackReach, reads, relations=("feedback", "staff"))
