"""Who may read an employee's HR record: pure rules, no Django imports.

UU 27/2022 (personal data): an individual HR record (a leave request, a KGB decision) is read only by whom
it concerns and by who needs it for their work. The role side (who is the BKD of a region, who inspects it)
is decided by loket.org.permissions; these rules combine it with the person side (the employee, their
approvers and whoever stands in for them). Views and the API ask hr.queries, which gathers the facts and
asks these rules.

Facts that cost a query (whether the reader decides the request today, heads the employee now, reads as HR
in the employee's region) are passed as zero-argument callables and asked only when the cheaper facts have
not decided, in the order written: a page pays no query it does not need.
"""

from collections.abc import Callable
from dataclasses import dataclass

Fact = Callable[[], bool]


@dataclass(frozen=True)
class LeaveParties:
    """The people a leave request names: its employee, the direct superior and the authorized official."""

    employee_id: int
    superior_id: int | None
    official_id: int | None


def may_read_leave(
    reader_id: int | None, parties: LeaveParties, *, decides_today: Fact, heads_employee: Fact, reads_as_hr: Fact
) -> bool:
    """Who may read a leave request (BKN reg. 24/2017: it goes from the employee to the superior, then the
    official): the employee, the superior and the official named on it; whoever may decide it today (the
    plh of the approver on the days of a delegation, or the superior of an approver away on leave); the
    employee's head now (a unit head sees their team's leave); the BKD of the employee's region or an
    inspector over it. Not a colleague. `reader_id` is the reader's employee record (None: no record)."""
    if reader_id is not None and (
        reader_id in (parties.employee_id, parties.superior_id, parties.official_id)
        or decides_today()
        or heads_employee()
    ):
        return True
    return reads_as_hr()


def may_read_kgb(
    reader_id: int | None, *, employee_id: int, official_id: int | None, signed: bool, reads_as_hr: Fact
) -> bool:
    """Who may read a KGB decision (PP 15/2019): the employee once it is signed (a draft under review or
    waiting for the signature is not yet theirs), the official who signs it, and the BKD of the employee's
    region or an inspector over it. Not a colleague."""
    if reader_id is not None and ((reader_id == employee_id and signed) or reader_id == official_id):
        return True
    return reads_as_hr()


def may_open_employee_pages(*, has_record: bool, hr_reads: bool, reads_records_as_hr: Fact) -> bool:
    """The self-service pages are for accounts linked to an employee record; the pages an HR profile links
    to (a leave request, a KGB decision) also let in BKD staff without one, who then read in their scope."""
    return has_record or (hr_reads and reads_records_as_hr())


def may_read_import_job(*, reader_id: int | None, is_superuser: bool, created_by_id: int | None) -> bool:
    """An import job (its file and row errors hold employees' data) is shown to whoever started it."""
    return is_superuser or (reader_id is not None and reader_id == created_by_id)
