"""Schemas of the procedure's API (inbox, actions on tasks); they also document the OpenAPI spec."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from loket.applications.schemas import ServiceRef, SlaValue, StatusValue, StepRef
from loket.org.api import Page
from loket.workflow.models import Task

TaskStatusValue = Literal[tuple(Task.Status.values)]  # type: ignore[valid-type]
ActionValue = Literal["approve", "return", "reject", "wait", "resume"]


class InboxItem(Schema):
    task_id: int
    version: int
    tracking_number: str
    service: ServiceRef
    step: StepRef
    unit: str | None
    due_at: datetime
    sla: SlaValue
    claimed_by: str | None = Field(description="Nama pengguna petugas yang mengambil tugas ini")
    submitted_at: datetime


class InboxPage(Page):
    items: list[InboxItem]


class ActionIn(Schema):
    task_id: int
    action: ActionValue = Field(
        description="approve (setujui/teruskan), return (kembalikan untuk perbaikan), reject, "
        "wait (tunggu langkah di luar Loket, mis. nomor pertimbangan teknis BKN; batas waktu berhenti), "
        "resume (lanjutkan setelah langkah di luar Loket selesai)"
    )
    note: str = Field("", max_length=5000, description="Catatan; wajib untuk return, reject dan wait")
    requirements: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Untuk return: nama persyaratan standar pelayanan yang belum dipenuhi (wajib, minimal satu); "
        "pengembalian tidak dapat meminta hal lain, apalagi uang",
    )
    expected_version: int | None = Field(
        None, description="Versi tugas yang Anda lihat; tindakan ditolak (409) bila tugas sudah berubah"
    )


class ActionOut(Schema):
    task_id: int
    status: TaskStatusValue
    version: int
    completed_at: datetime | None
    tracking_number: str
    application_status: StatusValue
