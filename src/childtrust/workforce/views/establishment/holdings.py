"""The establishment's pages for who holds a post: adding a holder, ending a holding (a leaver
with a reason, or a move within the agency), and adding and ending agency cover. Workforce
managers within their remit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.workforce import access
from childtrust.workforce.forms.establishment.holdings import (
    CoverEndForm,
    CoverForm,
    HoldingEndForm,
    HoldingForm,
)
from childtrust.workforce.selectors.establishment import posts as selectors
from childtrust.workforce.services.establishment import holdings as services
from childtrust.workforce.views.establishment.posts import post_for


@access_required(access.can_manage_workforce)
def holding_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = post_for(request, pk, manage=True)
    form = HoldingForm(posted(request), post=post)
    saved = form_write(
        request, form, lambda data: services.holding_add(actor=request.user, post=post, **data)
    )
    if saved is not None:
        messages.success(request, f"{saved.staff} has been added as a holder of the post.")
        return redirect("workforce:post", pk=post.pk)
    return render(
        request, "workforce/establishment/holding_form.html", {"form": form, "post": post}
    )


@access_required(access.can_manage_workforce)
def holding_end(request: AuthenticatedRequest, pk: int, holding_pk: int) -> HttpResponse:
    post = post_for(request, pk, manage=True)
    holding = found(selectors.holding_of_post(post, holding_pk))
    form = HoldingEndForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda _data: services.holding_end(
            actor=request.user, holding=holding, **form.service_arguments()
        ),
    )
    if saved is not None:
        what = "left the agency" if saved.leaving_reason else "moved within the agency"
        messages.success(request, f"{saved.staff}'s holding has ended: {what}.")
        return redirect("workforce:post", pk=post.pk)
    return render(
        request,
        "workforce/establishment/holding_end.html",
        {"form": form, "post": post, "holding": holding},
    )


@access_required(access.can_manage_workforce)
def cover_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = post_for(request, pk, manage=True)
    form = CoverForm(posted(request))
    saved = form_write(
        request, form, lambda data: services.agency_cover_add(actor=request.user, post=post, **data)
    )
    if saved is not None:
        messages.success(request, f"{saved.worker_name}'s cover of the post has been added.")
        return redirect("workforce:post", pk=post.pk)
    return render(request, "workforce/establishment/cover_form.html", {"form": form, "post": post})


@access_required(access.can_manage_workforce)
def cover_end(request: AuthenticatedRequest, pk: int, cover_pk: int) -> HttpResponse:
    post = post_for(request, pk, manage=True)
    cover = found(selectors.cover_of_post_with_pk(post, cover_pk))
    form = CoverEndForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda data: services.agency_cover_end(
            actor=request.user, cover=cover, ends_on=data["ends_on"]
        ),
    )
    if saved is not None:
        messages.success(request, f"{saved.worker_name}'s cover has ended.")
        return redirect("workforce:post", pk=post.pk)
    return render(
        request,
        "workforce/establishment/cover_end.html",
        {"form": form, "post": post, "cover": cover},
    )


urls: list[URLPattern] = [
    path("posts/<int:pk>/holders/new/", holding_add, name="holding_add"),
    path("posts/<int:pk>/holders/<int:holding_pk>/end/", holding_end, name="holding_end"),
    path("posts/<int:pk>/cover/new/", cover_add, name="cover_add"),
    path("posts/<int:pk>/cover/<int:cover_pk>/end/", cover_end, name="cover_end"),
]
