"""core.links: a path inside the service made a full address to send out, and nothing else."""

from __future__ import annotations

import pytest
from django.test import override_settings

from childtrust.core.links import absolute_link


@pytest.mark.parametrize(
    ("address", "path", "link"),
    [
        (
            "https://childtrust.example.org",
            "/alerts/12",
            "https://childtrust.example.org/alerts/12",
        ),
        ("https://childtrust.example.org/", "/help/", "https://childtrust.example.org/help/"),
        ("https://example.org/childtrust", "/", "https://example.org/childtrust/"),
        ("http://127.0.0.1:8000", "/audit/checks/", "http://127.0.0.1:8000/audit/checks/"),
    ],
)
def test_a_path_is_made_absolute_under_the_site_address(address: str, path: str, link: str) -> None:
    with override_settings(SITE_ADDRESS=address):
        assert absolute_link(path) == link


@pytest.mark.parametrize(
    "path", ["", "alerts/12", "https://attacker.example/alerts", "//attacker.example/alerts"]
)
def test_anything_but_a_path_inside_the_service_is_refused(path: str) -> None:
    with (
        override_settings(SITE_ADDRESS="https://childtrust.example.org"),
        pytest.raises(ValueError, match="Not a path inside the service"),
    ):
        absolute_link(path)
