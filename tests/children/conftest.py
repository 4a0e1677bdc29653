"""Fixtures the children's tests share."""

from __future__ import annotations

import pytest

from childtrust.partnership.models import Agency
from tests.factories import AgencyFactory


@pytest.fixture
def agency() -> Agency:
    """The agency whose records the import tests load (`city-school-nursing` on the command
    line)."""
    return AgencyFactory(name="City school nursing", slug="city-school-nursing")
