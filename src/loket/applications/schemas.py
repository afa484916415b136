"""Input and output schemas of the case engine's API; they also document the OpenAPI spec."""

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from loket.applications.models import Application
from loket.catalogue.schemas import ChannelValue, Localized
from loket.org.api import AgencyRef

StatusValue = Literal[tuple(Application.Status.values)]  # type: ignore[valid-type]
SlaValue = Literal["on_track", "due_today", "overdue"]


class UploadOut(Schema):
    id: uuid.UUID = Field(description="Nomor berkas; kirim di `uploads` saat mengajukan permohonan")
    name: str = Field(description="Nama berkas yang aman untuk ditampilkan")
    content_type: str = Field(description="Jenis isi yang dikenali dari isi berkas (bukan dari namanya)")
    size: int = Field(description="Ukuran dalam bita")
    sha256: str
    requirement: str = Field(description="Slot persyaratan, mis. req_0")


class ApplicationIn(Schema):
    service: str = Field(description="Kode layanan (lihat GET /services)", max_length=100)
    data: dict[str, Any] = Field(default_factory=dict, description="Jawaban formulir: kunci isian → nilai")
    uploads: dict[str, str] = Field(
        default_factory=dict, description='Berkas per slot persyaratan dokumen, mis. {"req_0": "<id berkas>"}'
    )
    idempotency_key: str | None = Field(
        None,
        max_length=64,
        description=(
            "Kunci unik per pengajuan (boleh juga header Idempotency-Key): pengiriman ulang dengan kunci yang sama "
            "tidak membuat permohonan kedua"
        ),
    )
    channel: ChannelValue | None = Field(
        None,
        description=(
            "online (oleh warga sendiri); untuk pengajuan oleh petugas (applicant_nik diisi) saluran ditentukan "
            "oleh tempat petugas bertugas: assisted di titik layanan desa/kelurahan, counter di loket atau kantor. "
            "Boleh dikosongkan; saluran lain ditolak"
        ),
    )
    applicant_nik: str | None = Field(None, description="NIK warga yang dibantu (hanya untuk petugas/sistem OPD)")
    consent_code: str = Field(
        "",
        max_length=20,
        description=(
            "Bila dibantu: kode persetujuan 6 angka yang dikirim ke HP/e-mail warga (POST /applications/consent-codes) "
            "dan dibacakan warga; sekali pakai, untuk layanan, warga dan petugas ini saja"
        ),
    )
    consent_scan: str = Field(
        "",
        max_length=36,
        description=(
            "Bila dibantu dan warga tidak punya HP maupun e-mail terdaftar: id unggahan pindaian formulir persetujuan "
            "bertanda tangan (POST /uploads dengan requirement=consent_scan); pekerjaannya menunggu tinjauan penyelia"
        ),
    )
    consent_note: str = Field(
        "", max_length=2000, description="Catatan petugas (bukan bukti persetujuan: kirim consent_code)"
    )


class ConsentCodeIn(Schema):
    service: str = Field(description="Kode layanan yang akan diajukan", max_length=100)
    applicant_nik: str = Field(description="NIK warga yang dibantu", max_length=32)
    send_to: Literal["sms", "email"] | None = Field(
        None, description="sms (nomor HP terdaftar) atau email; bawaan: HP bila ada, selain itu e-mail"
    )


class ConsentCodeOut(Schema):
    channel: Literal["sms", "email"]
    sent_to: str = Field(description="Tujuan yang disamarkan, mis. 0812****12")
    expires_at: datetime


class ConsentOut(Schema):
    """How the applicant agreed to a filing by an officer (issue 13)."""

    method: Literal["code", "scan", "note"] = Field(description="code (kode sekali pakai), scan, note (lama)")
    sent_to: str = Field(description="Tujuan kode, disamarkan")
    verified_at: datetime | None
    review: str = Field(description="Untuk scan: pending, approved atau rejected")
    statement: str = Field(description="Kalimat yang juga dibaca pemohon pada halaman permohonannya")


class SubmissionOut(Schema):
    tracking_number: str
    status: StatusValue
    pin: str | None = Field(None, description="PIN cek status publik; hanya diberikan sekali, saat permohonan dibuat")
    due_at: datetime | None = Field(description="Batas waktu penyelesaian (hari kerja wilayah)")
    status_url: str = Field(description="Halaman status bagi pemohon")


class ServiceRef(Schema):
    code: str
    name: Localized


class StepRef(Schema):
    position: int
    name: Localized


class TaskOut(Schema):
    id: int
    step: StepRef
    unit: str | None = Field(description="Unit yang menangani")
    status: Literal["open"] = Field(description="Tahap yang sedang berjalan selalu terbuka")
    due_at: datetime
    sla: SlaValue = Field(description="on_track (sesuai jadwal), due_today (jatuh tempo hari ini), overdue (terlambat)")
    version: int = Field(description="Kirim sebagai expected_version saat bertindak")


class EventOut(Schema):
    occurred_at: datetime
    kind: str
    step_name: str
    note: str


class AttachedUpload(Schema):
    id: uuid.UUID
    requirement: str
    name: str
    content_type: str
    size: int


class ApplicationDetail(Schema):
    tracking_number: str
    status: StatusValue
    status_label: str
    channel: ChannelValue
    service: ServiceRef
    agency: AgencyRef
    standard_version: int
    submitted_at: datetime
    decided_at: datetime | None
    due_at: datetime | None
    decision_note: str
    current_tasks: list[TaskOut]
    history: list[EventOut]
    data: dict[str, Any] = Field(description="Jawaban formulir; NIK disamarkan kecuali bagi pemohon sendiri")
    uploads: list[AttachedUpload]
    consent: ConsentOut | None = Field(None, description="Persetujuan pemohon bila diajukan oleh petugas")


class PublicStatus(Schema):
    """What anyone holding the tracking number and PIN may see: the state, never personal data."""

    tracking_number: str
    service: Localized
    status: StatusValue
    status_label: str
    current_steps: list[Localized] = Field(description="Tahap yang sedang berjalan (kosong bila selesai)")
    submitted_at: datetime
    decided_at: datetime | None
