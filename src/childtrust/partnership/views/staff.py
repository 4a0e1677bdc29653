"""The staff directory's pages: the search, a person's record, an agency's organisation chart,
and the forms that keep people's records. People's records are personal data: every page reads
them through the access functions, which check the role and audit each read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.http import found, query_without_page
from childtrust.core.permissions import access_required
from childtrust.partnership import access
from childtrust.partnership.forms import staff as forms
from childtrust.partnership.selectors import registry as registry_selectors
from childtrust.partnership.selectors import staff as selectors
from childtrust.partnership.services import staff as services
from childtrust.partnership.views._shared import Saved, form_page

STAFF_PER_PAGE = 25

STAFF_FORM_FIELDS = list(forms.StaffMemberForm.base_fields)


def _person_page(pk: int) -> str:
    return reverse("partnership:staff_detail", kwargs={"pk": pk})


@access_required(access.can_view_staff_directory)
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.StaffFilterForm(request.GET or None)
    directory = access.staff_directory_for_user(request.user, form.to_filter())
    page = Paginator(directory.people, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/staff_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(person, directory.levels.get(person.pk)) for person in page],
            "query": query_without_page(request),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_view_staff_directory)
def staff_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.staff_member_for_user(request.user, pk, purpose="view")
    return render(
        request,
        "partnership/staff_detail.html",
        {
            "person": person,
            "level": selectors.staff_levels(agency=person.agency).get(person.pk),
            "can_manage": access.can_manage_partnership(request.user),
        },
    )


@access_required(access.can_manage_partnership)
def staff_create(request: AuthenticatedRequest) -> HttpResponse:
    return form_page(
        request,
        forms.StaffMemberForm(request.POST or None),
        lambda data: services.staff_member_create(actor=request.user, **data),
        saved=lambda person: Saved(
            f"{person} has been added to the staff directory.", _person_page(person.pk)
        ),
        title="Add a person",
        caption="Staff directory",
        submit="Add person",
        cancel_url=reverse("partnership:staff_list"),
    )


@access_required(access.can_manage_partnership)
def staff_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.staff_member_for_user(request.user, pk, purpose="edit")
    return form_page(
        request,
        forms.StaffMemberForm(
            request.POST or None,
            initial=model_to_dict(person, fields=STAFF_FORM_FIELDS),
            person=person,
        ),
        lambda data: services.staff_member_update(actor=request.user, person=person, **data),
        saved=lambda saved: Saved(f"{saved}'s record has been updated.", _person_page(pk)),
        title=f"Change {person}'s record",
        caption="Staff directory",
        submit="Save changes",
        cancel_url=_person_page(pk),
    )


@access_required(access.can_view_staff_directory)
def org_chart(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    agency = found(registry_selectors.agency_with_slug(slug))
    chart = access.org_chart_for_user(request.user, agency)
    return render(request, "partnership/org_chart.html", {"agency": agency, "chart": chart})
