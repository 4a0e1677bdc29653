"""The strategy benchmark's scratch plan (benchmarks/strategy.py, part (a)): a plan with
objectives, milestones and measures whose figures come from every kind of source, written
straight to a throwaway database inside the benchmark's worker process (Django set up)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

OBJECTIVES = 50
MILESTONES_EACH = 10
MEASURES_EACH = 4
# The measures' sources, in a repeating cycle of 15: 6 indicators (40%), one each of the staff
# voice's three kinds (20%), 6 by hand (40%). Five objectives' 20 measures hold every kind.
SOURCE_CYCLE = (
    ["indicator"] * 6 + ["message_reach", "survey_theme", "feedback_on_time"] + ["manual"] * 6
)
INDICATORS = 12
MESSAGES = 3
MESSAGE_RECIPIENTS = 40
SURVEY_RESPONSES = 30
FEEDBACK = 24


def plan_sources(plan: Any, owner: Any) -> dict[str, Any]:
    """What the measures' figures come from, as the other apps hold them: indicators with a
    figure (and its 95% interval) for the partnership's local authority (the one a locality
    sits in) and for England, as the outcomes demo loads them; published messages with their
    recipients, some of whom confirmed they understood; a survey with a closed round answered
    by more than the minimum group size; and feedback answered, mostly on time. Written in
    bulk, not through the services: this times the plan page's reads, not their checks."""
    import datetime

    from django.utils import timezone

    from childtrust.outcomes.models import (
        Area,
        AreaType,
        DataPoint,
        DataSource,
        Indicator,
        Polarity,
        ValueType,
    )
    from childtrust.partnership.models import StaffMember
    from childtrust.voice.models import (
        Feedback,
        FeedbackKind,
        FeedbackStatus,
        Message,
        MessageStatus,
        QuestionKind,
        Recipient,
        Survey,
        SurveyAnswer,
        SurveyQuestion,
        SurveyResponse,
        SurveyRound,
        SurveyTheme,
    )

    today = timezone.localdate()
    now = timezone.now()
    england = Area.objects.create(code="E92000001", name="England", area_type=AreaType.ENGLAND)
    city = Area.objects.create(
        code="E06000045", name="Southampton", area_type=AreaType.LOCAL_AUTHORITY, parent=england
    )
    Area.objects.create(code="L1", name="City centre", area_type=AreaType.LOCALITY, parent=city)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            external_id=f"bench-{n}",
            name=f"Benchmark indicator {n}",
            polarity=Polarity.HIGH_IS_GOOD,
            value_type=ValueType.PROPORTION,
            multiplier=100,
        )
        for n in range(INDICATORS)
    )
    period = f"{plan.start_year}/{(plan.start_year + 1) % 100:02d}"
    starts = datetime.date(plan.start_year, 4, 1)
    DataPoint.objects.bulk_create(
        DataPoint(
            indicator=indicator,
            area=area,
            period=period,
            period_start=starts,
            value=value,
            lower_95=value - 3,
            upper_95=value + 3,
            source=DataSource.IMPORTED,
        )
        for n, indicator in enumerate(indicators)
        for area, value in ((england, 55.0), (city, 47.0 + n % 8))
    )
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            given_name="Staff",
            family_name=f"Member {n}",
            email=f"staff{n}@example.org",
            job_title="Practitioner",
            agency=owner.agency,
        )
        for n in range(MESSAGE_RECIPIENTS)
    )
    messages = Message.objects.bulk_create(
        Message(
            sender=owner,
            title=f"Benchmark message {n}",
            body="The front door opens in April.",
            status=MessageStatus.PUBLISHED,
            brief_by=today,
            published_at=now,
            version_published_at=now,
        )
        for n in range(MESSAGES)
    )
    Recipient.objects.bulk_create(
        Recipient(
            message=message,
            staff=person,
            manager=owner,
            level=2,
            agency=owner.agency,
            understood_at=now if (k + n) % 3 else None,
        )
        for n, message in enumerate(messages)
        for k, person in enumerate(staff)
    )
    survey = Survey.objects.create(title="Benchmark pulse survey")
    themes = [SurveyTheme.CLARITY, SurveyTheme.INVOLVEMENT, SurveyTheme.CONFIDENCE]
    questions = SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey, text=f"Statement on {theme}", kind=QuestionKind.LIKERT, theme=theme
        )
        for theme in themes
    )
    survey_round = SurveyRound.objects.create(
        survey=survey,
        number=1,
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=16),
        invited=MESSAGE_RECIPIENTS,
    )
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(round=survey_round, agency=owner.agency, level=2)
        for _ in range(SURVEY_RESPONSES)
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=question, score=1 + (n + q) % 5)
        for n, response in enumerate(responses)
        for q, question in enumerate(questions)
    )
    Feedback.objects.bulk_create(
        Feedback(
            kind=FeedbackKind.CONCERN,
            subject=f"Feedback {n}",
            text="Meetings clash with the school run.",
            raised_by=staff[n % len(staff)],
            owner=owner,
            raised_on=today - timedelta(days=30),
            respond_by=today - timedelta(days=16 if n % 4 else 31),
            status=FeedbackStatus.RESPONDED,
            response="We have moved them.",
            responded_at=now - timedelta(days=17),
        )
        for n in range(FEEDBACK)
    )
    return {"indicators": indicators, "messages": messages, "survey": survey, "themes": themes}


def _source_links(n: int, sources: dict[str, Any]) -> dict[str, Any]:
    """The nth measure's source and its link, by SOURCE_CYCLE."""
    kind = SOURCE_CYCLE[n % len(SOURCE_CYCLE)]
    links: dict[str, Any] = {"source": kind}
    if kind == "indicator":
        links["indicator"] = sources["indicators"][n % len(sources["indicators"])]
    elif kind == "message_reach":
        links["message"] = sources["messages"][n % len(sources["messages"])]
    elif kind == "survey_theme":
        links["survey"] = sources["survey"]
        links["survey_theme"] = sources["themes"][n % len(sources["themes"])]
    return links


def plan_objectives_add(
    plan: Any, first: int, count: int, owner: Any, priority: Any, sources: dict[str, Any]
) -> None:
    """`count` objectives numbered from `first`, each with its milestones (in every status, some
    overdue) and its measures (a target for every plan year; their sources mixed by
    SOURCE_CYCLE, those by hand with a figure entered)."""
    from django.utils import timezone

    from childtrust.strategy.models import (
        Direction,
        Measure,
        MeasureReading,
        MeasureSource,
        MeasureTarget,
        Milestone,
        MilestoneStatus,
        Objective,
    )

    today = timezone.localdate()
    statuses = [s for s in MilestoneStatus if s != MilestoneStatus.DROPPED]
    objectives = Objective.objects.bulk_create(
        Objective(plan=plan, title=f"Objective {n}", owner=owner, position=n)
        for n in range(first, first + count)
    )
    for objective in objectives:
        objective.priorities.set([priority])
    Milestone.objects.bulk_create(
        Milestone(
            objective=objective,
            title=f"{objective.title}, milestone {m}",
            due_on=max(plan.starts_on, today + timedelta(days=37 * m - 120)),
            owner=owner,
            status=statuses[(m + objective.position) % len(statuses)],
        )
        for objective in objectives
        for m in range(MILESTONES_EACH)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            objective=objective,
            title=f"{objective.title}, measure {k}",
            unit="%",
            direction=Direction.HIGHER,
            baseline=50.0,
            baseline_period=f"{plan.start_year - 1}-{plan.start_year % 100:02d}",
            position=k,
            **_source_links(objective.position * MEASURES_EACH + k, sources),
        )
        for objective in objectives
        for k in range(MEASURES_EACH)
    )
    MeasureTarget.objects.bulk_create(
        MeasureTarget(measure=measure, year=year, value=50.0 + 2 * (year - plan.start_year + 1))
        for measure in measures
        for year in range(plan.start_year, plan.end_year + 1)
    )
    MeasureReading.objects.bulk_create(
        MeasureReading(
            measure=measure,
            value=50.0 + (measure.pk % 5),
            measured_on=today - timedelta(days=20),
            source="Benchmark figures",
        )
        for measure in measures
        if measure.source == MeasureSource.MANUAL
    )
