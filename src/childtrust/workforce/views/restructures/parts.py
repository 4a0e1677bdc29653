"""The pages that change a restructure's parts: selection pools, post changes (a post deleted,
changed or created; a change starts from the post chosen, its form filled with what the post is
now) and the people affected. Workforce managers within their remit (workforce/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.forms.restructures import (
    ConfirmForm,
    PersonForm,
    PoolForm,
    PostChangeForm,
)
from childtrust.workforce.models import PostChangeKind
from childtrust.workforce.selectors import restructures as selectors
from childtrust.workforce.services import restructures as services
from childtrust.workforce.views.restructures._common import managed, removing

KIND_WORDS = {
    PostChangeKind.DELETE: ("Delete a post", "deleted"),
    PostChangeKind.CHANGE: ("Change a post", "changed"),
    PostChangeKind.CREATE: ("Create a post", "created"),
}


# --- Pools ---------------------------------------------------------------------------------------


@access_required(access.can_manage_workforce)
def restructure_pool_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    restructure = managed(request, pk)
    form = PoolForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_pool_add(
            actor=request.user,
            restructure=restructure,
            name=data["name"],
            description=data.get("description") or "",
        ),
    )
    if saved is not None:
        messages.success(request, f"The pool “{saved.name}” has been added.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request, "workforce/restructures/pool_form.html", {"form": form, "restructure": restructure}
    )


@access_required(access.can_manage_workforce)
def restructure_pool_remove(request: AuthenticatedRequest, pk: int, pool_pk: int) -> HttpResponse:
    restructure = managed(request, pk)
    pool = found(selectors.pool_of(restructure, pool_pk))
    form = ConfirmForm(posted(request))
    if (
        form_write(
            request,
            form,
            removing(lambda: services.restructure_pool_remove(actor=request.user, pool=pool)),
        )
        is not None
    ):
        messages.success(request, f"The pool “{pool.name}” has been removed.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request,
        "workforce/restructures/confirm_remove.html",
        {
            "form": form,
            "restructure": restructure,
            "what": f"the pool “{pool.name}”",
            "consequence": "Its people and posts stay in the restructure, in no pool.",
        },
    )


# --- Post changes -------------------------------------------------------------------------------


@access_required(access.can_manage_workforce)
def restructure_post_change_add(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in PostChangeKind.values:
        raise Http404("No such kind of post change")
    restructure = managed(request, pk)
    posts = selectors.live_posts_of(restructure.agency, timezone.localdate())
    initial = {}
    chosen = request.GET.get("post", "")
    if kind == PostChangeKind.CHANGE and request.method == "GET" and chosen.isdigit():
        post = posts.filter(pk=int(chosen)).first()
        if post is not None:
            initial = PostChangeForm.initial_from(post)
    form = PostChangeForm(
        posted(request),
        kind=kind,
        posts=posts,
        pools=selectors.pools_of(restructure),
        agency=restructure.agency,
        initial=initial,
    )
    saved = form_write(
        request,
        form,
        lambda _data: services.restructure_post_change_add(
            actor=request.user, restructure=restructure, **form.service_arguments()
        ),
    )
    heading, done = KIND_WORDS[PostChangeKind(kind)]
    if saved is not None:
        messages.success(request, f"“{saved.job_title or saved.post}” will be {done}.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request,
        "workforce/restructures/post_change_form.html",
        {
            "form": form,
            "restructure": restructure,
            "kind": kind,
            "heading": heading,
            "choose_first": kind == PostChangeKind.CHANGE
            and request.method == "GET"
            and not initial,
            "posts": posts,
        },
    )


@access_required(access.can_manage_workforce)
def restructure_post_change_remove(
    request: AuthenticatedRequest, pk: int, change_pk: int
) -> HttpResponse:
    restructure = managed(request, pk)
    change = found(selectors.post_change_of(restructure, change_pk))
    form = ConfirmForm(posted(request))
    if (
        form_write(
            request,
            form,
            removing(
                lambda: services.restructure_post_change_remove(actor=request.user, change=change)
            ),
        )
        is not None
    ):
        messages.success(request, "The post change has been taken out of the proposal.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request,
        "workforce/restructures/confirm_remove.html",
        {
            "form": form,
            "restructure": restructure,
            "what": f"“{change}”",
            "consequence": "The post is no longer part of the proposal.",
        },
    )


# --- People ---------------------------------------------------------------------------------------


@access_required(access.can_manage_workforce)
def restructure_person_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    restructure = managed(request, pk)
    form = PersonForm(
        posted(request),
        staff=selectors.staff_of(restructure.agency),
        posts=selectors.live_posts_of(restructure.agency, timezone.localdate()),
        pools=selectors.pools_of(restructure),
    )
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_person_add(
            actor=request.user,
            restructure=restructure,
            staff=data["staff"],
            post=data["post"],
            proposal=data["proposal"],
            pool=data.get("pool"),
            at_risk=bool(data.get("at_risk")),
        ),
    )
    if saved is not None:
        messages.success(request, f"{saved.staff} has been added to the people affected.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request,
        "workforce/restructures/person_form.html",
        {"form": form, "restructure": restructure, "affected": None},
    )


@access_required(access.can_manage_workforce)
def restructure_person_edit(
    request: AuthenticatedRequest, pk: int, affected_pk: int
) -> HttpResponse:
    restructure = managed(request, pk)
    affected = access.affected_person_for_user(request.user, restructure, affected_pk)
    form = PersonForm(
        posted(request),
        staff=None,
        posts=None,
        pools=selectors.pools_of(restructure),
        initial={
            "proposal": affected.proposal,
            "pool": affected.pool_id,
            "at_risk": affected.at_risk,
        },
    )
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_person_update(
            actor=request.user,
            affected=affected,
            proposal=data["proposal"],
            pool=data.get("pool"),
            at_risk=bool(data.get("at_risk")),
        ),
    )
    if saved is not None:
        messages.success(request, f"{affected.staff}'s line has been changed.")
        return redirect("workforce:restructure_person", pk=restructure.pk, affected_pk=affected.pk)
    return render(
        request,
        "workforce/restructures/person_form.html",
        {"form": form, "restructure": restructure, "affected": affected},
    )


@access_required(access.can_manage_workforce)
def restructure_person_remove(
    request: AuthenticatedRequest, pk: int, affected_pk: int
) -> HttpResponse:
    restructure = managed(request, pk)
    affected = access.affected_person_for_user(request.user, restructure, affected_pk)
    form = ConfirmForm(posted(request))
    if (
        form_write(
            request,
            form,
            removing(
                lambda: services.restructure_person_remove(actor=request.user, affected=affected)
            ),
        )
        is not None
    ):
        messages.success(request, f"{affected.staff} has been taken out of the people affected.")
        return redirect("workforce:restructure", pk=restructure.pk)
    return render(
        request,
        "workforce/restructures/confirm_remove.html",
        {
            "form": form,
            "restructure": restructure,
            "what": str(affected.staff),
            "consequence": "Only someone with no meetings, responses or outcome on record can "
            "be taken out.",
        },
    )


urls: list[URLPattern] = [
    path("restructures/<int:pk>/pools/new/", restructure_pool_add, name="restructure_pool_add"),
    path(
        "restructures/<int:pk>/pools/<int:pool_pk>/remove/",
        restructure_pool_remove,
        name="restructure_pool_remove",
    ),
    path(
        "restructures/<int:pk>/posts/new/<str:kind>/",
        restructure_post_change_add,
        name="restructure_post_change_add",
    ),
    path(
        "restructures/<int:pk>/posts/<int:change_pk>/remove/",
        restructure_post_change_remove,
        name="restructure_post_change_remove",
    ),
    path(
        "restructures/<int:pk>/people/new/", restructure_person_add, name="restructure_person_add"
    ),
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/edit/",
        restructure_person_edit,
        name="restructure_person_edit",
    ),
    path(
        "restructures/<int:pk>/people/<int:affected_pk>/remove/",
        restructure_person_remove,
        name="restructure_person_remove",
    ),
]
