"""Settings for benchmark servers: the real settings plus a bare view to compare against."""

from childtrust.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
