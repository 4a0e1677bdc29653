from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    """The service name and the navigation every page shows (header sections, side navigation,
    breadcrumbs: core.navigation)."""
    from childtrust.core.navigation import navigation_for

    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request),
        "demo_mode": settings.DEMO,
    }
