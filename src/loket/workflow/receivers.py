"""Procedures follow their standard: copied into each new draft, checked before publishing."""

from django.dispatch import receiver

from loket.catalogue.signals import before_publish, draft_opened
from loket.core.errors import LoketError
from loket.workflow import rules
from loket.workflow.models import ProcedureStep


@receiver(draft_opened)
def copy_steps(sender, source, draft, **kwargs):
    if source is None:
        return
    same_agency = source.service.agency_id == draft.service.agency_id
    for step in ProcedureStep.objects.filter(standard=source).prefetch_related("parallel_units"):
        units = list(step.parallel_units.all())
        copy = ProcedureStep.objects.create(
            standard=draft,
            position=step.position,
            name_id=step.name_id,
            name_en=step.name_en,
            role=step.role,
            # An adopting kabupaten/kota has its own units: it assigns them after adopting.
            unit=step.unit if same_agency else None,
            sla_days=step.sla_days,
            addressee=step.addressee,  # a rule, not a person: it holds in any agency
            same_approver_step=step.same_approver_step,
        )
        if same_agency and units:
            copy.parallel_units.set(units)


@receiver(before_publish)
def check_steps(sender, draft, **kwargs):
    steps = [
        {"name": s.name_id, "sla_days": s.sla_days, "parallel_units": [1, 1] if s.is_parallel else [], "kind": s.kind}
        for s in ProcedureStep.objects.filter(standard=draft)
    ]
    if not steps:
        return  # an information-only service; online submission needs a procedure (workflow.start refuses)
    errors = rules.procedure_errors(steps, draft.time_limit_days)
    if errors:
        raise LoketError("Prosedur (SOP) belum sesuai.", errors={"steps": errors})
