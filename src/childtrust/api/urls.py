"""The versioned JSON API, mounted at /api/v1/."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="childtrust API",
    version="1",
    description="The partnership's agencies, services, teams, localities and outcomes framework.",
    urls_namespace="api-v1",
    docs_url=None,
)
