"""Reads of posts: the establishment list with its figures (funded FTE, FTE in post, vacant FTE
and agency cover FTE on a day), its filters and totals, one post with its job descriptions,
holders and cover, and the vacancies in a set of teams. Which posts a reader may see is
workforce.access.posts_visible_to's to say: these functions take the posts to read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from childtrust.partnership.models import Agency, Locality, StaffMember, Team
from childtrust.workforce.models import (
    AgencyCover,
    Holding,
    JobDescription,
    Post,
)

ZERO = Decimal("0.00")
_FTE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)


def live_on(day: datetime.date) -> Q:
    """Something with a first and last day (a post, a holding, cover) live on the day."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def not_ended_by(day: datetime.date) -> Q:
    """A post still funded on the day or later: the establishment lists posts not yet ended."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=day)


def _fte_live(model: type[Holding] | type[AgencyCover], day: datetime.date) -> Coalesce:
    held = (
        model.objects.filter(live_on(day), post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(total=Sum("fte"))
        .values("total")
    )
    return Coalesce(Subquery(held, output_field=_FTE), Value(ZERO), output_field=_FTE)


def with_figures(posts: QuerySet[Post], day: datetime.date) -> QuerySet[Post]:
    """Each post with `in_post_fte` (staff holding it on the day), `cover_fte` (agency workers
    in it that day) and `vacant_fte` (its FTE less its holders', never below 0; a post not live
    that day has none)."""
    return posts.annotate(
        in_post_fte=_fte_live(Holding, day),
        cover_fte=_fte_live(AgencyCover, day),
    ).annotate(
        vacant_fte=Case(
            When(
                live_on(day),
                then=Greatest(F("fte") - F("in_post_fte"), Value(ZERO), output_field=_FTE),
            ),
            default=Value(ZERO),
            output_field=_FTE,
        ),
    )


@dataclass(frozen=True)
class PostFigures:
    """A post with its figures on a day (see with_figures)."""

    post: Post
    in_post_fte: Decimal
    cover_fte: Decimal
    vacant_fte: Decimal


def _annotated(post: Post, name: str) -> Decimal:
    value = getattr(post, name, None)
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def figures_of(post: Post) -> PostFigures:
    """The figures of a post read by with_figures (or zeros for one read without them)."""
    return PostFigures(
        post,
        _annotated(post, "in_post_fte"),
        _annotated(post, "cover_fte"),
        _annotated(post, "vacant_fte"),
    )


@dataclass(frozen=True)
class PostFilter:
    """The establishment list's filters; None or False: not filtered."""

    agency: Agency | None = None
    team: Team | None = None
    locality: Locality | None = None
    profession: str = ""
    social_worker: bool = False
    vacant: bool = False

    def is_empty(self) -> bool:
        return self == PostFilter()


def posts_filtered(
    posts: QuerySet[Post], post_filter: PostFilter, day: datetime.date
) -> QuerySet[Post]:
    """The posts not ended before the day that match every filter, with their figures, by
    agency and reference. A post's locality is its own, else its team's."""
    chosen = with_figures(posts.filter(not_ended_by(day)), day)
    if post_filter.agency is not None:
        chosen = chosen.filter(agency=post_filter.agency)
    if post_filter.team is not None:
        chosen = chosen.filter(team=post_filter.team)
    if post_filter.locality is not None:
        chosen = chosen.filter(
            Q(locality=post_filter.locality)
            | Q(locality__isnull=True, team__locality=post_filter.locality)
        )
    if post_filter.profession:
        chosen = chosen.filter(profession=post_filter.profession)
    if post_filter.social_worker:
        chosen = chosen.filter(social_worker=True)
    if post_filter.vacant:
        chosen = chosen.filter(Q(vacant_fte__gt=0))
    return chosen.select_related("agency", "team", "locality", "team__locality").order_by(
        "agency__name", "reference", "pk"
    )


@dataclass(frozen=True)
class EstablishmentTotals:
    posts: int
    funded_fte: Decimal
    in_post_fte: Decimal
    vacant_fte: Decimal
    cover_fte: Decimal


def establishment_totals(posts: QuerySet[Post]) -> EstablishmentTotals:
    """The totals of posts with their figures (posts_filtered)."""
    sums = posts.order_by().aggregate(
        funded=Sum("fte"),
        in_post=Sum("in_post_fte"),
        cover=Sum("cover_fte"),
        vacant=Sum("vacant_fte"),
    )
    return EstablishmentTotals(
        posts=posts.count(),
        funded_fte=sums["funded"] or ZERO,
        in_post_fte=sums["in_post"] or ZERO,
        vacant_fte=sums["vacant"] or ZERO,
        cover_fte=sums["cover"] or ZERO,
    )


def post_with_everything(pk: int) -> Post | None:
    """A post with its agency, team and locality, or None."""
    return (
        Post.objects.select_related("agency", "team", "team__locality", "locality")
        .filter(pk=pk)
        .first()
    )


def post_figures(post: Post, day: datetime.date) -> PostFigures:
    """The post's figures on the day (see with_figures)."""
    found = with_figures(Post.objects.filter(pk=post.pk), day).first()
    return figures_of(found if found is not None else post)


def job_descriptions_of(post: Post) -> list[JobDescription]:
    """Every version of the post's job description, newest first, with who changed it."""
    return list(post.job_descriptions.select_related("changed_by").order_by("-version"))


def job_description_current(post: Post) -> JobDescription | None:
    """The latest version of the post's job description, or None."""
    return post.job_descriptions.select_related("changed_by").order_by("-version").first()


def job_description_version(post: Post, version: int) -> JobDescription | None:
    return post.job_descriptions.select_related("changed_by").filter(version=version).first()


def holdings_of_post(post: Post) -> list[Holding]:
    """Everyone who holds or held the post, current holders first, then by start date. Read
    only through access.post_holders_for_user, which checks and audits."""
    return sorted(
        post.holdings.select_related("staff", "staff__agency"),
        key=lambda h: (h.ends_on is not None, -(h.ends_on or h.starts_on).toordinal(), h.pk),
    )


def cover_of_post(post: Post) -> list[AgencyCover]:
    """The agency workers who cover or covered the post, current first."""
    return sorted(
        post.agency_cover.all(),
        key=lambda c: (c.ends_on is not None, -(c.ends_on or c.starts_on).toordinal(), c.pk),
    )


def holding_of_post(post: Post, pk: int) -> Holding | None:
    return post.holdings.select_related("staff", "staff__agency").filter(pk=pk).first()


def cover_of_post_with_pk(post: Post, pk: int) -> AgencyCover | None:
    return post.agency_cover.filter(pk=pk).first()


# --- For other areas: vacancies in teams, and a person's post ----------------------------------


@dataclass(frozen=True)
class Vacancy:
    post: Post
    vacant_fte: Decimal
    cover_fte: Decimal


def vacancies_in_teams(
    team_ids: set[int] | list[int], day: datetime.date | None = None
) -> list[Vacancy]:
    """The live posts in the teams with vacant FTE on the day (today by default), each with
    how much is vacant and how much agency cover there is, by team and reference."""
    day = day or timezone.localdate()
    posts = (
        with_figures(Post.objects.filter(live_on(day), team_id__in=list(team_ids)), day)
        .filter(Q(vacant_fte__gt=0))
        .select_related("agency", "team")
        .order_by("team__name", "reference", "pk")
    )
    rows = [figures_of(post) for post in posts]
    return [Vacancy(row.post, row.vacant_fte, row.cover_fte) for row in rows]


def post_for_holder(staff: StaffMember, day: datetime.date | None = None) -> Post | None:
    """The post a member of staff holds on the day (today by default): the one with the most
    FTE, the earliest held should they hold two equally; None if they hold none."""
    day = day or timezone.localdate()
    holding = (
        Holding.objects.filter(live_on(day), staff=staff)
        .select_related("post", "post__agency", "post__team")
        .order_by("-fte", "starts_on", "pk")
        .first()
    )
    return holding.post if holding is not None else None


@dataclass(frozen=True)
class HolderRow:
    """A holding as a page shows it: its leaving reason's words when the reader may see them
    (None: not shown; "" : none, a move within the agency or still held)."""

    holding: Holding
    reason: str | None


@dataclass(frozen=True)
class PostHolders:
    holders: list[HolderRow]
    cover: list[AgencyCover]
    all_shown: bool  # False: the reader sees only their own holding, and no cover
