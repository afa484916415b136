"""Loket's own settings, unchanged except for the URLconf that adds the floor route, and the API
cache lifetime, which the catalogue benchmark sets to 0 to measure the uncached path too."""

import os

from loket.settings import *  # noqa: F403

ROOT_URLCONF = "bench_site.urls"
if "LOKET_API_CACHE_SECONDS" in os.environ:
    LOKET_API_CACHE_SECONDS = int(os.environ["LOKET_API_CACHE_SECONDS"])
