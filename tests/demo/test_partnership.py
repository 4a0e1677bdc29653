"""The demo partnership's loader and commands where the database must start empty (refusals,
--if-empty, two loads giving the same people) or is not needed (the generated data itself).
What the loaded demo holds is checked in loaded/test_partnership.py."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from pytest_django.fixtures import Settings

from childtrust.accounts.demo import DEMO_USERNAMES
from childtrust.accounts.models import User
from childtrust.audit.models import AuditEvent
from childtrust.partnership import models as p
from childtrust.partnership.demo.city import LOCALITIES
from childtrust.partnership.demo.people import build_demo_data
from tests.demo.southampton import SOUTHAMPTON_WARDS
from tests.factories import AgencyFactory, UserFactory


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


# --- Refusals and --if-empty ------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_is_refused_outside_demo_mode(settings: Settings) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError, match="only in demo mode"):
        _load()
    assert not p.Agency.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_load_demo_outside_demo_mode_exits_non_zero_with_the_reason(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # No database access is needed to refuse: the refusal comes before any query.
    settings.DEMO = False
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["childtrust", "load_demo", "--skip-checks"]).execute()
    assert exit_info.value.code == 1
    assert "only in demo mode" in capsys.readouterr().err


@pytest.mark.django_db
def test_load_demo_if_empty_twice_loads_once_and_says_so(demo_mode: Settings) -> None:
    first = _load("--if-empty")
    counts = (p.Agency.objects.count(), p.StaffMember.objects.count(), AuditEvent.objects.count())

    second = _load("--if-empty")

    assert "Loaded the demo partnership" in first
    assert "already has agencies" in second
    assert "not loaded again" in second
    assert (
        p.Agency.objects.count(),
        p.StaffMember.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_a_partnership_with_agencies_alone(
    demo_mode: Settings,
) -> None:
    AgencyFactory(name="Real agency")
    output = _load("--if-empty")
    assert "already has agencies" in output
    assert list(p.Agency.objects.values_list("name", flat=True)) == ["Real agency"]
    assert not p.StaffMember.objects.exists()


@pytest.mark.django_db
def test_load_demo_without_if_empty_refuses_a_partnership_with_agencies(
    demo_mode: Settings,
) -> None:
    AgencyFactory(name="Real agency")
    with pytest.raises(CommandError, match="only into an empty database"):
        _load()
    assert p.Agency.objects.count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_load_demo_refuses_when_a_demo_username_is_taken_and_writes_nothing(
    demo_mode: Settings,
) -> None:
    UserFactory(username="admin")
    with pytest.raises(CommandError, match="admin"):
        _load()
    assert not p.Agency.objects.exists()
    assert not p.Locality.objects.exists()
    assert User.objects.count() == 1


# --- Determinism -----------------------------------------------------------------------------


def _staff_snapshot() -> list[tuple[str, str, str, str, str, str]]:
    return sorted(
        (
            m.email,
            m.given_name,
            m.family_name,
            m.job_title,
            m.team.name if m.team else "",
            m.manager.email if m.manager else "",
        )
        for m in p.StaffMember.objects.select_related("team", "manager")
    )


class _RollBackError(Exception):
    pass


@pytest.mark.django_db
def test_two_loads_into_empty_databases_give_the_same_people(demo_mode: Settings) -> None:
    snapshots = []
    for _ in range(2):
        with pytest.raises(_RollBackError), transaction.atomic():  # noqa: PT012 (rolls back)
            _load()
            snapshots.append(_staff_snapshot())
            raise _RollBackError  # back to an empty database for the next load
    assert not p.StaffMember.objects.exists()
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0]) >= 280


def _digest_in_a_fresh_interpreter(hash_seed: str) -> str:
    code = (
        "import django, hashlib; django.setup(); "
        "from childtrust.partnership.demo.people import build_demo_data; "
        "print(hashlib.sha256(repr(build_demo_data()).encode()).hexdigest())"
    )
    env = {
        **os.environ,
        "PYTHONHASHSEED": hash_seed,
        "DJANGO_SETTINGS_MODULE": "childtrust.test_settings",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_generated_data_is_the_same_in_every_process() -> None:
    """Not just the same seed: nothing may depend on set order or string hashing either."""
    here = hashlib.sha256(repr(build_demo_data()).encode()).hexdigest()
    assert _digest_in_a_fresh_interpreter("1") == here
    assert _digest_in_a_fresh_interpreter("2") == here


def test_a_different_seed_gives_different_people() -> None:
    names = [(s.given_name, s.family_name) for s in build_demo_data().staff]
    other = [(s.given_name, s.family_name) for s in build_demo_data(seed=1).staff]
    assert names != other


def test_the_localities_cover_every_ward_once() -> None:
    wards = [ward for locality in LOCALITIES for ward in locality.wards]
    assert sorted(wards) == sorted(SOUTHAMPTON_WARDS)


def test_every_demo_account_is_given_to_exactly_one_staff_member() -> None:
    accounts = [s.account for s in build_demo_data().staff if s.account]
    assert sorted(accounts) == sorted(DEMO_USERNAMES)


# --- demo_accounts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_accounts_says_when_there_are_none(demo_mode: Settings) -> None:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "no demo accounts" in out.getvalue()


@pytest.mark.django_db
def test_demo_accounts_is_refused_outside_demo_mode(settings: Settings) -> None:
    settings.DEMO = False
    out = StringIO()
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("demo_accounts", stdout=out)
    assert settings.DEMO_PASSWORD not in out.getvalue()
