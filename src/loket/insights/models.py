"""Models of loket.insights."""

from django.db import models  # noqa: F401
