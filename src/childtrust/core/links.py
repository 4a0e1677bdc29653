"""Links in what leaves the service, such as an email: a relative link ("/alerts/12") leads
nowhere from a mail client, so every link sent out is made absolute under the service's public
address (settings.SITE_ADDRESS, from CHILDTRUST_SITE_ADDRESS)."""

from __future__ import annotations

from django.conf import settings


def absolute_link(path: str) -> str:
    """The service's page at `path` (as reverse() gives it) as a full address to send out.
    Anything but a path inside the service is refused, so that no caller can send a link that
    leads elsewhere."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"Not a path inside the service: {path!r}")
    return str(settings.SITE_ADDRESS).rstrip("/") + path
