"""Fixtures for the demo's tests."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def demo_mode(settings: Settings) -> Settings:
    settings.DEMO = True
    return settings
