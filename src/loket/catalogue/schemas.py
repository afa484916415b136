"""Output schemas of the catalogue API (django-ninja / pydantic); they also document the OpenAPI spec."""

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from loket.catalogue.models import Audience, Channel
from loket.org.api import AgencyRef, Page, RegionRef

AudienceValue = Literal[tuple(Audience.values)]  # type: ignore[valid-type]
ChannelValue = Literal[tuple(Channel.values)]  # type: ignore[valid-type]


class Localized(Schema):
    """A text in Indonesian (`id`) and English (`en`; empty when not translated)."""

    id: str
    en: str = ""


class CategoryRef(Schema):
    slug: str
    name: Localized


class ServiceItem(Schema):
    """One row of the catalogue list: the service and the headline figures of its current standard."""

    code: str
    name: Localized
    category: CategoryRef
    agency: AgencyRef
    region: RegionRef
    audience: AudienceValue
    channels: list[ChannelValue]
    version: int = Field(description="Nomor versi standar pelayanan yang berlaku")
    time_limit_days: int | None = Field(description="Jangka waktu penyelesaian (hari kerja)")
    fee_amount: int | None = Field(description="Biaya dalam rupiah utuh; 0 berarti gratis")
    compliance_percent: int = Field(description="Persentase komponen standar pelayanan yang terisi (0–100)")
    template: str | None = Field(description="Kode layanan model provinsi bila layanan ini mengadopsinya")
    url: str = Field(description="Alamat halaman publik layanan")


class ServicePage(Page):
    items: list[ServiceItem]


class Requirement(Schema):
    name: str
    description: str = ""
    mandatory: bool = True
    kind: str = Field("document", description="document (dokumen) atau datum (data isian)")
    file_types: list[str] = []


class ProcedureStep(Schema):
    title: str
    description: str = ""


class Fee(Schema):
    amount: int | None = Field(description="Rupiah utuh; 0 berarti gratis")
    legal_basis: str = Field(description="Dasar hukum biaya (mis. peraturan daerah retribusi)")


class ComplianceOut(Schema):
    present: list[str]
    missing: list[str]
    total: int
    complete: bool
    percent: int


class VersionRef(Schema):
    version: int
    published_at: datetime | None


class ServiceDetail(Schema):
    """A service with one published standard: the 14 components of PermenPANRB 15/2014 and its metadata."""

    code: str
    name: Localized
    category: CategoryRef
    agency: AgencyRef
    region: RegionRef
    audience: AudienceValue
    channels: list[ChannelValue]
    is_template: bool
    template: str | None
    url: str
    version: int
    published_at: datetime | None
    versions: list[VersionRef] = Field(description="Semua versi terbit, terbaru lebih dulu")
    summary: str
    contact: str
    # The 14 components, in the order of PermenPANRB 15/2014.
    requirements: list[Requirement]
    procedure: list[ProcedureStep]
    time_limit_days: int | None
    fee: Fee
    product: str
    complaints: str
    legal_basis: list[str]
    facilities: str
    competence: str
    supervision: str
    staffing: str
    guarantee: str
    security: str
    evaluation: str
    compliance: ComplianceOut

    @field_validator("procedure", mode="before")
    @classmethod
    def _steps_from_text(cls, value: Any) -> Any:
        # Editors may store a step as plain text; present it as a step with a title.
        if isinstance(value, list):
            return [{"title": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _legal_basis_as_text(cls, value: Any) -> Any:
        # A regulation may be stored as {"title": …}; the API always gives its citation as text.
        if isinstance(value, list):
            return [
                item.get("title") or item.get("name") or str(item) if isinstance(item, dict) else str(item)
                for item in value
            ]
        return value
