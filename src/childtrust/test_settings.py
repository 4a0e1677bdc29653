"""Settings for the test suite: the real settings, with test mode on and a fast hasher."""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("CHILDTRUST_TESTING", "1")
# The audit log's key and checkpoints: a key of the test run's own and a file in a temporary
# folder, so that no test reads or writes var/ (each xdist worker has its own of both).
os.environ.setdefault("CHILDTRUST_AUDIT_KEY", secrets.token_urlsafe(48))
_AUDIT_FOLDER = tempfile.mkdtemp(prefix="childtrust-test-audit-")
atexit.register(shutil.rmtree, _AUDIT_FOLDER, ignore_errors=True)
os.environ["CHILDTRUST_AUDIT_CHECKPOINT_FILE"] = str(Path(_AUDIT_FOLDER) / "checkpoints.jsonl")

from childtrust.settings import *  # noqa: E402, F403

# Argon2 is deliberately slow; tests create hundreds of users. Production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405

# Tasks run as soon as they are enqueued, inside the test's transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Nearly every test makes a new test client, and so a new WhiteNoise middleware, which otherwise
# lists every static file and reads its details when it starts (about 150 of them, mostly the
# admin's): a third of the time of a typical view test. Files are looked up on request instead.
WHITENOISE_AUTOREFRESH = True
