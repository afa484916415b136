"""Forms follow their standard: copied into each new draft."""

from django.dispatch import receiver

from loket.applications.models import FormDefinition
from loket.catalogue.signals import draft_opened


@receiver(draft_opened)
def copy_form(sender, source, draft, **kwargs):
    if source is None:
        return
    form = FormDefinition.objects.filter(standard=source).first()
    if form:
        FormDefinition.objects.create(standard=draft, fields=form.fields, schema=form.schema)
