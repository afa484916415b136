"""SIASN (BKN) API sync: map the API's JSON records to the import columns and write through the same
path as a file import (`importing.upsert_employees`, source="siasn").

The HTTP client (BKN's OAuth credentials, paging) is not part of this module: a job fetches the records
of the region's agencies and calls `sync(records, ...)`. Field names follow the SIASN "data utama"
response as seen in public integrations (camelCase); UNCONFIRMED against BKN's official specification,
so they are data here (FIELD_MAP), changed in one place.
"""

from loket.hr.importing import Outcome, upsert_employees

# SIASN JSON field -> import column (docs/import-columns.md). UNCONFIRMED names: see module docstring.
FIELD_MAP = {
    "nipBaru": "NIP_BARU",
    "nama": "NAMA",
    "gelarDepan": "GELAR_DEPAN",
    "gelarBelakang": "GELAR_BELAKANG",
    "tglLahir": "TANGGAL_LAHIR",
    "jenisKelamin": "JENIS_KELAMIN",
    "statusPegawai": "STATUS_CPNS_PNS",
    "tmtCpns": "TMT_CPNS",
    "golRuangAkhir": "GOL_AKHIR_NAMA",
    "tmtGolAkhir": "TMT_GOLONGAN",
    "mkTahun": "MK_TAHUN",
    "mkBulan": "MK_BULAN",
    "jenisJabatan": "JENIS_JABATAN_NAMA",
    "jabatanNama": "JABATAN_NAMA",
    "tmtJabatan": "TMT_JABATAN",
    "satuanKerjaKerjaNama": "SATUAN_KERJA_KERJA_NAMA",
    "unorNama": "UNOR_NAMA",
    "tkPendidikanTerakhir": "TINGKAT_PENDIDIKAN_NAMA",
    "pendidikanTerakhirNama": "PENDIDIKAN_NAMA",
    "emailGov": "EMAIL",
}


def to_row(record: dict) -> dict:
    """One SIASN record as an import row ({COLUMN: text}); unknown fields are ignored."""
    row = {
        column: "" if record.get(field) is None else str(record[field]).strip() for field, column in FIELD_MAP.items()
    }
    if not row["EMAIL"] and record.get("email"):
        row["EMAIL"] = str(record["email"]).strip()
    return row


def sync(records, *, actor=None, agencies=None, progress=None) -> Outcome:
    """Validate every record, then write all of them in one transaction, or none (errors name the record
    by its position, counted like file rows from 2, and the import column)."""
    rows = [(number, to_row(record)) for number, record in enumerate(records, start=2)]
    return upsert_employees(rows, source="siasn", actor=actor, agencies=agencies, progress=progress)
