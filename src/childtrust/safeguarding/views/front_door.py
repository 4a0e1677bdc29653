"""The front door's pages: its queue, a new contact or referral, and a referral's page with
each step as a form in order (screen, ask the agencies involved, decide, tell the referrer).
Who may is access/front_door.py's; the writes are services/front_door.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.access import ChildView, can_find_children, child_for_user
from childtrust.children.selectors.involved_agencies import agencies_involved_with
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required, require
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.partnership.selectors.staff import staff_in_post, staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.front_door import (
    DecisionForm,
    InformationRequestForm,
    ReferralForm,
    ScreenForm,
    TellForm,
)
from childtrust.safeguarding.models import Rag, Referral, ReferralStage
from childtrust.safeguarding.selectors import front_door as selectors
from childtrust.safeguarding.services import front_door as services


@access_required(access.can_run_front_door)
def queue(request: AuthenticatedRequest) -> HttpResponse:
    referrals = access.referrals_visible_to(request.user)
    chosen = selectors.QueueFilter(
        stage=request.GET.get("stage", "") if request.GET.get("stage") in ReferralStage else "",
        rag=request.GET.get("rag", "") if request.GET.get("rag") in Rag else "",
        due=request.GET.get("due", "") if request.GET.get("due") in ("today", "overdue") else "",
    )
    rows = selectors.front_door_queue(referrals, chosen)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="safeguarding.referral",
        object_repr="The front door's referrals",
        reason="See the front door's referrals",
        details={"referrals": [row.referral.pk for row in rows]},
    )
    return render(
        request,
        "safeguarding/front_door/queue.html",
        {
            "rows": rows,
            "counts": selectors.stage_counts(referrals),
            "chosen": chosen,
            "stages": ReferralStage.choices,
            "rags": Rag.choices,
        },
    )


@access_required(access.can_refer)
def referral_new(request: AuthenticatedRequest) -> HttpResponse:
    finds = can_find_children(request.user)
    form = ReferralForm(
        posted(request),
        agencies=agencies_by_name(),
        initial=_referral_initial(request),
        find_child_url=reverse("children:search") if finds else "",
        suggestions_url=reverse("safeguarding:referral_child_suggestions") if finds else "",
    )

    def write(data: dict[str, Any]) -> Referral:
        view = _child_by_reference(request, data["child_reference"])
        return services.referral_receive(
            actor=request.user,
            child=view.child,
            kind=data["kind"],
            received_at=form.received_at(),
            referrer_name=data["referrer_name"],
            referrer_agency=data["referrer_agency"],
            referrer_email=data["referrer_email"],
            referrer_phone=data["referrer_phone"],
            reason=data["reason"],
        )

    referral = form_write(request, form, write)
    if referral is not None:
        messages.success(request, f"The {referral.get_kind_display().lower()} is recorded.")
        if access.can_view_referral(request.user, referral) and access.can_run_front_door(
            request.user
        ):
            return redirect("safeguarding:referral", pk=referral.pk)
        return redirect("core:home")
    return render(request, "safeguarding/front_door/new.html", {"form": form})


@require_POST
@access_required(access.can_refer)
def referral_child_suggestions(request: AuthenticatedRequest) -> JsonResponse:
    """The referral form's autocomplete: the children the search finds by the name typed
    (selectors.referral_child_suggestions: the children search's scope and audit). The name is
    posted, as the search page's terms are, so that it sits in no address nor server's log."""
    suggested = selectors.referral_child_suggestions(
        request.user, request.POST.get("name", "")[:200]
    )
    return JsonResponse(
        {
            "children": [
                {"reference": child.reference, "name": child.name, "about": child.about}
                for child in suggested
            ]
        }
    )


def _referral_initial(request: AuthenticatedRequest) -> dict[str, Any]:
    """The child from the page it was reached from, received now; a practitioner referring a
    child is the referrer (the front door, recording another's call, writes in the caller)."""
    now = timezone.localtime()
    initial: dict[str, Any] = {
        "child_reference": request.GET.get("child", "")[:20],
        "received_on": now.date(),
        "received_time": f"{now:%H:%M}",
    }
    staff = staff_record_of(request.user)
    if staff is not None and not access.can_run_front_door(request.user):
        initial |= {
            "referrer_name": f"{staff.full_name}, {staff.job_title}",
            "referrer_agency": staff.agency_id,
            "referrer_email": staff.email,
            "referrer_phone": staff.phone,
        }
    return initial


def _child_by_reference(request: AuthenticatedRequest, reference: str) -> ChildView:
    """The child named on the form, read through the child index (which audits), or the
    form's error for one not found (or not to be known)."""
    try:
        return child_for_user(
            request.user, reference.strip().upper(), purpose="Refer the child to the front door"
        )
    except (Http404, ValueError):
        raise ValidationError(
            {"child_reference": "No child has that reference: check it on the child's page"}
        ) from None


def referral_for(
    request: AuthenticatedRequest, pk: int, purpose: str
) -> tuple[Referral, ChildView]:
    """The referral, its child read for `purpose` (audited), or 404 for a reader who may not
    see its details."""
    referral = selectors.referral_with_id(int(pk))
    if referral is None:
        raise Http404("No such referral")
    view = child_for_user(request.user, referral.child_id, purpose=purpose)
    if not access.can_view_referral(request.user, referral):
        raise Http404("No such referral")
    return referral, view


def _page(
    request: AuthenticatedRequest, referral: Referral, view: ChildView, **bound: Form
) -> HttpResponse:
    """The referral's page: its details, what it started, and the next step's forms (those
    bound to a refused post in place of the empty ones)."""
    runs = access.can_run_front_door_for(request.user, referral.child)
    involved = agencies_involved_with(referral.child)
    asked = {r.agency_id for r in referral.information_requests.all()}
    forms: dict[str, Form] = {
        "screen_form": ScreenForm(),
        "request_form": InformationRequestForm(agencies=[a for a in involved if a.pk not in asked]),
        "decision_form": DecisionForm(social_workers=staff_in_post()),
        "tell_form": TellForm(),
    } | bound
    errors = next((f for f in bound.values() if f.errors), None)
    return render(
        request,
        "safeguarding/front_door/referral.html",
        {
            "referral": referral,
            "child": view.child,
            "steps": selectors.referral_steps(referral),
            "runs": runs,
            "form": errors,  # the error summary's
            **forms,
        },
        status=400 if errors is not None else 200,
    )


@access_required(access.can_open_referrals)
def referral_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral, view = referral_for(request, pk, "Read a referral to the front door")
    return _page(request, referral, view)


_DONE = {
    "screen_form": "The referral is screened.",
    "request_form": "The agencies are asked.",
    "decision_form": "The decision is recorded.",
    "tell_form": "The referrer is told, and the referral is closed.",
}


def _step(
    request: AuthenticatedRequest, pk: int, purpose: str, name: str, form: Form, write: Any
) -> HttpResponse:
    referral, view = referral_for(request, pk, purpose)
    require(access.can_run_front_door_for(request.user, referral.child), to=services.RUN)
    done = form_write(request, form, lambda data: write(referral, data))
    if done is not None:
        messages.success(request, _DONE[name])
        return redirect("safeguarding:referral", pk=referral.pk)
    return _page(request, referral, view, **{name: form})


@require_POST
@access_required(access.can_run_front_door)
def referral_screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "Screen the referral",
        "screen_form",
        ScreenForm(request.POST),
        lambda referral, data: services.referral_screen(
            actor=request.user, referral=referral, rag=data["rag"], note=data["note"]
        ),
    )


@require_POST
@access_required(access.can_run_front_door)
def referral_information(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_with_id(int(pk))
    if referral is None:
        raise Http404("No such referral")

    def write(referral: Referral, data: dict[str, Any]) -> services.RequestsSent:
        sent = services.information_request(
            actor=request.user, referral=referral, agencies=list(data["agencies"])
        )
        for agency in sent.without_lead:
            messages.warning(
                request,
                f"{agency.name} has no designated safeguarding lead to tell: contact them.",
            )
        return sent

    return _step(
        request,
        pk,
        "Ask the agencies involved",
        "request_form",
        InformationRequestForm(request.POST, agencies=agencies_involved_with(referral.child)),
        write,
    )


@require_POST
@access_required(access.can_run_front_door)
def referral_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "Decide on the referral",
        "decision_form",
        DecisionForm(request.POST, social_workers=staff_in_post()),
        lambda referral, data: services.referral_decide(
            actor=request.user,
            referral=referral,
            decision=data["decision"],
            reason=data["reason"],
            social_worker=data["social_worker"],
        ),
    )


@require_POST
@access_required(access.can_run_front_door)
def referrer_tell(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "Tell the referrer",
        "tell_form",
        TellForm(request.POST),
        lambda referral, data: services.referrer_tell(
            actor=request.user, referral=referral, how=data["how"]
        ),
    )


def referral_path(referral: Referral) -> str:
    return reverse("safeguarding:referral", args=[referral.pk])


PK = r"(?P<pk>[0-9]{1,18})"

urlpatterns: list[URLPattern] = [
    path("front-door/", queue, name="front_door"),
    path("front-door/new/", referral_new, name="referral_new"),
    path(
        "front-door/new/children/",
        referral_child_suggestions,
        name="referral_child_suggestions",
    ),
    re_path(rf"^front-door/{PK}/$", referral_page, name="referral"),
    re_path(rf"^front-door/{PK}/screen/$", referral_screen, name="referral_screen"),
    re_path(rf"^front-door/{PK}/information/$", referral_information, name="referral_information"),
    re_path(rf"^front-door/{PK}/decide/$", referral_decide, name="referral_decide"),
    re_path(rf"^front-door/{PK}/tell/$", referrer_tell, name="referrer_tell"),
]
