from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    """The service name and the navigation that every page's header shows."""
    from childtrust.core.navigation import navigation_for

    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request),
        "demo_mode": settings.DEMO,
    }
