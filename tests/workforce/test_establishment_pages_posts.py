"""The establishment's pages for posts, for every kind of reader: the list (its totals and
filters, scoped to what the reader sees: a team manager sees their own teams' posts and
vacancies only), a post's page (404 for none and for a post the reader may not see, as the API
answers), the forms
for workforce managers within their remit only (GET and POST refused to everyone else), bad
input on every form with every message in the error summary and nothing written, and an audit
event for each read of a post's holders."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce.models import AgencyCover, Holding, JobDescription, Post
from tests.factories import LocalityFactory, StaffMemberFactory, TeamFactory, UserFactory
from tests.workforce.establishment_setup import ACTORS, MANAGERS, READERS, actor_for, linked_user
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    JobDescriptionFactory,
    LeaverHoldingFactory,
    OtherPostFactory,
    PostFactory,
    WorkforceManagerFactory,
)

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def text(response: Any) -> str:
    return str(response.content.decode())


# --- The list -----------------------------------------------------------------------------------


def test_the_establishment_totals_are_worked_out_from_the_posts_holders_and_cover() -> None:
    # Post A 1.00 FTE held 0.60 (vacant 0.40), covered 0.40 by an agency worker; post B 0.50
    # FTE held by no one today (its holder left), vacant 0.50; post C ended: not counted.
    a = PostFactory(reference="A", fte=Decimal("1.00"))
    HoldingFactory(post=a, fte=Decimal("0.60"))
    AgencyCoverFactory(post=a, fte=Decimal("0.40"))
    b = PostFactory(reference="B", agency=a.agency, team=a.team, fte=Decimal("0.50"))
    LeaverHoldingFactory(post=b, fte=Decimal("0.50"))
    PostFactory(reference="C", agency=a.agency, ends_on=datetime.date(2020, 1, 31))

    page = text(client_of(WorkforceManagerFactory()).get("/workforce/posts/"))

    assert "2 posts, by agency and reference" in page
    for label, figure in (
        ("Funded", "1.50 FTE"),
        ("In post", "0.60 FTE"),
        ("Vacant", "0.90 FTE"),
        ("Agency cover", "0.40 FTE"),
    ):
        key = f'<dt class="govuk-summary-list__key">{label}</dt>'
        assert f'{key}<dd class="govuk-summary-list__value">{figure}</dd>' in page
    assert "0.40 FTE vacant" in page
    assert "0.50 FTE vacant" in page


@pytest.mark.parametrize("kind", ACTORS)
def test_who_sees_the_establishment_and_which_posts(kind: str) -> None:
    mine = PostFactory(job_title="Team post")
    PostFactory(job_title="Other team post", agency=mine.agency)  # another team, same agency
    PostFactory(job_title="Other agency post")
    actor = actor_for(kind, mine)

    response = client_of(actor).get("/workforce/posts/")

    if kind == "practitioner":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = text(response)
    expected = {
        "team_manager": {"Team post"},
        "other_team_manager": set(),
        "remit_in": {"Team post", "Other team post"},
        "remit_out": set(),
    }.get(kind, {"Team post", "Other team post", "Other agency post"})
    for title in ("Team post", "Other team post", "Other agency post"):
        assert (f">{title}</a>" in page) == (title in expected), title
    assert ("Add a post" in page) == (kind in MANAGERS or kind == "remit_out")


def test_the_filters_narrow_the_list_and_its_totals() -> None:
    locality = LocalityFactory(name="North")
    team = TeamFactory(locality=locality)
    social = PostFactory(job_title="Social worker North", team=team, agency=team.agency)
    HoldingFactory(post=social)
    vacant = PostFactory(job_title="Vacant social worker", agency=team.agency)
    OtherPostFactory(job_title="Health visitor post", agency=team.agency)
    client = client_of(WorkforceManagerFactory())

    by_locality = text(client.get("/workforce/posts/?locality=north"))
    social_only = text(client.get("/workforce/posts/?social_worker=on"))
    vacant_only = text(client.get("/workforce/posts/?vacant=on"))
    bad = client.get("/workforce/posts/?agency=nowhere&social_worker=on")

    assert "Social worker North" in by_locality
    assert "Vacant social worker" not in by_locality
    assert "Health visitor post" not in social_only
    assert "2 posts that match," in social_only
    assert "1 post that matches," in by_locality
    assert f">{vacant.job_title}</a>" in vacant_only
    assert f">{social.job_title}</a>" not in vacant_only
    assert "Choose an agency from the list" in text(bad)
    assert text(bad).count("<title>Error: ") == 1
    assert "Health visitor post" not in text(bad)  # the good filter still applies


# --- A post's page ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ACTORS)
def test_who_sees_a_post_and_its_holders(kind: str) -> None:
    post = PostFactory()
    holding = HoldingFactory(post=post, fte=Decimal("0.80"))
    AgencyCoverFactory(post=post, worker_name="Sam Locum", fte=Decimal("0.20"))
    JobDescriptionFactory(post=post, version=1, text="Holds a caseload.")
    actor = actor_for(kind, post)

    response = client_of(actor).get(f"/workforce/posts/{post.pk}/")

    if kind not in READERS:
        # As the API: a post one may not see is answered as one that does not exist.
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()
        return
    assert response.status_code == 200
    page = text(response)
    assert escape(str(holding.staff)) in page
    assert "0.80 FTE" in page
    assert "Sam Locum" in page
    assert "In post today" in page
    assert "Holds a caseload." in page
    assert ("Change this post" in page) == (kind in MANAGERS)
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="workforce.post")
    assert event.details["holdings_shown"] == 1
    assert event.details["leaving_reasons_shown"] == (kind != "team_manager")


def test_a_holder_sees_their_own_holding_only_and_no_cover() -> None:
    post = PostFactory(fte=Decimal("1.00"))
    mine = HoldingFactory(post=post, fte=Decimal("0.50"))
    other = HoldingFactory(post=post, fte=Decimal("0.50"))
    AgencyCoverFactory(post=post, worker_name="Sam Locum")
    user = linked_user(Role.PRACTITIONER, mine.staff)

    page = text(client_of(user).get(f"/workforce/posts/{post.pk}/"))

    assert escape(str(mine.staff)) in page
    assert escape(str(other.staff)) not in page
    assert "Sam Locum" not in page
    assert "You can see your own holding of this post only." in page
    # The post's in-post, vacant and cover FTE would tell them their job-sharer's contract.
    assert "In post today" not in page
    assert "Agency cover today" not in page
    assert "Shown to the post's team manager and workforce managers" in page


def test_a_post_that_does_not_exist_is_404_for_everyone() -> None:
    for user in (WorkforceManagerFactory(), UserFactory(role=Role.PRACTITIONER)):
        client = client_of(user)
        assert client.get("/workforce/posts/999999/").status_code == 404
        assert client.get("/workforce/posts/999999/job-description/compare/").status_code == 404


def test_leaving_reasons_on_a_post_only_for_those_who_see_them() -> None:
    post = PostFactory()
    LeaverHoldingFactory(post=post, leaving_reason="retirement")
    manager = WorkforceManagerFactory()
    team_manager = actor_for("team_manager", post)

    assert "Left the agency: Retirement" in text(
        client_of(manager).get(f"/workforce/posts/{post.pk}/")
    )
    seen = text(client_of(team_manager).get(f"/workforce/posts/{post.pk}/"))
    assert "Retirement" not in seen
    assert "30 June 2023" in seen


# --- The forms ----------------------------------------------------------------------------------


def _form_urls(post: Post, holding: Holding, cover: AgencyCover) -> list[str]:
    return [
        "/workforce/posts/new/",
        f"/workforce/posts/{post.pk}/edit/",
        f"/workforce/posts/{post.pk}/end/",
        f"/workforce/posts/{post.pk}/job-description/",
        f"/workforce/posts/{post.pk}/holders/new/",
        f"/workforce/posts/{post.pk}/holders/{holding.pk}/end/",
        f"/workforce/posts/{post.pk}/cover/new/",
        f"/workforce/posts/{post.pk}/cover/{cover.pk}/end/",
    ]


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_reach_the_post_forms(kind: str) -> None:
    post = PostFactory(job_title="Unchanged")
    holding = HoldingFactory(post=post)
    cover = AgencyCoverFactory(post=post)
    client = client_of(actor_for(kind, post))

    for url in _form_urls(post, holding, cover):
        # A manager of another agency, who may reach the forms, is told 404 for a post they may
        # not see; everyone else 403 (forms not theirs, or a post they may only see).
        refused = 404 if kind == "remit_out" else 403
        expected = 200 if kind in MANAGERS else refused
        if url == "/workforce/posts/new/" and kind not in MANAGERS:
            expected = 200 if kind == "remit_out" else 403  # they may add one to their agency
        assert client.get(url).status_code == expected, url
        if kind not in MANAGERS and url != "/workforce/posts/new/":
            assert client.post(url, {"job_title": "Changed"}).status_code == refused, url
    post.refresh_from_db()
    holding.refresh_from_db()
    assert (post.job_title, post.ends_on, holding.ends_on) == ("Unchanged", None, None)


def test_the_post_form_for_a_remitted_manager_offers_their_agency_only() -> None:
    post = PostFactory()
    elsewhere = PostFactory()
    client = client_of(actor_for("remit_in", post))

    page = text(client.get("/workforce/posts/new/"))
    refused = client.post("/workforce/posts/new/", {"agency": str(elsewhere.agency.pk)})

    assert post.agency.name in page
    assert elsewhere.agency.name not in page
    assert "Choose an agency from the list" in text(refused)


def test_a_post_created_on_its_page_then_shown() -> None:
    team = TeamFactory()
    client = client_of(WorkforceManagerFactory())

    response = client.post(
        "/workforce/posts/new/",
        {
            "agency": str(team.agency.pk),
            "reference": "SW-9",
            "job_title": "Social worker",
            "grade": "Grade 8",
            "fte": "0.50",
            "team": str(team.pk),
            "profession": "social_worker",
            "social_worker": "on",
            "job_description": "Holds a caseload.",
            **date_fields("starts_on", datetime.date(2024, 4, 1)),
        },
    )

    post = Post.objects.get(reference="SW-9")
    assert response.status_code == 302
    assert response["Location"] == f"/workforce/posts/{post.pk}/"
    assert (post.fte, post.social_worker, post.team) == (Decimal("0.50"), True, team)
    assert post.job_descriptions.get().text == "Holds a caseload."


BAD_FORMS: list[tuple[str, dict[str, str], list[str]]] = [
    (
        "/workforce/posts/new/",
        {
            "reference": "",
            "job_title": "",
            "fte": "1.5",
            "profession": "",
            "starts_on_day": "31",
            "starts_on_month": "2",
            "starts_on_year": "2024",
        },
        [
            "Choose the agency that funds the post",
            "Enter the post&#x27;s reference: its number in the agency&#x27;s HR system",
            "Enter the job title",
            "A post&#x27;s funded FTE cannot be more than 1.00; 1.50 was given",
            "Choose the post&#x27;s profession",
            "The day the post was first funded must be a real date",
        ],
    ),
    (
        "{post}/edit/",
        {
            "reference": "X",
            "job_title": "T",
            "fte": "0.40",
            "profession": "social_worker",
            "social_worker": "on",
            **date_fields("starts_on", datetime.date(2015, 4, 1)),
        },
        [
            "The post is funded for 0.40 FTE, but its holders would hold 1.00 FTE from "
            "8 January 2018"
        ],
    ),
    (
        "{post}/end/",
        date_fields("ends_on", datetime.date(2024, 3, 31)),
        ["The post still has holders after 31 March 2024"],
    ),
    (
        "{post}/job-description/",
        {"text": "", "reason": ""},
        ["Enter the job description", "Enter why the job description changed"],
    ),
    (
        "{post}/holders/new/",
        {
            "staff": "",
            "fte": "1.20",
            "starts_on_day": "",
            "starts_on_month": "",
            "starts_on_year": "",
        },
        [
            "Choose the member of staff",
            "The FTE for one person in one post cannot be more than 1.00; 1.20 was given",
            "Enter the start date",
        ],
    ),
    (
        "{post}/holders/{holding}/end/",
        {"how": "left", "leaving_reason": "", **date_fields("ends_on", datetime.date(2017, 1, 1))},
        ["Choose the leaving reason of someone leaving the agency"],
    ),
    (
        "{post}/holders/{holding}/end/",
        {
            "how": "left",
            "leaving_reason": "resignation",
            **date_fields("ends_on", datetime.date(2017, 1, 1)),
        },
        ["The leaving date (1 January 2017) must be on or after the start date (8 January 2018)"],
    ),
    (
        "{post}/cover/new/",
        {
            "worker_name": "",
            "supplier": "",
            "fte": "abc",
            "reason": "",
            **date_fields("starts_on", datetime.date(2024, 5, 1)),
            **date_fields("ends_on", datetime.date(2024, 4, 1)),
        },
        [
            "Enter the agency worker&#x27;s name",
            "Enter the employment agency that supplies them",
            "Enter the FTE as a number, such as 0.60",
            "Choose why the post is covered",
        ],
    ),
    (
        "{post}/cover/{cover}/end/",
        date_fields("ends_on", datetime.date(2020, 1, 1)),
        [
            "The last day of the cover (1 January 2020) must be on or after the start date "
            "(3 April 2023)"
        ],
    ),
]


@pytest.mark.parametrize(("url", "data", "messages"), BAD_FORMS)
def test_bad_input_on_each_form_shows_every_message_and_writes_nothing(
    url: str, data: dict[str, str], messages: list[str]
) -> None:
    post = PostFactory(reference="P1", fte=Decimal("1.00"))
    holding = HoldingFactory(post=post, fte=Decimal("1.00"))
    cover = AgencyCoverFactory(post=post)
    JobDescriptionFactory(post=post, version=1)
    before = (Post.objects.count(), Holding.objects.count(), AgencyCover.objects.count())
    events = AuditEvent.objects.exclude(action=AuditAction.VIEW).count()
    address = url.format(post=f"/workforce/posts/{post.pk}", holding=holding.pk, cover=cover.pk)

    response = client_of(WorkforceManagerFactory()).post(address, data)

    page = text(response)
    assert response.status_code == 200
    assert page.count("<title>Error: ") == 1
    assert "There is a problem" in page
    for message in messages:
        assert message in page, message
    assert (Post.objects.count(), Holding.objects.count(), AgencyCover.objects.count()) == before
    assert JobDescription.objects.count() == 1
    post.refresh_from_db()
    holding.refresh_from_db()
    cover.refresh_from_db()
    assert (post.fte, post.ends_on, holding.ends_on, cover.ends_on) == (
        Decimal("1.00"),
        None,
        None,
        None,
    )
    assert AuditEvent.objects.exclude(action=AuditAction.VIEW).count() == events


def test_a_holder_from_another_agency_cannot_be_chosen() -> None:
    post = PostFactory()
    outsider = StaffMemberFactory()

    response = client_of(WorkforceManagerFactory()).post(
        f"/workforce/posts/{post.pk}/holders/new/",
        {
            "staff": str(outsider.pk),
            "fte": "1.00",
            **date_fields("starts_on", datetime.date(2024, 1, 1)),
        },
    )

    assert "Choose a member of staff from the list" in text(response)
    assert not Holding.objects.exists()


def test_a_holding_ended_as_a_move_and_cover_added_on_their_pages() -> None:
    post = PostFactory()
    holding = HoldingFactory(post=post)
    client = client_of(WorkforceManagerFactory())

    moved = client.post(
        f"/workforce/posts/{post.pk}/holders/{holding.pk}/end/",
        {"how": "moved", **date_fields("ends_on", datetime.date(2024, 3, 31))},
    )
    covered = client.post(
        f"/workforce/posts/{post.pk}/cover/new/",
        {
            "worker_name": "Pat Locum",
            "supplier": "Northgate Locums Ltd",
            "fte": "1",
            "reason": "vacancy",
            **date_fields("starts_on", datetime.date(2024, 4, 1)),
        },
    )

    holding.refresh_from_db()
    assert moved.status_code == covered.status_code == 302
    assert (holding.ends_on, holding.leaving_reason) == (datetime.date(2024, 3, 31), "")
    assert AgencyCover.objects.get().fte == Decimal("1.00")
    page = text(client.get(f"/workforce/posts/{post.pk}/"))
    assert "Moved within the agency" in page
    assert "Pat Locum" in page


# --- Job descriptions compared ------------------------------------------------------------------


def test_two_versions_compared_show_added_and_removed_lines_in_words() -> None:
    post = PostFactory()
    JobDescriptionFactory(post=post, version=1, text="Holds a caseload.\nWorks in the city.")
    JobDescriptionFactory(
        post=post,
        version=2,
        text="Holds a caseload.\nWorks in the North locality.\nSupervises students.",
        reason="Locality working",
    )
    client = client_of(WorkforceManagerFactory())

    page = text(client.get(f"/workforce/posts/{post.pk}/job-description/compare/?from=1&to=2"))
    default = client.get(f"/workforce/posts/{post.pk}/job-description/compare/")
    same = client.get(f"/workforce/posts/{post.pk}/job-description/compare/?from=2&to=2")
    missing = client.get(f"/workforce/posts/{post.pk}/job-description/compare/?from=1&to=9")
    nonsense = client.get(f"/workforce/posts/{post.pk}/job-description/compare/?from=x&to=2")

    assert "Version 2 adds 2 lines and removes 1 line of version 1" in page
    assert "<strong>Removed</strong>" in page
    assert "<strong>Added</strong>" in page
    assert '<del><span class="govuk-visually-hidden">removed text: </span>city.</del>' in page
    assert (
        '<ins><span class="govuk-visually-hidden">added text: </span>North locality.</ins>' in page
    )
    assert "Supervises students." in page
    assert "Locality working" in page
    assert default.status_code == 200
    assert "Version 2 adds 2 lines and removes 1 line of version 1" in text(default)
    assert (same.status_code, missing.status_code, nonsense.status_code) == (404, 404, 404)
    post_page = text(client.get(f"/workforce/posts/{post.pk}/"))
    assert "?from=1&amp;to=2" in post_page


@pytest.mark.parametrize("kind", ACTORS)
def test_the_comparison_is_for_those_who_see_the_post(kind: str) -> None:
    post = PostFactory()
    JobDescriptionFactory(post=post, version=1, text="A")
    JobDescriptionFactory(post=post, version=2, text="B")

    response = client_of(actor_for(kind, post)).get(
        f"/workforce/posts/{post.pk}/job-description/compare/?from=1&to=2"
    )

    assert response.status_code == (200 if kind in READERS else 404)
