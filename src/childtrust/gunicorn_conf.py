"""gunicorn settings for the demo and for production behind a proxy.

Two workers per core with a few threads each: pages spend much of their time waiting on the
database, and SQLite in WAL mode lets readers proceed while one writer writes.
"""

import multiprocessing
import os

workers = int(os.environ.get("CHILDTRUST_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("CHILDTRUST_THREADS", "4"))
worker_class = "gthread"
timeout = 60
accesslog = os.environ.get("CHILDTRUST_ACCESS_LOG", "-") or None  # empty: no access log
forwarded_allow_ips = os.environ.get("CHILDTRUST_FORWARDED_ALLOW_IPS", "127.0.0.1")
