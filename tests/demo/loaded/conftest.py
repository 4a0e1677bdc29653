"""The demo partnership, loaded once for every test in this package.

Loading the whole demo takes seconds, and a hundred tests read it. So it is loaded once, inside
an outer transaction that is rolled back after the package's last test. Each test's own
transaction (pytest-django's `db`) is a savepoint inside that one, rolled back after the test:
whatever a test writes is undone, and the next test reads the demo exactly as loaded.

Tests that need an empty database (a load refused when it is not empty, --if-empty, two loads
giving the same people) live outside this package, in tests/demo/, and load per test.

Under pytest-xdist each worker that runs some of these tests loads the demo once: xdist's
`load` distribution hands each worker consecutive runs of the collection, so a worker's share
of this package comes together. (One xdist group for the package would load it once per run,
but `--dist loadgroup` groups nothing with pytest 9.2 and xdist 3.8: pytest-xdist issue 1386.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from tests.demo.loaded.loading import LoadedDemo, load_through_the_command


@pytest.fixture(scope="package")
def demo_partnership(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[LoadedDemo]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            loaded = load_through_the_command()
        yield loaded
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _each_test_inside_the_loaded_demo(demo_partnership: LoadedDemo, db: None) -> None:
    """Every test here reads the loaded demo, in its own savepoint (pytest-django's `db`)."""
