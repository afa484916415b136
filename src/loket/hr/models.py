"""Models of loket.hr."""

from django.db import models  # noqa: F401
