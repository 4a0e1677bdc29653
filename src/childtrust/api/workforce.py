"""The workforce to read (issue 13): the establishment's posts with their figures, one post with
its holders, the national workforce measures of a census year, and restructures with what the
law on collective redundancy asks of each. The same rules as the pages, asked of
workforce/access.py:

- posts: those the caller may see (access.posts_visible_to: every post for workforce managers
  and auditors, within a workforce manager's remit; their teams' posts for team managers; their
  own post for anyone else); one post they may not see answers 404, as one that does not exist;
- a post's holders with their contracted FTE and dates, leaving reasons and agency cover only
  as its page shows them (access.post_holders_for_user, which checks and audits each read):
  everyone for those who see all and the post's team manager, the caller's own holding for a
  holder;
- the measures: figures, not people, for those who read them (access.can_view_workforce_measures);
  small groups' absence figures only as the page shows them (access.can_see_small_group_absence);
- restructures: those the caller may see (access.restructures_visible_to); the people affected
  only as the restructure's page shows them (access.affected_people_for_user: every person to
  those who see all within remit, an affected person their own line, audited).

Every endpoint reads; none writes.

No `from __future__ import annotations` here: Django Ninja reads the filters' `Query[...]`
annotation when the module loads."""

import datetime
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, AgencySummary, LocalitySummary, TeamSummary
from childtrust.api.schemas import Message as Problem
from childtrust.api.workforce_restructures import router as restructures_router
from childtrust.core.permissions import require
from childtrust.partnership.selectors import registry
from childtrust.workforce import access
from childtrust.workforce.definitions import (
    DEFINITIONS,
    WORKING_DAYS_IN_YEAR,
    WorkforceMeasure,
    census_date,
    census_year_start,
)
from childtrust.workforce.models import Post
from childtrust.workforce.selectors import measure_pages
from childtrust.workforce.selectors.establishment import posts as post_selectors
from childtrust.workforce.selectors.measures import (
    KINDS,
    GroupFigures,
    census_years_held,
    social_work_figures,
    whole_workforce_figures,
)

router = Router(tags=["Workforce"])
# Restructures, with what the law asks of each: a module of their own, on this router.
router.add_router("/", restructures_router)

SEE_WORKFORCE = "see the workforce"
SEE_MEASURES = "see the workforce measures"


# --- Posts --------------------------------------------------------------------------------------


class PostFilters(Schema):
    agency: str | None = Field(None, description="Only posts of the agency with this slug.")
    team: str | None = Field(None, description="Only posts in the team with this slug.")
    social_worker: bool | None = Field(
        None, description="true: only social worker posts; false: only the others."
    )
    vacant: bool | None = Field(
        None, description="true: only posts with vacant FTE today; false: only those without."
    )


def _fte(value: object) -> float:
    return float(value or 0)  # type: ignore[arg-type]


class PostFields(Schema):
    """A post with its figures today."""

    id: int
    reference: str = Field(description="The post's number in the agency's HR system.")
    job_title: str
    grade: str
    fte: float = Field(description="The funded full-time equivalent.")
    agency: AgencySummary
    team: TeamSummary | None
    locality: LocalitySummary | None = Field(description="The post's locality, else its team's.")
    profession: str
    profession_label: str
    social_worker: bool = Field(
        description="Registered with Social Work England: counted by the national measures."
    )
    starts_on: datetime.date
    ends_on: datetime.date | None = Field(description="Its last funded day, once deleted.")
    in_post_fte: float = Field(description="FTE of the staff holding it today.")
    vacant_fte: float = Field(description="Its FTE less its holders' today, never below 0.")
    agency_cover_fte: float = Field(description="FTE of agency workers in it today.")


class PostListItem(PostFields):
    """A post not yet ended, with its figures today, read from the post itself."""

    @staticmethod
    def resolve_fte(obj: Post) -> float:
        return _fte(obj.fte)

    @staticmethod
    def resolve_locality(obj: Post) -> Any:
        return obj.locality or (obj.team.locality if obj.team else None)

    @staticmethod
    def resolve_profession_label(obj: Post) -> str:
        return obj.get_profession_display()

    @staticmethod
    def resolve_in_post_fte(obj: Post) -> float:
        return _fte(getattr(obj, "in_post_fte", 0))

    @staticmethod
    def resolve_vacant_fte(obj: Post) -> float:
        return _fte(getattr(obj, "vacant_fte", 0))

    @staticmethod
    def resolve_agency_cover_fte(obj: Post) -> float:
        return _fte(getattr(obj, "cover_fte", 0))


class JobDescriptionOut(Schema):
    version: int
    text: str
    reason: str = Field(description="Why it changed.")
    changed_at: datetime.datetime


class HolderOut(Schema):
    staff_id: int
    name: str
    fte: float = Field(description="Their contracted FTE in the post.")
    starts_on: datetime.date
    ends_on: datetime.date | None
    starter: bool = Field(description="They joined the agency with this post.")
    leaving_reason: str | None = Field(
        description="Why they left the agency, in words; empty for none (still held, or a move "
        "within the agency); null where you may not see leaving reasons."
    )


class CoverOut(Schema):
    worker_name: str
    supplier: str = Field(description="The employment agency supplying them.")
    fte: float
    reason: str = Field(description="vacancy, absence or additional.")
    reason_label: str
    starts_on: datetime.date
    ends_on: datetime.date | None


class PostDetail(PostFields):
    job_description: JobDescriptionOut | None = Field(description="Its latest version.")
    job_description_versions: int
    all_holders_shown: bool = Field(
        description="false: you see only your own holding, and no agency cover."
    )
    holders: list[HolderOut] = Field(description="Current holders first, then past ones.")
    agency_cover: list[CoverOut] = Field(description="Current cover first, then past cover.")
    in_post_fte: float | None = Field(  # type: ignore[assignment]
        description="FTE of the staff holding it today; null unless all holders are shown."
    )
    vacant_fte: float | None = Field(  # type: ignore[assignment]
        description="Its FTE less its holders' today; null unless all holders are shown."
    )
    agency_cover_fte: float | None = Field(  # type: ignore[assignment]
        description="FTE of agency workers in it today; null unless all holders are shown."
    )


def _posts(filters: PostFilters, posts: QuerySet[Post], today: datetime.date) -> QuerySet[Post]:
    agency = team = None
    if filters.agency:
        agency = registry.agency_with_slug(filters.agency)
        if agency is None:
            return posts.none()
    if filters.team:
        team = registry.team_with_slug(filters.team)
        if team is None:
            return posts.none()
    chosen = post_selectors.posts_filtered(
        posts,
        post_selectors.PostFilter(
            agency=agency,
            team=team,
            social_worker=filters.social_worker is True,
            vacant=filters.vacant is True,
        ),
        today,
    )
    if filters.social_worker is False:
        chosen = chosen.filter(social_worker=False)
    if filters.vacant is False:
        chosen = chosen.filter(Q(vacant_fte__lte=0))
    return chosen


@router.get(
    "/workforce/posts",
    response={200: list[PostListItem], **REFUSALS},
    summary="List the posts you may see, with their figures today",
)
@paginated
def workforce_post_list(
    request: AuthenticatedRequest, filters: Query[PostFilters]
) -> QuerySet[Post]:
    """Posts not yet ended, by agency and reference: every partner's for workforce managers
    (their agency's only, for one limited to an agency) and auditors, their teams' for team
    managers, and your own post for anyone else. Filters combine; an agency or team slug that
    names none matches no post."""
    require(access.can_view_workforce_section(request.user), to=SEE_WORKFORCE)
    return _posts(filters, access.posts_visible_to(request.user), timezone.localdate())


def _holder(row: post_selectors.HolderRow) -> dict[str, Any]:
    holding = row.holding
    return {
        "staff_id": holding.staff_id,
        "name": str(holding.staff),
        "fte": _fte(holding.fte),
        "starts_on": holding.starts_on,
        "ends_on": holding.ends_on,
        "starter": holding.joined_agency,
        "leaving_reason": row.reason,
    }


FIGURES_OF_ALL_HOLDERS = ("in_post_fte", "vacant_fte", "agency_cover_fte")


@router.get(
    "/workforce/posts/{post_id}",
    response={200: PostDetail, 404: Problem, **REFUSALS},
    summary="One post, with its job description, holders and agency cover",
)
def workforce_post_detail(request: AuthenticatedRequest, post_id: int) -> dict[str, Any]:
    """Holders' contracted FTE and dates, leaving reasons and agency cover only as the post's
    page shows them; each read is recorded in the audit log. 404 for a post you may not see."""
    require(access.can_view_workforce_section(request.user), to=SEE_WORKFORCE)
    today = timezone.localdate()
    post = (
        post_selectors.with_figures(access.posts_visible_to(request.user), today)
        .select_related("agency", "team", "team__locality", "locality")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise HttpError(404, f"No post you may see has the ID {post_id}.")
    shown = access.post_holders_for_user(request.user, post)
    versions = post_selectors.job_descriptions_of(post)
    latest = versions[0] if versions else None
    return {
        **PostListItem.model_validate(post).model_dump(),
        "job_description": (
            {
                "version": latest.version,
                "text": latest.text,
                "reason": latest.reason,
                "changed_at": latest.changed_at,
            }
            if latest
            else None
        ),
        "job_description_versions": len(versions),
        "all_holders_shown": shown.all_shown,
        # Shown only to the post's team manager and workforce managers: to a holder who sees
        # only their own holding they would tell a job-sharer's contracted FTE.
        **({} if shown.all_shown else dict.fromkeys(FIGURES_OF_ALL_HOLDERS)),
        "holders": [_holder(row) for row in shown.holders],
        "agency_cover": [
            {
                "worker_name": cover.worker_name,
                "supplier": cover.supplier,
                "fte": _fte(cover.fte),
                "reason": cover.reason,
                "reason_label": cover.get_reason_display(),
                "starts_on": cover.starts_on,
                "ends_on": cover.ends_on,
            }
            for cover in shown.cover
        ],
    }


# --- Measures -----------------------------------------------------------------------------------

Grouping = Literal["partnership", "agency", "team", "locality"]


class WorkforceMeasuresQuery(Schema):
    year: int | None = Field(
        None,
        ge=1900,
        le=9999,
        description="The census year (30 September); the latest held if not given.",
    )
    by: Grouping | None = Field(
        None,
        description="Only this grouping of the social worker posts; every grouping if not given.",
    )


class WorkforceCountsOut(Schema):
    """The counts the measures are worked out from, as the national open data file names them."""

    inpost_fte: float
    inpost_headcount: int
    starters_fte: float
    starters_headcount: int
    leavers_fte: float
    leavers_headcount: int
    agency_fte: float
    agency_cover_fte: float = Field(description="Agency worker FTE covering vacancies.")
    vacancy_fte: float
    case_holders_fte: float
    cases: float
    working_days_lost: float | None = Field(
        description="null where the group's absence is not shown (see absence_not_shown)."
    )


class WorkforceRatesOut(Schema):
    """Each national measure (null where nothing divides: never a zero that is not one)."""

    turnover_rate: float | None = Field(description="%")
    vacancy_rate: float | None = Field(description="%")
    agency_rate: float | None = Field(description="%")
    vacancy_agency_cover: float | None = Field(description="%")
    agency_covering_vacancies: float | None = Field(description="%")
    caseload: float | None = Field(description="Cases per FTE.")
    absence_rate: float | None = Field(
        description="%; null also where the group's absence is not shown (see absence_not_shown)."
    )


class WorkforceGroupOut(Schema):
    kind: Grouping
    id: int | None = Field(
        description="The agency's, team's or locality's ID; null for the whole partnership and "
        "for the posts in no team or no locality."
    )
    name: str
    counts: WorkforceCountsOut
    measures: WorkforceRatesOut
    absence_not_shown: str | None = Field(
        description="Why working_days_lost and absence_rate are null: sickness absence is shown "
        "only to workforce managers and the person's agency head, so for other callers a group "
        "with fewer than the staff survey's minimum in post (or one whose figures could be "
        "worked out from the partnership's less the groups shown) is not shown. null: shown."
    )


class WorkforceDefinitionOut(Schema):
    measure: str
    label: str
    unit: str
    definition: str
    lower_is_better: bool | None = Field(description="null: neither higher nor lower is better.")


class WorkforceMeasuresOut(Schema):
    year: int
    census_date: datetime.date
    year_starts_on: datetime.date = Field(description="The first day of the census year.")
    years_held: list[int] = Field(description="Every census year held, oldest first.")
    working_days_in_year: int = Field(description="The absence rate's working days in a year.")
    definitions: list[WorkforceDefinitionOut]
    social_workers: list[WorkforceGroupOut] = Field(
        description="The social worker posts: the whole partnership, then by agency, team and "
        "locality (or the grouping asked for)."
    )
    whole_workforce: list[WorkforceGroupOut] = Field(
        description="Every post of every agency: the whole partnership, then by agency."
    )


def _group(group: GroupFigures, hidden: set[measure_pages.GroupId]) -> dict[str, Any]:
    counts = group.counts
    shown = (group.kind, group.key) not in hidden
    return {
        "kind": group.kind,
        "id": group.key,
        "name": group.label,
        "counts": {
            name: getattr(counts, name)
            if shown or name not in measure_pages.ABSENCE_COUNTS
            else None
            for name in WorkforceCountsOut.model_fields
        },
        "measures": {
            measure.value: counts.value(measure)
            if shown or measure not in measure_pages.ABSENCE_MEASURES
            else None
            for measure in WorkforceMeasure
        },
        "absence_not_shown": None if shown else measure_pages.absence_hidden_words(),
    }


@router.get(
    "/workforce/measures",
    response={200: WorkforceMeasuresOut, 404: Problem, **REFUSALS},
    summary="The national workforce measures of a census year, by grouping",
)
def workforce_measures(
    request: AuthenticatedRequest, query: Query[WorkforceMeasuresQuery]
) -> dict[str, Any]:
    """As the Department for Education's children's social work workforce statistics define
    them, on the census day (30 September): the social worker posts by the whole partnership,
    agency, team and locality with their counts, and every post of every agency. 404 for a
    year not held."""
    require(access.can_view_workforce_measures(request.user), to=SEE_MEASURES)
    years = census_years_held()
    if not years:
        raise HttpError(404, "No census year is held yet: no one holds a post.")
    year = query.year if query.year is not None else years[-1]
    if year not in years:
        raise HttpError(
            404,
            f"The census year {year} is not held: the years held are {years[0]} to {years[-1]}.",
        )
    figures = social_work_figures(year)
    kinds: list[str] = [query.by] if query.by else list(KINDS)
    social = [group for kind in KINDS for group in figures[kind]]
    every = whole_workforce_figures(year)
    every_hidden: set[measure_pages.GroupId] = set()
    social_hidden: set[measure_pages.GroupId] = set()
    if not access.can_see_small_group_absence(request.user):
        social_hidden = measure_pages.absence_hidden_groups(social)
        every_hidden = measure_pages.whole_workforce_absence_hidden(every, social)
    return {
        "year": year,
        "census_date": census_date(year),
        "year_starts_on": census_year_start(year),
        "years_held": years,
        "working_days_in_year": WORKING_DAYS_IN_YEAR,
        "definitions": [
            {
                "measure": definition.measure.value,
                "label": definition.measure.label,
                "unit": definition.unit,
                "definition": definition.definition,
                "lower_is_better": definition.lower_is_better,
            }
            for definition in DEFINITIONS.values()
        ],
        "social_workers": [
            _group(group, social_hidden) for kind in kinds for group in figures[kind]
        ],
        "whole_workforce": [_group(group, every_hidden) for group in every],
    }
