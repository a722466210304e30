"""The portal's own settings, served as in production (DEBUG off, quiet logs), plus two
benchmark-only views (benchmarks/urls.py): the trivial view every page is compared with."""

from portal.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
