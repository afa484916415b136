"""Hooks for later stages (forms, procedures, output templates) without the catalogue importing them.

- draft_opened(sender=Service, source=ServiceStandard|None, draft=ServiceStandard): copy your rows of
  `source` to `draft`.
- before_publish(sender=Service, draft=ServiceStandard): raise LoketError to block publishing.
"""

from django.dispatch import Signal

draft_opened = Signal()
before_publish = Signal()
