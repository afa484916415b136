"""Who may read an employee's HR record, and who acts as the official a record names: pure rules, no Django imports.

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


# --- who acts as the official a record names ----------------------------------------------------------------------
#
# PP 11/2017 art. 313 and UU 30/2014 art. 14: an official decides by virtue of the post (kepala perangkat daerah as
# the PPK's delegate, a unit head as direct superior), not as a person. An official transferred away or retired keeps
# no authority over the post they left: its open work goes to whoever holds the post now
# (hr.services.leave_posts), and until then nobody acts on it as that official.

NO_OFFICIAL = "no_official"  # the record names nobody (BKD sets the official, or the registry names a new head)
OWN_RECORD = "own_record"  # the actor is the record's subject (ADR 13: nobody decides their own case)
NOT_THE_OFFICIAL = "not_the_official"  # neither the official nor their stand-in today
LEFT_THE_POST = "left_the_post"  # the official no longer holds the post the record named them for

OFFICIAL_MESSAGES = {
    NO_OFFICIAL: (
        "Pejabat yang berwenang atas keputusan ini belum ditetapkan; hubungi BKD.",
        "No authorized official is set for this decision; contact the HR office (BKD).",
    ),
    OWN_RECORD: ("Anda tidak dapat memutus perkara Anda sendiri.", "You cannot decide your own case."),
    NOT_THE_OFFICIAL: ("Anda tidak berwenang atas keputusan ini.", "You may not decide this."),
    LEFT_THE_POST: (
        "Pejabat yang ditunjuk tidak lagi menduduki jabatan yang berwenang atas keputusan ini (mutasi atau "
        "berhenti); keputusan ini menjadi wewenang pejabat yang menjabat sekarang.",
        "The named official no longer holds the post this decision belongs to (transferred or left); it is now "
        "for whoever holds the post.",
    ),
}


def official_refusal(
    *,
    me_id: int,
    subject_id: int,
    official_id: int | None,
    official_user_id: int | None,
    acting_user_ids: frozenset,
    official_holds_post: Callable[[], bool],
) -> str | None:
    """Why the employee `me_id` may not act as the official a record names, or None: the official themself, or
    whoever stands in for them today (`acting_user_ids`, org.permissions.acting_persons), while the official still
    holds the post the record named them for (`official_holds_post`, asked last: it costs a query); never the
    record's own subject."""
    if official_id is None:
        return NO_OFFICIAL
    if me_id == subject_id:
        return OWN_RECORD
    if me_id != official_id and (official_user_id is None or official_user_id not in acting_user_ids):
        return NOT_THE_OFFICIAL
    if not official_holds_post():
        return LEFT_THE_POST
    return None
