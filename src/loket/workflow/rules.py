"""Pure rules of a procedure (SOP): no Django imports.

UU 25/2009 art. 21(b)-(c): the procedure and its time limit are part of the published standard, so the
steps' SLAs must fit inside the standard's time limit. A parallel step (several units at once) costs
its SLA once.
"""


def procedure_errors(steps: list[dict], time_limit_days: int | None) -> list[str]:
    """steps: [{"name": str, "sla_days": int, "role": str, "parallel_units": [ids]}]; Indonesian messages."""
    errors = []
    if not steps:
        errors.append("Prosedur minimal memuat satu langkah.")
    for index, step in enumerate(steps, start=1):
        if not str(step.get("name", "")).strip():
            errors.append(f"Langkah {index}: nama langkah wajib diisi.")
        sla = step.get("sla_days")
        if not isinstance(sla, int) or isinstance(sla, bool) or sla < 1:
            errors.append(f"Langkah {index}: SLA harus bilangan bulat minimal 1 hari kerja.")
        if len(step.get("parallel_units") or []) == 1:
            errors.append(f"Langkah {index}: langkah paralel memerlukan minimal dua unit.")
    total = sum(s["sla_days"] for s in steps if isinstance(s.get("sla_days"), int))
    if time_limit_days and total > time_limit_days:
        errors.append(
            f"Jumlah SLA semua langkah ({total} hari kerja) melebihi jangka waktu layanan ({time_limit_days} hari kerja)."
        )
    return errors


def remaining_days(total: int, used: int) -> int:
    """Working days still owed after a pause; at least one so a resumed step is never born overdue."""
    return max(total - used, 1)
