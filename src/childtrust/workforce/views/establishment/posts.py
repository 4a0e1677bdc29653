"""The establishment's pages for posts: the list with its filters and totals (the posts the
reader may see: access.posts_visible_to), a post with its holders, cover and job description
versions, the difference between two versions, and the forms to create, change and end a post
and change its job description (workforce managers within their remit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted, query_without_page
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.registry import agencies_by_name, teams_by_name
from childtrust.workforce import access
from childtrust.workforce.forms.establishment.posts import (
    EstablishmentFilterForm,
    JobDescriptionForm,
    PostEndForm,
    PostForm,
)
from childtrust.workforce.models import Post
from childtrust.workforce.selectors.establishment import diff
from childtrust.workforce.selectors.establishment import posts as selectors
from childtrust.workforce.services.establishment import posts as services

POSTS_PER_PAGE = 50


def post_for(request: AuthenticatedRequest, pk: int, *, manage: bool = False) -> Post:
    """The post, or 404 for none and for one the reader may not see (as the API answers, so
    that no one learns which posts exist); with `manage`, 403 for one they may see but not
    change."""
    post = found(selectors.post_with_everything(pk))
    if not access.can_view_post(request.user, post):
        raise Http404("No such post")
    if manage and not access.can_manage_workforce(request.user, post.agency):
        raise PermissionDenied
    return post


@access_required(access.can_view_establishment)
def posts(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = access.posts_visible_to(request.user)
    form = EstablishmentFilterForm(
        request.GET or None,
        agencies=agencies_by_name().filter(pk__in=visible.values("agency_id")),
        teams=teams_by_name().filter(pk__in=visible.values("team_id")),
    )
    post_filter = form.to_filter()
    chosen = selectors.posts_filtered(visible, post_filter, today)
    page = Paginator(chosen, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/establishment/posts.html",
        {
            "form": form,
            "filtered": not post_filter.is_empty(),
            "page": page,
            "rows": [selectors.figures_of(post) for post in page],
            "totals": selectors.establishment_totals(chosen),
            "today": today,
            "query": query_without_page(request),
            "can_manage": access.can_manage_workforce(request.user),
            "remit": access.workforce_remit_of(request.user),
        },
    )


@access_required(access.can_view_workforce_section)
def post(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shown = post_for(request, pk)
    today = timezone.localdate()
    holders = access.post_holders_for_user(request.user, shown)
    versions = selectors.job_descriptions_of(shown)
    can_manage = access.can_manage_workforce(request.user, shown.agency)
    return render(
        request,
        "workforce/establishment/post.html",
        {
            "post": shown,
            # In post, vacant and agency cover FTE would tell a holder a job-sharer's contract.
            "figures": selectors.post_figures(shown, today) if holders.all_shown else None,
            "holders": holders,
            "absence_links": {
                row.holding.staff_id
                for row in holders.holders
                if access.can_view_sickness_absence(request.user, row.holding.staff)
            }
            if holders.all_shown
            else set(),
            "current": versions[0] if versions else None,
            "versions": [
                (
                    version,
                    versions[i + 1].version if i + 1 < len(versions) else None,
                    versions[-1].version,
                )
                for i, version in enumerate(versions)
            ],
            "today": today,
            "can_manage": can_manage,
        },
    )


@access_required(access.can_manage_workforce)
def post_create(request: AuthenticatedRequest) -> HttpResponse:
    remit = access.workforce_remit_of(request.user)
    agencies = agencies_by_name()
    if remit is not None:
        agencies = agencies.filter(pk=remit.pk)
    teams = teams_by_name()
    if remit is not None:
        teams = teams.filter(Q(agency=remit) | Q(agency__isnull=True))
    form = PostForm(posted(request), agencies=agencies, teams=teams, initial={"agency": remit})
    saved = form_write(
        request,
        form,
        lambda _data: services.post_create(actor=request.user, **form.service_arguments()),
    )
    if saved is not None:
        messages.success(request, f"The post {saved.reference}, {saved.job_title}, has been added.")
        return redirect("workforce:post", pk=saved.pk)
    return render(request, "workforce/establishment/post_form.html", {"form": form, "post": None})


@access_required(access.can_manage_workforce)
def post_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = post_for(request, pk, manage=True)
    teams = teams_by_name().filter(Q(agency=existing.agency) | Q(agency__isnull=True))
    form = PostForm(posted(request), teams=teams, initial=PostForm.initial_for(existing))
    saved = form_write(
        request,
        form,
        lambda _data: services.post_update(
            actor=request.user, post=existing, **form.service_arguments()
        ),
    )
    if saved is not None:
        messages.success(request, f"The post {saved.reference} has been changed.")
        return redirect("workforce:post", pk=saved.pk)
    return render(
        request, "workforce/establishment/post_form.html", {"form": form, "post": existing}
    )


@access_required(access.can_manage_workforce)
def post_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = post_for(request, pk, manage=True)
    form = PostEndForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: services.post_end(actor=request.user, post=existing, ends_on=data["ends_on"]),
    )
    if saved is not None:
        messages.success(request, f"The post {saved.reference} has been ended.")
        return redirect("workforce:post", pk=saved.pk)
    return render(
        request, "workforce/establishment/post_end.html", {"form": form, "post": existing}
    )


@access_required(access.can_manage_workforce)
def job_description_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = post_for(request, pk, manage=True)
    versions = selectors.job_descriptions_of(existing)
    current = versions[0] if versions else None
    form = JobDescriptionForm(posted(request), initial={"text": current.text if current else ""})
    saved = form_write(
        request,
        form,
        lambda data: services.job_description_change(
            actor=request.user, post=existing, text=data["text"], reason=data["reason"]
        ),
    )
    if saved is not None:
        messages.success(request, f"Version {saved.version} of the job description has been saved.")
        return redirect("workforce:post", pk=existing.pk)
    return render(
        request,
        "workforce/establishment/job_description_form.html",
        {"form": form, "post": existing, "current": current},
    )


def _version_number(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


@access_required(access.can_view_workforce_section)
def job_description_compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shown = post_for(request, pk)
    versions = selectors.job_descriptions_of(shown)
    if len(versions) < 2:
        raise Http404("The post's job description has only one version")
    numbers = [v.version for v in versions]  # newest first
    newer = _version_number(request.GET.get("to")) if "to" in request.GET else numbers[0]
    older = _version_number(request.GET.get("from")) if "from" in request.GET else None
    if older is None and "from" not in request.GET and newer is not None:
        older = max((n for n in numbers if n < newer), default=None)
    by_number = {v.version: v for v in versions}
    if older not in by_number or newer not in by_number or older == newer:
        raise Http404("No such versions to compare")
    old, new = by_number[older], by_number[newer]
    if old.version > new.version:
        old, new = new, old
    return render(
        request,
        "workforce/establishment/job_description_compare.html",
        {
            "post": shown,
            "old": old,
            "new": new,
            "diff": diff.text_diff(old.text, new.text),
            "between": [v for v in reversed(versions) if old.version < v.version <= new.version],
            "versions": versions,
        },
    )


urls: list[URLPattern] = [
    path("posts/", posts, name="posts"),
    path("posts/new/", post_create, name="post_create"),
    path("posts/<int:pk>/", post, name="post"),
    path("posts/<int:pk>/edit/", post_edit, name="post_edit"),
    path("posts/<int:pk>/end/", post_end, name="post_end"),
    path("posts/<int:pk>/job-description/", job_description_edit, name="job_description_edit"),
    path(
        "posts/<int:pk>/job-description/compare/",
        job_description_compare,
        name="job_description_compare",
    ),
]
