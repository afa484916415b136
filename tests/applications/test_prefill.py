"""Forms prefilled from the applicant's profile and their own earlier applications (issue 15): the matching rules
(pure), the apply page (marked values the applicant confirms, no JavaScript), and whose data is never used."""

import pytest

from loket.applications import prefill
from loket.applications import services as applications
from loket.applications.models import Application
from loket.catalogue import services as catalogue
from loket.org.models import Region
from tests.helpers.applications import PDF
from tests.helpers.org import make_user

FORM = [
    {"key": "nik", "type": "nik", "label": {"id": "NIK pemohon"}, "required": True},
    {"key": "nama_lengkap", "type": "text", "label": {"id": "Nama lengkap sesuai KTP-el"}, "required": True},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat domisili"}},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}},
    {"key": "email", "type": "email", "label": {"id": "Email"}},
    {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha"}},
    {
        "key": "jenis",
        "type": "choice",
        "label": {"id": "Jenis usaha"},
        "options": [{"value": "warung", "label": {"id": "Warung"}}, {"value": "toko", "label": {"id": "Toko"}}],
    },
    {"key": "catatan", "type": "text", "label": {"id": "Catatan"}, "prefill": False},
    {"key": "ktp", "type": "file", "label": {"id": "Pindaian KTP"}},
]
FACTS = prefill.Facts(
    nik="3273014101900001",
    full_name="Imas Masitoh",
    street="Jl. Cihampelas 12",
    region="32.73",
    phone="+6281234567890",
    email="imas@example.id",
)


@pytest.mark.sqlite
def test_profile_facts_fill_the_fields_that_ask_for_them():
    answers, sources = prefill.from_profile(FORM, FACTS)
    assert answers == {
        "nik": "3273014101900001",
        "nama_lengkap": "Imas Masitoh",
        "alamat": {"region": "32.73", "street": "Jl. Cihampelas 12"},
        "hp": "+6281234567890",
        "email": "imas@example.id",
    }
    assert set(sources.values()) == {prefill.PROFILE}


@pytest.mark.parametrize(
    "field, fact",
    [
        ({"key": "nik", "type": "nik"}, "nik"),
        ({"key": "nik", "type": "text"}, None),  # same key, another type: another question
        ({"key": "nik_ibu", "type": "nik"}, None),  # someone else's NIK
        ({"key": "nama", "type": "text"}, None),  # whose name? not said: not prefilled
        ({"key": "telp_kantor", "type": "phone", "prefill": "phone"}, "phone"),  # declared by the form
        ({"key": "hp", "type": "phone", "prefill": False}, None),
        ({"key": "hp", "type": "phone", "prefill": "gaji"}, "phone"),  # an unknown fact falls back to the key
    ],
)
@pytest.mark.sqlite
def test_which_fields_ask_for_a_profile_fact(field, fact):
    assert prefill.profile_fact(field) == fact


@pytest.mark.sqlite
def test_earlier_answers_carry_over_for_the_same_question_only():
    older = prefill.Earlier(
        "3273-25-0000001",
        [*FORM[:6], {"key": "jenis", "type": "text", "label": {"id": "Jenis"}}],
        {"nama_usaha": "Warung Lama", "jenis": "warung", "catatan": "x"},
    )
    newer = prefill.Earlier(
        "3273-26-0000002",
        FORM,
        {"nama_usaha": "Warung Sunda Bu Imas", "jenis": "kios", "ktp": "upl-1", "catatan": "rahasia", "nik": "1"},
    )
    answers, sources = prefill.from_earlier(FORM, [newer, older], skip={"nik"})
    # Newest first; "kios" is no longer an option and the older "jenis" was free text: neither is carried over.
    assert answers == {"nama_usaha": "Warung Sunda Bu Imas"}
    assert sources == {"nama_usaha": "3273-26-0000002"}


@pytest.mark.sqlite
def test_profile_wins_over_earlier_answers():
    earlier = [prefill.Earlier("3273-26-0000002", FORM, {"hp": "+6289999999999", "nama_usaha": "Warung"})]
    answers, sources = prefill.initial_answers(FORM, FACTS, earlier)
    assert answers["hp"] == "+6281234567890" and sources["hp"] == prefill.PROFILE
    assert answers["nama_usaha"] == "Warung" and sources["nama_usaha"] == "3273-26-0000002"


# --- the apply page ------------------------------------------------------------------------------------------


@pytest.fixture
def profile_service(process_service, editor_a):
    """The process service with a form asking for the applicant's own facts (a new published version)."""
    draft = catalogue.open_draft(actor=editor_a, service=process_service)
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    catalogue.publish(actor=editor_a, service=process_service)
    process_service.refresh_from_db()
    return process_service


def apply_page(client, user, service):
    client.force_login(user)
    response = client.get(f"/layanan/{service.code}/ajukan/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_apply_form_is_prefilled_from_the_profile(client, profile_service, applicant):
    profile = applicant.citizen
    profile.address, profile.region = "Jl. Cihampelas 12", Region.objects.get(code="32.73")
    profile.save()
    applicant.email = "imas@example.id"
    applicant.save()
    page = apply_page(client, applicant, profile_service)
    assert 'name="nik" value="3273014101900001"' in page
    assert 'name="nama_lengkap" value="Imas Masitoh"' in page
    assert 'name="alamat-street" value="Jl. Cihampelas 12"' in page
    assert '<option value="32.73" selected>' in page
    assert 'name="hp" value="081234567890"' in page and 'name="email" value="imas@example.id"' in page
    assert page.count("<strong>Terisi otomatis</strong> dari profil Anda.") == 5
    assert "Sebagian isian sudah terisi" in page


@pytest.mark.django_db
def test_apply_form_carries_over_the_applicants_earlier_answers_only(
    client, profile_service, applicant, other_citizen_with_case
):
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")
    mine, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=profile_service,
        answers={"nik": "3273014101900001", "nama_lengkap": "Imas Masitoh", "nama_usaha": "Warung Bu Imas"},
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="prefill-1",
    )
    page = apply_page(client, applicant, profile_service)
    assert 'name="nama_usaha" value="Warung Bu Imas"' in page
    assert f"dari permohonan Anda sebelumnya ({mine.tracking_number})" in page
    # Nothing of the other citizen's case (filed later, same service) reaches this applicant's form.
    assert "Toko Siti" not in page and "Siti Aminah" not in page


@pytest.mark.django_db
def test_a_saved_draft_is_shown_as_typed_not_prefilled(client, profile_service, applicant):
    applications.save_draft(applicant=applicant, service=profile_service, answers={"nama_lengkap": "Imas M."})
    page = apply_page(client, applicant, profile_service)
    assert 'name="nama_lengkap" value="Imas M."' in page and 'name="nik" value=""' in page
    assert "Terisi otomatis" not in page


@pytest.fixture
def other_citizen_with_case(profile_service):
    siti = make_user("warga_siti")
    applications.save_profile(user=siti, nik="3201015505910002", full_name="Siti Aminah", phone="081298765432")
    upload = applications.store_upload(owner=siti, data=PDF, name="ktp.pdf", requirement="req_0")
    applications.submit(
        actor=siti,
        applicant=siti,
        service=profile_service,
        answers={"nik": "3201015505910002", "nama_lengkap": "Siti Aminah", "nama_usaha": "Toko Siti"},
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="prefill-siti",
    )
    assert Application.objects.filter(applicant=siti).exists()
    return siti
