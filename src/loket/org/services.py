"""State changes of the organisation register: an official declares a relative, or withdraws a declaration.

A declaration is kept with its history (issue 13: conflict of interest is declared, and what was declared stays
readable by those who oversee the official): withdrawing one records when, by whom and why; no row is deleted.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.core.identifiers import mask_nik, parse_nik
from loket.org import people, rules
from loket.org.models import DeclaredRelative


@transaction.atomic
def declare_relative(*, actor, nik: str, name: str, relation: str, note: str = "") -> DeclaredRelative:
    """The actor declares a relative by NIK: from now on the engine refuses them any action on that person's
    cases (workflow.rules.separation_refusal, RELATIVE)."""
    nik = "".join(str(nik or "").split())
    name, note = " ".join(str(name or "").split()), " ".join(str(note or "").split())
    live = frozenset(
        DeclaredRelative.objects.select_for_update()
        .filter(official=actor, removed_at__isnull=True)
        .values_list("nik", flat=True)
    )
    errors = rules.declaration_errors(
        nik=nik, name=name, relation=relation, note=note, own_niks=people.niks_of(actor), live_niks=live
    )
    if errors:
        raise LoketError(
            tr("Pernyataan keluarga belum dapat disimpan.", "The declaration cannot be saved yet."),
            errors={field: [tr(*message)] for field, message in errors.items()},
        )
    try:
        with transaction.atomic():
            relative = DeclaredRelative.objects.create(
                official=actor,
                nik=parse_nik(nik).number,
                name=name,
                relation=relation,
                relation_note=note if relation == rules.OTHER else "",
                declared_at=timezone.now(),
            )
    except IntegrityError:  # the same NIK declared at the same moment from another tab
        raise LoketError(
            tr("NIK ini sudah Anda nyatakan sebagai keluarga.", "You already declared this NIK."), field="nik"
        ) from None
    audit.record(
        "org.relative_declared",
        obj=relative,
        actor=actor,
        data={"nik": mask_nik(relative.nik), "relation": relation},
    )
    return relative


@transaction.atomic
def remove_relative(*, actor, relative_id: int, reason: str) -> DeclaredRelative:
    """The official withdraws one of their declarations, with the reason (e.g. a divorce, or a wrong NIK); the row
    stays with when, by whom and why, and the audit log records it."""
    reason = " ".join(str(reason or "").split())
    relative = (
        DeclaredRelative.objects.select_for_update()
        .filter(pk=relative_id, official=actor, removed_at__isnull=True)
        .first()
    )
    if relative is None:
        raise NotFound(tr("Pernyataan keluarga tidak ditemukan.", "Declaration not found."))
    if not reason:
        raise LoketError(
            tr(
                "Tuliskan alasan pencabutan (mis. salah NIK, perceraian); alasan ini tetap tercatat.",
                "Give the reason for withdrawing (e.g. a wrong NIK, a divorce); it stays on record.",
            ),
            field="reason",
        )
    relative.removed_at, relative.removed_by, relative.removal_reason = timezone.now(), actor, reason[:300]
    relative.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    audit.record(
        "org.relative_removed",
        obj=relative,
        actor=actor,
        data={"nik": mask_nik(relative.nik), "relation": relative.relation, "reason": relative.removal_reason},
    )
    return relative
