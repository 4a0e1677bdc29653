"""The board pack's pages: the printable pack for a meeting (from live data, as the PDF), the
button that generates the PDF in the background, its progress page, and its download. Only
those who prepare the board's papers see any of them (access.can_view_board_pack); everyone
else gets the 403 page.

The progress page works without JavaScript (a "Check progress now" link); with it, it checks by
itself every few seconds (core/static/childtrust/progress.js), as an import's page does."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.strategy import access, tasks
from childtrust.strategy.board_pack.sections import pack_gather, step_words
from childtrust.strategy.models import BoardPackStatus
from childtrust.strategy.selectors import board_pack as selectors
from childtrust.strategy.selectors.board import meeting_with_id
from childtrust.strategy.services import board_pack as services

UNFINISHED = (BoardPackStatus.QUEUED, BoardPackStatus.RUNNING)
REFRESH_SECONDS = 2


@access_required(access.can_view_board_pack)
def board_pack(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = found(meeting_with_id(pk))
    pack = pack_gather(meeting, reader=access.board_pack_reader())
    return render(
        request,
        "strategy/board_pack/page.html",
        {"pack": pack, "packs": selectors.packs_of(meeting)},
    )


@access_required(access.can_view_board_pack)
@require_POST
def board_pack_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = found(meeting_with_id(pk))
    form = forms.Form(request.POST)  # nothing to ask: the button only confirms
    pack = form_write(
        request, form, lambda _: tasks.board_pack_start(actor=request.user, meeting=meeting)
    )
    if pack is None:
        messages.error(request, " ".join(str(problem) for problem in form.non_field_errors()))
        return redirect("strategy:board_pack", pk=meeting.pk)
    return redirect("strategy:board_pack_progress", pk=pack.pk)


@access_required(access.can_view_board_pack)
def board_pack_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # A pack whose worker was stopped says so here, rather than waiting for ever.
    services.board_packs_stopped_end()
    pack = found(selectors.pack_with_id(pk))
    unfinished = pack.status in UNFINISHED
    if pack.status == BoardPackStatus.QUEUED:
        words = "Waiting for the background worker to start generating the pack."
    elif pack.status == BoardPackStatus.RUNNING:
        words = step_words(pack.steps_done, pack.steps_total) + "."
    else:
        words = ""
    return render(
        request,
        "strategy/board_pack/progress.html",
        {
            "pack": pack,
            "unfinished": unfinished,
            "progress_words": words,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@access_required(access.can_view_board_pack)
def board_pack_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pack = found(selectors.pack_with_id(pk))
    try:
        stored = services.board_pack_download_record(actor=request.user, pack=pack)
    except FileNotFoundError as missing:
        raise Http404("This board pack is not ready, or its file is gone.") from missing
    meeting = pack.meeting
    name = f"board-pack-{meeting.held_on:%Y-%m-%d}-{slugify(meeting.title)[:60]}.pdf"
    # A pack is a few hundred kilobytes: read whole, as the page's other answers are.
    response = HttpResponse(stored.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


urls = [
    path("board/meetings/<int:pk>/pack/", board_pack, name="board_pack"),
    path("board/meetings/<int:pk>/pack/generate/", board_pack_generate, name="board_pack_generate"),
    path("board/packs/<int:pk>/", board_pack_progress, name="board_pack_progress"),
    path("board/packs/<int:pk>/pdf/", board_pack_download, name="board_pack_download"),
]
