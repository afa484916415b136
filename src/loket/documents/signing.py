"""Sign a rendered decision letter with a PAdES signature and a visible signature block (pyHanko)."""

from io import BytesIO

from pyhanko import stamp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers

from loket.documents.pdf import Rendered
from loket.documents.sync import off_loop

FIELD_NAME = "TandaTanganLoket"
# Room for the CMS signature: an ECDSA/RSA-4096 signature with a 3-certificate chain is < 5 kB. Giving the
# size up front spares pyHanko a dry-run signature to estimate it (about 40% of the signing time).
BYTES_RESERVED = 8192
# The time in words of the region's zone ("7 Desember 2026 pukul 18.09 WIB"), as the rest of the letter writes it;
# the signature's own signing time (in the CMS) is the exact one.
STAMP_TEXT = "Ditandatangani secara elektronik oleh:\n%(signer)s\n%(jabatan)s\nWaktu: %(waktu)s"


def sign(
    rendered: Rendered,
    signer: signers.Signer,
    *,
    reason: str,
    location: str,
    official_title: str = "",
    contact: str = "",
    when: str = "",
) -> bytes:
    """Return the signed PDF (an incremental update of `rendered.pdf` that covers the whole file)."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason[:200],
        location=location[:120],
        contact_info=contact[:120] or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    style = stamp.TextStampStyle(
        stamp_text=STAMP_TEXT,
        border_width=1,
        timestamp_format="%Y-%m-%d %H:%M:%S %z",
        text_box_style=TextBoxStyle(font_size=8),
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=rendered.page, box=rendered.box),
    )
    writer = IncrementalPdfFileWriter(BytesIO(rendered.pdf), strict=False)
    out = off_loop(
        pdf_signer.sign_pdf,
        writer,
        bytes_reserved=BYTES_RESERVED,
        appearance_text_params={"jabatan": official_title[:80] or "-", "waktu": when or "-"},
    )
    return out.getvalue()
