"""The information-sharing decision's form: the override's reason is a GOV.UK conditional reveal
under "Shared without consent", and an incomplete form lists every problem at once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from childtrust.accounts.models import Role
from childtrust.children.models import SharingDecision
from tests.children.factories import ChildFactory, staff_user

pytestmark = pytest.mark.django_db


def _form_page(data: dict[str, str] | None = None) -> str:
    user = staff_user(Role.FRONT_DOOR)
    client = Client()
    client.force_login(user)
    url = f"/children/{ChildFactory().reference}/sharing/add/"
    response = client.post(url, data) if data is not None else client.get(url)
    return response.content.decode()


def test_the_override_reason_is_revealed_by_the_overridden_choice_and_hidden_until_then() -> None:
    page = _form_page()
    overridden = re.search(r'<input[^>]*value="overridden"[^>]*>', page)
    assert overridden is not None
    assert 'data-aria-controls="id_outcome-conditional"' in overridden.group(0)
    reveal = re.search(
        r'<div class="govuk-radios__conditional([^"]*)" id="id_outcome-conditional">(.*?)</div>\s*'
        r"</div>\s*(?:<div class=\"govuk-radios__item\">|</div>)",
        page,
        re.S,
    )
    assert reveal is not None
    assert reveal.group(1) == " govuk-radios__conditional--hidden"
    assert 'name="override_reason"' in reveal.group(2)
    # Once, inside the reveal: not a second time as a plain field.
    assert page.count('name="override_reason"') == 1


def test_the_reveal_stays_open_when_overridden_was_chosen() -> None:
    page = _form_page({"outcome": "overridden"})
    assert 'class="govuk-radios__conditional" id="id_outcome-conditional"' in page


def test_an_override_without_a_reason_is_listed_with_the_other_problems_at_once() -> None:
    page = _form_page({"outcome": "overridden", "what_shared": ""})
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "Enter what was shared" in summary
    assert 'href="#id_override_reason"' in summary
    assert "Enter why consent was overridden" in summary
    assert not SharingDecision.objects.exists()


def test_a_reason_is_not_asked_for_when_consent_was_given() -> None:
    page = _form_page({"outcome": "given"})
    assert "Enter why consent was overridden" not in page
