"""gunicorn settings for the demo and for production behind a buffering proxy.

Synchronous workers, two per core plus one (gunicorn's own advice): each request has a process
to itself and waiting requests queue fairly, which kept p95 latency within 1.2 times the median
under load in docs/benchmarks.md, where threaded workers let some connections wait much longer.
A slow client could hold a synchronous worker, which is why production sits behind a proxy that
buffers requests and responses. CHILDTRUST_THREADS above 1 switches to threaded workers.
"""

import multiprocessing
import os
from typing import Any

from gunicorn.glogging import Logger

workers = int(os.environ.get("CHILDTRUST_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("CHILDTRUST_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = 60
accesslog = os.environ.get("CHILDTRUST_ACCESS_LOG", "-") or None  # empty: no access log
forwarded_allow_ips = os.environ.get("CHILDTRUST_FORWARDED_ALLOW_IPS", "127.0.0.1")


class UntracedAccessLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn's logger, leaving out of the access log the POST of a form registered as
    untraced (childtrust.core.untraced: anonymous feedback, survey answers), whose address and
    moment would name its author. Every other request is logged as before."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        # Imported here: the worker has loaded Django (and the apps have registered their
        # untraced forms) by the time it logs a request, not when gunicorn reads this file.
        from childtrust.core.untraced import untraced_request

        if untraced_request(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)


logger_class = UntracedAccessLogger


def post_worker_init(worker: Any) -> None:  # noqa: ARG001 (gunicorn's hook)
    """The worker has loaded the application: keep what it loaded out of the collector's
    passes (childtrust.core.collector)."""
    from childtrust.core.collector import collector_set_for_server

    collector_set_for_server()
