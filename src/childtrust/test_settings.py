"""Settings for the test suite: the real settings, with test mode on and a fast hasher."""

import os

os.environ.setdefault("CHILDTRUST_TESTING", "1")

from childtrust.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create hundreds of users. Production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405

# Tasks run as soon as they are enqueued, inside the test's transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Nearly every test makes a new test client, and so a new WhiteNoise middleware, which otherwise
# lists every static file and reads its details when it starts (about 150 of them, mostly the
# admin's): a third of the time of a typical view test. Files are looked up on request instead.
WHITENOISE_AUTOREFRESH = True
