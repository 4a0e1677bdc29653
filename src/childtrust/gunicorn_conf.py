"""gunicorn settings for the demo and for production behind a buffering proxy.

Synchronous workers, two per core plus one (gunicorn's own advice): each request has a process
to itself and waiting requests queue fairly, which kept p95 latency within 1.2 times the median
under load in docs/benchmarks.md, where threaded workers let some connections wait much longer.
A slow client could hold a synchronous worker, which is why production sits behind a proxy that
buffers requests and responses. CHILDTRUST_THREADS above 1 switches to threaded workers.
"""

import multiprocessing
import os

workers = int(os.environ.get("CHILDTRUST_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("CHILDTRUST_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = 60
accesslog = os.environ.get("CHILDTRUST_ACCESS_LOG", "-") or None  # empty: no access log
forwarded_allow_ips = os.environ.get("CHILDTRUST_FORWARDED_ALLOW_IPS", "127.0.0.1")
