"""e-Mutasi's rules: pure functions, table-tested (tests/hr/test_transfer_rules.py).

Sources: BKN regulation 5/2019 (tata cara pelaksanaan mutasi) and PP 11/2017 as amended by PP 17/2020, the chapter on
transfers (mutasi); domain notes §12: a transfer is within an agency, between agencies of one region, between regions
(both PPKs approve and BKN gives its technical consideration), or between a region and the central government (not in
Loket: no central agency is in its registry); the receiving position must be vacant in the staffing plan (formasi).
What the notes mark or do not state (who sets the decree, how long before retirement a transfer is refused, whether a
CPNS may move, a minimum service before moving) is policy data with its source (`Policy`, settings
LOKET_TRANSFER_POLICY), to confirm with the region's BKD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WITHIN_AGENCY = "dalam_instansi"
BETWEEN_AGENCIES = "antar_instansi"
BETWEEN_REGIONS = "antar_daerah"

SENDER = "sender"
RECEIVER = "receiver"

PNS, CPNS, PPPK = "PNS", "CPNS", "PPPK"


@dataclass(frozen=True)
class Policy:
    """Values not stated by the domain notes (all to confirm with the region's BKD; settings LOKET_TRANSFER_POLICY)."""

    # No transfer when the employee retires within this many months of the effective date: the pension file
    # (e-Pensiun, opened 15 months ahead) would run in one agency and the decree in another. (confirm)
    pension_months: int = 12
    # A CPNS is on probation in the formation they were appointed to (PP 11/2017 arts. 34-36: CPNS serve a year of
    # probation before appointment as PNS); transfers are for PNS (BKN regulation 5/2019). (confirm)
    cpns_may_move: bool = False
    # Years of service (from TMT CPNS) before a transfer between regions; many regions ask 5 or 10 in their
    # appointment agreement. 0: not asked. (confirm)
    min_service_years_between_regions: int = 0
    # Who sets the decree: "receiving" (the receiving PPK, BKN regulation 5/2019, confirm) or "sending".
    decree_by: str = "receiving"


def transfer_kind(from_region: int, from_agency: int, to_region: int, to_agency: int) -> str:
    """Domain notes §12 (BKN regulation 5/2019): within one agency, between agencies of one region, between regions
    (province ↔ regency/city, regency/city ↔ regency/city, province ↔ province)."""
    if from_region != to_region:
        return BETWEEN_REGIONS
    if from_agency != to_agency:
        return BETWEEN_AGENCIES
    return WITHIN_AGENCY


def approvals_needed(kind: str) -> tuple[str, ...]:
    """Whose officials approve before the decree: both sides' PPK for a move between agencies or regions (domain notes
    §12: "needs both PPKs' approval"); within one agency its own official decides once, by setting the decree."""
    return () if kind == WITHIN_AGENCY else (SENDER, RECEIVER)


def needs_bkn(kind: str) -> bool:
    """BKN's technical consideration (pertimbangan teknis) is needed for a transfer between regions (domain notes §12,
    BKN regulation 5/2019); within a region the PPK decides alone."""
    return kind == BETWEEN_REGIONS


def decree_side(kind: str, policy: Policy) -> str:
    """Which side's official sets the decree (policy data, to confirm): within one agency both sides are one."""
    if kind == WITHIN_AGENCY:
        return RECEIVER
    return SENDER if policy.decree_by == "sending" else RECEIVER


def first_status(kind: str) -> str:
    """The transfer's status when its case opens: the first approval it needs, else BKD's verification."""
    needed = approvals_needed(kind)
    return needed[0] if needed else "verification"


def vacancy(quota: int | None, holders: int, incoming: int) -> int | None:
    """Vacant places of a position in a unit: the formation's quota less its active holders and the transfers into it
    already approved but not yet in effect. None when the formation holds no quota for it."""
    if quota is None:
        return None
    return max(quota - holders - incoming, 0)


def vacancy_refusal(free: int | None, position: str, unit: str) -> tuple[str, str] | None:
    """BKN regulation 5/2019 (domain notes §12): the receiving position must be vacant in the formation."""
    if free is None:
        return (
            f"Formasi untuk jabatan {position} pada {unit} belum ditetapkan; mutasi tidak dapat diproses sebelum BKD "
            "instansi penerima mengisi formasinya.",
            f"No formation (staffing quota) is set for {position} in {unit}; the transfer cannot go on until the "
            "receiving HR office enters it.",
        )
    if free <= 0:
        return (
            f"Tidak ada lowongan formasi untuk jabatan {position} pada {unit}: kuota sudah terisi oleh pemangku dan "
            "mutasi masuk yang telah disetujui.",
            f"No vacancy for {position} in {unit}: the quota is filled by its holders and approved incoming transfers.",
        )
    return None


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from `first` to `last` (negative when `last` is earlier)."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if last.day < first.day:
        months -= 1
    return months


def eligibility_refusals(
    *,
    status: str,
    left: bool,
    open_transfer: bool,
    pension_date: dt.date | None,
    service_start: dt.date,
    kind: str,
    effective: dt.date,
    today: dt.date,
    same_place: bool,
    policy: Policy,
) -> list[tuple[str, str]]:
    """Every reason the transfer cannot be asked for, in Indonesian and English (empty: it may)."""
    reasons: list[tuple[str, str]] = []
    if left:
        reasons.append(("Pegawai sudah tidak aktif.", "The employee is no longer active."))
    if status == PPPK:
        # BKN regulation 5/2019 governs the transfer of PNS; a PPPK works under a contract for one agency.
        reasons.append(("Mutasi hanya untuk PNS; PPPK terikat perjanjian kerja.", "Transfers are for PNS only."))
    elif status == CPNS and not policy.cpns_may_move:
        reasons.append(
            (
                "CPNS belum dapat dimutasi sebelum diangkat menjadi PNS.",
                "A CPNS cannot be transferred before appointment as PNS.",
            )
        )
    if open_transfer:
        reasons.append(("Masih ada mutasi yang sedang diproses.", "A transfer is already in progress."))
    if same_place:
        reasons.append(
            ("Tujuan mutasi sama dengan jabatan dan unit saat ini.", "The destination is the current post and unit.")
        )
    if effective <= today:
        reasons.append(("TMT mutasi harus setelah hari ini.", "The effective date must be after today."))
    if pension_date is not None and months_between(effective, pension_date) < policy.pension_months:
        reasons.append(
            (
                f"Pegawai memasuki batas usia pensiun kurang dari {policy.pension_months} bulan setelah TMT mutasi.",
                f"The employee retires less than {policy.pension_months} months after the effective date.",
            )
        )
    years = policy.min_service_years_between_regions
    if kind == BETWEEN_REGIONS and years and months_between(service_start, effective) < 12 * years:
        reasons.append(
            (
                f"Mutasi antar daerah memerlukan masa kerja paling sedikit {years} tahun.",
                f"A transfer between regions needs at least {years} years of service.",
            )
        )
    return reasons
