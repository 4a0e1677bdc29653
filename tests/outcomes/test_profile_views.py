"""The partnership profile and the locality pages over HTTP, without data: the profile says so,
and the outcomes index links both (the words of each comparison are tested in
tests/outcomes/test_vocabulary.py). The pages on the demo partnership (every role, the words
and tags, the charts, the downloads, the queries) are tested in
tests/demo/loaded/test_outcomes_pages.py, where the demo is loaded once for them all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role

pytestmark = pytest.mark.django_db

PROFILE = reverse("outcomes:profile")


LOCALITIES = reverse("outcomes:localities")


def test_the_profile_with_no_data_says_so(client_for: Callable[[str], Client]) -> None:
    page = client_for(Role.AUDITOR).get(PROFILE).content.decode()
    assert "No local authority's indicator data has been loaded yet." in page


def test_the_outcomes_index_links_the_profile_and_the_localities(
    client_for: Callable[[str], Client],
) -> None:
    page = client_for(Role.PRACTITIONER).get(reverse("outcomes:index")).content.decode()
    assert f'href="{PROFILE}"' in page
    assert f'href="{LOCALITIES}"' in page
