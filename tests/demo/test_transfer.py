"""The demo's e-Mutasi data (issue 17): formations of the receiving units and transfers in flight between the province
and Kabupaten Bandung, at each step before the decree, on the province's transfer service."""

from loket.hr.models import CaseService, Formation, Transfer


def test_transfers_in_flight_between_the_province_and_a_regency(seeded):
    carrier = CaseService.objects.select_related("service").get(kind=CaseService.Kind.TRANSFER)
    assert carrier.service.code == "mutasi-asn-jabar"
    transfers = Transfer.objects.filter(employee__source="demo").select_related("from_region", "to_region", "case")
    assert sorted(transfers.values_list("status", flat=True)) == ["bkn", "receiver", "sender", "signature"]
    assert {t.kind for t in transfers} == {"antar_daerah"}
    assert {(t.from_region.name, t.to_region.name) for t in transfers} == {
        ("Kabupaten Bandung", "Jawa Barat"),
        ("Jawa Barat", "Kabupaten Bandung"),
    }
    assert transfers.get(status="bkn").case.status == "waiting"  # BKN's approval: the clock stopped
    signing = transfers.get(status="signature")
    assert signing.bkn_number and signing.official is not None and signing.case.status == "submitted"
    assert (
        Formation.objects.filter(agency__slug__in=["dpmptsp-jabar", "disdik-jabar", "dpmptsp-kab-bandung"]).count() >= 3
    )
