"""The demo's e-Pensiun data (issue 17): administrative staff reaching the retirement age in the coming months, their
pension files opened by the daily job and standing at different steps, on the province's pension service."""

from loket.hr.models import CaseService, PensionFile


def test_pension_files_at_every_step_before_the_decree(seeded):
    carrier = CaseService.objects.select_related("service").get(kind=CaseService.Kind.PENSION)
    assert carrier.service.code == "pensiun-asn-jabar"
    files = PensionFile.objects.filter(employee__source="demo")
    assert files.count() >= 12 and {f.kind for f in files} == {"bup"}  # twelve set to retire, and any the job found
    statuses = sorted(files.values_list("status", flat=True))
    assert statuses.count("confirmation") == len(statuses) - 4
    assert (statuses.count("verification"), statuses.count("bkn"), statuses.count("signature")) == (2, 1, 1)
    waiting = files.get(status="bkn")
    assert waiting.case.status == "waiting"  # BKN's approval: the clock stopped
    assert files.get(status="signature").bkn_number and all(f.pension_date.day == 1 for f in files)
    assert all(f.family.count() == 2 and f.bank_account for f in files.exclude(status="confirmation"))
