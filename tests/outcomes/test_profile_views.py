"""The partnership profile and the locality pages over HTTP, without data: the profile says so,
the outcomes index links both, and each judgement has its words. The pages on the demo
partnership (every role, the words and tags, the charts, the downloads, the queries) are tested
in tests/demo/loaded/test_outcomes_pages.py, where the demo is loaded once for them all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.outcomes.profiles import judgement_words

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


@pytest.mark.parametrize(
    ("judgement", "words"),
    [
        ("best", "Better than England (99.8% confidence)"),
        ("better", "Better than England"),
        ("similar", "Similar to England"),
        ("worse", "Worse than England"),
        ("worst", "Worse than England (99.8% confidence)"),
        ("higher", "Higher than England"),
        ("lower", "Lower than England"),
        ("not compared", "Not compared"),
    ],
)
def test_each_judgement_has_its_words(judgement: str, words: str) -> None:
    assert judgement_words(judgement, "England") == words
