"""`loket manage seed_demo`: a summary line after seeding, then only "already there"; fast on SQLite."""

from io import StringIO

import pytest
from django.core.management import call_command

from loket.applications.models import Application
from loket.catalogue.models import Service
from loket.core import audit
from loket.demo import seed


@pytest.mark.sqlite
def test_seed_demo_summarizes_and_then_only_says_the_data_exists(seeded):
    assert seeded.created > 3000
    line = seed.summary()
    assert line.startswith("Data demo siap:") and "\n" not in line
    assert f"{Service.objects.filter(current__isnull=False).count()} layanan terbit" in line
    assert f"{Application.objects.count()} permohonan" in line

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert again.getvalue().strip() == "Data demo sudah ada"
    assert audit.verify().ok
