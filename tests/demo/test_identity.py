"""The demo's identities (issue 15): the deployment, Jawa Barat, its regencies and cities, and Kota Banjarmasin,
each with a bundled original crest, readable colours, contact details and the footer's links."""

from pathlib import Path

import loket.core
from loket.demo.identity import IDENTITIES
from loket.demo.seed import REGIONS
from loket.org import identity, rules
from loket.org.models import Identity, Region

STATIC = Path(loket.core.__file__).parent / "static"


def test_every_demo_region_but_kalimantan_selatan_has_its_own_identity(seeded):
    own = set(Identity.objects.exclude(region=None).values_list("region__code", flat=True))
    assert own == {code for code, *_ in REGIONS} - {"63"}
    assert Identity.objects.filter(region=None).count() == 1


def test_each_identity_is_complete_readable_and_its_crest_is_bundled(seeded):
    for spec in IDENTITIES:
        row = Identity.objects.get(slug=spec.slug)
        assert (STATIC / row.logo_static).is_file(), row.logo_static
        assert b"<script" not in (STATIC / row.logo_static).read_bytes()
        assert rules.colour_refusal(row.colour_primary, minimum=rules.TEXT_CONTRAST) is None
        assert rules.colour_refusal(row.colour_dark, minimum=rules.TEXT_CONTRAST) is None
        assert rules.colour_refusal(row.colour_accent, minimum=rules.NON_TEXT_CONTRAST) is None
        assert row.address and row.phone and row.email and row.hours_id and row.hours_en
        kinds = set(row.links.values_list("kind", flat=True))
        assert kinds == {"privacy", "accessibility", "complaint"}, row.slug


def test_banjarmasins_pages_carry_banjarmasin_and_bandungs_carry_bandung(seeded, client):
    bjm = Region.objects.get(code="63.71")
    assert identity.resolve(bjm).name_id == "Loket Kota Banjarmasin"
    page = client.get("/layanan/akta-kelahiran-kota-banjarmasin/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert "Loket Kota Banjarmasin" in header and "kota-banjarmasin.svg" in header and "Jawa Barat" not in header
    assert "WITA" in page[page.index('<footer class="site-footer"') :]  # its service hours in its own time zone
    home = client.get("/").content.decode()
    assert "Loket Jawa Barat" in home[: home.index("</header>")]
