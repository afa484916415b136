"""Signals later stages (documents, feedback) listen to; the workflow never imports them.

`application_completed` is sent inside the transaction that completes the application, so a
receiver's writes commit or roll back with it. Keyword arguments: application, actor, now.
"""

from django.dispatch import Signal

application_completed = Signal()
