"""The demo's staff voice loader where the database must start without it: refused twice,
refused without the partnership, and the same moment giving the same staff voice. What the
loaded demo holds is checked in loaded/test_voice.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from childtrust.partnership.demo.loader import demo_load
from childtrust.voice import models as v
from childtrust.voice.demo import VoiceDemoRefusedError, voice_demo_load
from tests.demo.voice_moments import moments_after


@pytest.mark.django_db
def test_staff_voice_is_not_loaded_twice() -> None:
    demo_load()
    voice_demo_load()
    with pytest.raises(VoiceDemoRefusedError, match="already has"):
        voice_demo_load()
    assert v.Message.objects.count() == 4


@pytest.mark.django_db
def test_staff_voice_needs_the_partnership_first() -> None:
    with pytest.raises(VoiceDemoRefusedError, match="no head of the local authority"):
        voice_demo_load()
    assert not v.Message.objects.exists()


@pytest.mark.django_db
def test_nothing_happens_after_the_load_even_across_a_change_of_the_clocks() -> None:
    """Loaded a week after the clocks went back, many moments fall either side of the change."""
    moment = datetime.datetime(2025, 11, 3, 9, 5, tzinfo=datetime.UTC)
    demo_load()
    voice_demo_load(now=moment)
    assert moments_after(moment) == []
    assert v.FeedbackReach.objects.filter(read_at__gt=moment - datetime.timedelta(days=1)).exists()


class _RollBackError(Exception):
    pass


def _snapshot() -> tuple[object, ...]:
    return (
        sorted(
            v.Recipient.objects.values_list(
                "message__title", "staff__email", "briefed_at", "understood_at"
            )
        ),
        sorted(v.CascadeTask.objects.values_list("message__title", "manager__email", "briefed_at")),
        sorted(v.SurveyAnswer.objects.values_list("question__text", "score", "text")),
        sorted(
            v.Feedback.objects.values_list(
                "subject", "raised_by__email", "raised_on", "owner__email"
            )
        ),
    )


@pytest.mark.django_db
def test_the_same_moment_gives_the_same_staff_voice() -> None:
    moment = datetime.datetime(2025, 6, 4, 11, 30, tzinfo=datetime.UTC)
    snapshots = []
    for _ in range(2):
        with pytest.raises(_RollBackError), transaction.atomic():  # noqa: PT012 (rolls back)
            demo_load()
            voice_demo_load(now=moment)
            snapshots.append(_snapshot())
            raise _RollBackError
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0][0]) > 900
