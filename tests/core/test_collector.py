"""The garbage collector as a server process sets it once the application is loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from childtrust import gunicorn_conf
from childtrust.core.collector import YOUNGEST_THRESHOLD, collector_set_for_server


@pytest.fixture
def _collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("_collector_restored")
def test_a_server_process_freezes_what_it_loaded_and_collects_less_often() -> None:
    gc.unfreeze()
    collector_set_for_server()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNGEST_THRESHOLD


@pytest.mark.usefixtures("_collector_restored")
def test_gunicorn_workers_set_it_once_they_have_loaded_the_application() -> None:
    gc.unfreeze()
    gunicorn_conf.post_worker_init(worker=None)
    assert gc.get_freeze_count() > 0
