"""Models of loket.documents."""

from django.db import models  # noqa: F401
