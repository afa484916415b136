"""Demo identities: the deployment (run by the province of Jawa Barat), the province, its regencies and cities,
and Kota Banjarmasin. The crests are simple original drawings bundled with Loket (core/static/loket/crests/),
not the regions' real coats of arms. Contacts are demo data in the regions' usual formats."""

from dataclasses import dataclass

from loket.core import audit
from loket.org.models import Identity, IdentityLink, Region

HOURS_ID = "Senin–Kamis 08.00–15.30, Jumat 08.00–14.30 {zone}; layanan daring 24 jam"
HOURS_EN = "Monday–Thursday 8:00–15:30, Friday 8:00–14:30 {zone}; online services 24 hours"


@dataclass(frozen=True)
class DemoIdentity:
    slug: str
    region: str | None  # Kemendagri code; None: the deployment
    name: str
    short_name: str
    government: str
    government_en: str
    crest: str
    colours: tuple[str, str, str]  # primary, dark, accent
    address: str
    phone: str
    email: str
    website: str
    complaint_phone: str  # a local complaint line beside the national ones (SP4N-LAPOR!, Ombudsman)
    zone: str = "WIB"


IDENTITIES = (
    DemoIdentity(
        "loket-jawa-barat",
        None,
        "Loket Jawa Barat",
        "Loket Jabar",
        "Pemerintah Daerah Provinsi Jawa Barat",
        "Provincial Government of West Java",
        "loket/crests/jawa-barat.svg",
        ("#0f5e3c", "#0a4029", "#b8860b"),
        "Jl. Diponegoro No. 22, Citarum, Bandung Wetan, Kota Bandung 40115",
        "(022) 4233347",
        "layanan@loket.jabarprov.demo",
        "https://jabarprov.go.id/",
        "(022) 4233348",
    ),
    DemoIdentity(
        "provinsi-jawa-barat",
        "32",
        "Loket Jawa Barat",
        "Loket Jabar",
        "Pemerintah Daerah Provinsi Jawa Barat",
        "Provincial Government of West Java",
        "loket/crests/jawa-barat.svg",
        ("#0f5e3c", "#0a4029", "#b8860b"),
        "Mal Pelayanan Publik Provinsi, Jl. Kawaluyaan Indah Raya No. 6, Kota Bandung 40286",
        "(022) 7562048",
        "dpmptsp@loket.jabarprov.demo",
        "https://jabarprov.go.id/",
        "(022) 7562049",
    ),
    DemoIdentity(
        "kabupaten-bogor",
        "32.01",
        "Loket Kabupaten Bogor",
        "Loket Kab. Bogor",
        "Pemerintah Kabupaten Bogor",
        "Bogor Regency Government",
        "loket/crests/kabupaten-bogor.svg",
        ("#1d5e2a", "#12401c", "#b8860b"),
        "Jl. Tegar Beriman No. 1, Tengah, Cibinong, Kabupaten Bogor 16914",
        "(021) 8753190",
        "layanan@loket.bogorkab.demo",
        "https://bogorkab.go.id/",
        "(021) 8753191",
    ),
    DemoIdentity(
        "kabupaten-bandung",
        "32.04",
        "Loket Kabupaten Bandung",
        "Loket Kab. Bandung",
        "Pemerintah Kabupaten Bandung",
        "Bandung Regency Government",
        "loket/crests/kabupaten-bandung.svg",
        ("#5a2d82", "#3d1e59", "#b8860b"),
        "Jl. Raya Soreang Km 17, Pamekaran, Soreang, Kabupaten Bandung 40912",
        "(022) 5891691",
        "layanan@loket.bandungkab.demo",
        "https://bandungkab.go.id/",
        "(022) 5891692",
    ),
    DemoIdentity(
        "kota-bandung",
        "32.73",
        "Loket Kota Bandung",
        "Loket Kota Bandung",
        "Pemerintah Kota Bandung",
        "Bandung City Government",
        "loket/crests/kota-bandung.svg",
        ("#1f4e9c", "#163a75", "#b8860b"),
        "Jl. Wastukancana No. 2, Babakan Ciamis, Sumur Bandung, Kota Bandung 40117",
        "(022) 4234793",
        "layanan@loket.bandung.demo",
        "https://bandung.go.id/",
        "(022) 4234794",
    ),
    DemoIdentity(
        "kota-bekasi",
        "32.75",
        "Loket Kota Bekasi",
        "Loket Kota Bekasi",
        "Pemerintah Kota Bekasi",
        "Bekasi City Government",
        "loket/crests/kota-bekasi.svg",
        ("#0e6b6b", "#094a4a", "#b8860b"),
        "Jl. Jenderal Ahmad Yani No. 1, Marga Jaya, Bekasi Selatan, Kota Bekasi 17141",
        "(021) 88397963",
        "layanan@loket.bekasikota.demo",
        "https://bekasikota.go.id/",
        "(021) 88397964",
    ),
    DemoIdentity(
        "kota-depok",
        "32.76",
        "Loket Kota Depok",
        "Loket Kota Depok",
        "Pemerintah Kota Depok",
        "Depok City Government",
        "loket/crests/kota-depok.svg",
        ("#9b1c31", "#6e1423", "#b8860b"),
        "Jl. Margonda Raya No. 54, Depok, Pancoran Mas, Kota Depok 16431",
        "(021) 29402281",
        "layanan@loket.depok.demo",
        "https://depok.go.id/",
        "(021) 29402282",
    ),
    DemoIdentity(
        "kota-banjarmasin",
        "63.71",
        "Loket Kota Banjarmasin",
        "Loket Banjarmasin",
        "Pemerintah Kota Banjarmasin",
        "Banjarmasin City Government",
        "loket/crests/kota-banjarmasin.svg",
        ("#0a5a75", "#073f52", "#b8860b"),
        "Jl. R.E. Martadinata No. 1, Kertak Baru Ilir, Banjarmasin Tengah, Kota Banjarmasin 70111",
        "(0511) 3366330",
        "layanan@loket.banjarmasinkota.demo",
        "https://banjarmasinkota.go.id/",
        "(0511) 3366331",
        zone="WITA",
    ),
)


def _links(spec: DemoIdentity) -> list[tuple[str, str, str, str]]:
    digits = "".join(c for c in spec.complaint_phone if c.isdigit())
    return [
        ("privacy", "Pemberitahuan privasi", "Privacy notice", "/privasi/"),
        ("accessibility", "Pernyataan aksesibilitas", "Accessibility statement", "/aksesibilitas/"),
        (
            "complaint",
            "SP4N-LAPOR! (lapor.go.id, SMS 1708)",
            "SP4N-LAPOR! (lapor.go.id, SMS 1708)",
            "https://www.lapor.go.id/",
        ),
        ("complaint", "Ombudsman RI (137)", "Ombudsman of Indonesia (137)", "https://ombudsman.go.id/"),
        (
            "complaint",
            f"Pengaduan {spec.government}: {spec.complaint_phone}",
            f"Complaints to the {spec.government_en}: {spec.complaint_phone}",
            f"tel:{digits}",
        ),
    ]


def seed_identities(actor) -> int:
    """Create the demo identities that do not exist yet; returns how many were created."""
    regions = {region.code: region for region in Region.objects.all()}
    created = 0
    for spec in IDENTITIES:
        if Identity.objects.filter(slug=spec.slug).exists():
            continue
        if spec.region is not None and spec.region not in regions:
            continue
        primary, dark, accent = spec.colours
        identity = Identity.objects.create(
            region=regions.get(spec.region) if spec.region else None,
            slug=spec.slug,
            name_id=spec.name,
            name_en=spec.name,
            short_name=spec.short_name,
            government_id=spec.government,
            government_en=spec.government_en,
            logo_static=spec.crest,
            colour_primary=primary,
            colour_dark=dark,
            colour_accent=accent,
            address=spec.address,
            phone=spec.phone,
            email=spec.email,
            hours_id=HOURS_ID.format(zone=spec.zone),
            hours_en=HOURS_EN.format(zone=spec.zone),
            website=spec.website,
        )
        IdentityLink.objects.bulk_create(
            IdentityLink(identity=identity, kind=kind, label_id=label_id, label_en=label_en, url=url, order=order)
            for order, (kind, label_id, label_en, url) in enumerate(_links(spec))
        )
        audit.record("org.identity_created", obj=identity, actor=actor, data={"slug": spec.slug, "region": spec.region})
        created += 1
    return created
