"""Models of loket.feedback."""

from django.db import models  # noqa: F401
