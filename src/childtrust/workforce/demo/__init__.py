"""The demo partnership's workforce: its establishment, three census years of starters, leavers,
absence and caseloads, the published national figures beside it, and two restructures.
Invented, labelled demonstration data; loaded by `childtrust load_demo` after the partnership,
staff voice, outcomes and resources, and before the strategic plan (which may measure it).

- The establishment (establishment.py): a post for every member of staff in post, and for each
  of the 45 people who left in the three census years the post they left (filled again, or
  vacant, some vacancies covered by agency workers); a job description for each post (one text
  per profession, professions.py). The latest census is the last 30 September before the day
  of loading, so the figures never go stale.
- The local authority's social worker posts (social_work.py) are written out post by post so
  that at the latest census turnover is about 16%, vacancies about 19% and agency workers about
  18%, as English authorities' often are, with the two census years before near those.
- Sickness absence (an absence rate near 3%) and caseloads (about 17 cases per FTE) in
  people_records.py.
- Published figures (statistics.py) for England, the South East, Southampton and three
  comparator authorities: DEMONSTRATION FIGURES, invented though of a plausible size, under the
  real areas' names and codes (the records have no field to say so; Southampton's are the demo
  establishment's own counts). Some cells hold the file's symbols (c, x, low, u), and one
  published rate disagrees with its counts and is flagged, as the import would flag it.
- Two restructures: "Three multi-agency locality teams", finished in 2008 (locality_teams.py:
  posts from four agencies moved into the locality teams, everyone slotted in); and "Family
  hubs: early help and social care support" at the council, in consultation (family_hubs.py:
  about 25 proposed redundancies, so the collective duty applies, HR1 sent), launched through
  the workforce's own service (its cascade message and wellbeing survey round) by the strategic
  workforce manager, with one answer to the round from the at-risk team manager (`teammanager`)
  through staff voice's service: fewer than 10, so its results are not shown.
- The two workforce managers' accounts: `workforce` (no remit) and `hrlead`, limited by a remit
  to the health trust.

Records are written in bulk, straight into the workforce's tables, with one audit event per kind
of record (the launch and the survey answer are recorded by their services). Given the same day
and seed the data is the same."""

from __future__ import annotations

import datetime

from django.db import models, transaction

from childtrust.accounts.models import User
from childtrust.partnership.demo.loader import demo_created_record
from childtrust.partnership.selectors.staff import staff_record_with_username
from childtrust.voice.models import QuestionKind
from childtrust.voice.services.surveys import survey_answer
from childtrust.workforce.demo.establishment import EstablishmentPlan, establishment_insert
from childtrust.workforce.demo.family_hubs import (
    FamilyHubs,
    family_hubs_consultation_insert,
    family_hubs_insert,
)
from childtrust.workforce.demo.loading import SEED, WorkforceDemo, WorkforceDemoRefusedError
from childtrust.workforce.demo.locality_teams import (
    locality_teams_reshape,
    locality_teams_restructure_insert,
)
from childtrust.workforce.demo.people_records import absence_insert, caseloads_insert
from childtrust.workforce.demo.statistics import statistics_insert
from childtrust.workforce.models import Post, WorkforceRemit, WorkforceStatistic
from childtrust.workforce.services.launch import restructure_launch

SOURCE = "demo data"
WORKFORCE_MANAGER = "workforce"
HR_LEAD = "hrlead"
HR_LEAD_AGENCY = "community-health"
#: The one answer to the family hubs restructure's wellbeing round, from the at-risk early help
#: team manager: fewer than voice's minimum group of 10, so its results are not shown.
SURVEY_ANSWERER = "teammanager"
WELLBEING_SCORES = (3, 4, 2, 1)
WELLBEING_TEXT = (
    "I am worried about the families we will stop seeing, and about my own job. The support "
    "from my manager has been good."
)


def workforce_has_records() -> bool:
    return Post.objects.exists() or WorkforceStatistic.objects.exists()


def _account(username: str) -> User:
    staff = staff_record_with_username(username)
    if staff is None or staff.user is None:
        raise WorkforceDemoRefusedError(f"The demo partnership has no '{username}' account.")
    return staff.user


@transaction.atomic
def workforce_demo_load(
    *, today: datetime.date | None = None, seed: int = SEED
) -> dict[type[models.Model], int]:
    """Loads the demo's workforce on top of the demo partnership, in one transaction, and
    records one audit event per kind of record created. Returns how many of each it created.
    Raises WorkforceDemoRefusedError when the workforce already has records."""
    if workforce_has_records():
        raise WorkforceDemoRefusedError("The workforce already has posts or published figures.")
    demo = WorkforceDemo(today=today, seed=seed)
    posts = EstablishmentPlan(demo).build()
    locality_teams = locality_teams_reshape(demo, posts)
    establishment_insert(demo, posts)
    absence_insert(demo, posts)
    caseloads_insert(demo, posts)
    statistics_insert(demo)
    locality_teams_restructure_insert(demo, locality_teams)
    family_hubs = family_hubs_insert(demo, posts)
    demo.insert(
        WorkforceRemit,
        [WorkforceRemit(user=_account(HR_LEAD), agency=demo.agencies[HR_LEAD_AGENCY])],
        relations=("user", "agency"),
    )
    workforce_manager = _account(WORKFORCE_MANAGER)
    _launch(demo, family_hubs, actor=workforce_manager)
    family_hubs_consultation_insert(demo, family_hubs, answered_by=workforce_manager)
    created = dict(demo.created)
    demo_created_record(created, source=SOURCE)
    return created


def _launch(demo: WorkforceDemo, family_hubs: FamilyHubs, *, actor: User) -> None:
    """Consultation begins: the launch (the cascade message to those at risk and their
    managers, and a wellbeing round for those at risk), through the workforce's own service in
    the strategic workforce manager's name; and one answer to the round, through staff voice's
    service, from the at-risk team manager."""
    restructure = restructure_launch(
        actor=actor, restructure=family_hubs.restructure, today=demo.today
    )
    survey_round = restructure.survey_round
    if survey_round is None:  # the launch opens it; without it there is nothing to answer
        return
    answers: dict[int, int | str | None] = {}
    for question in survey_round.survey.questions.all():
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = WELLBEING_SCORES[len(answers) % len(WELLBEING_SCORES)]
        else:
            answers[question.pk] = WELLBEING_TEXT
    survey_answer(
        actor=_account(SURVEY_ANSWERER),
        survey_round=survey_round,
        answers=answers,
        today=demo.today,
    )
