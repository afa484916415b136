"""Notification texts of output documents (registered with loket.notify in AppConfig.ready)."""

DOCUMENT_MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "document_issued": {
        "id": (
            "{title} {number} sudah terbit",
            "{title} Nomor {number} telah ditandatangani secara elektronik dan tersimpan di dompet dokumen Anda: {url}",
        ),
        "en": (
            "{title} {number} has been issued",
            "{title} number {number} has been electronically signed and is in your document wallet: {url}",
        ),
    },
    "document_revoked": {
        "id": (
            "{title} {number} dicabut",
            "{title} Nomor {number} telah dicabut oleh instansi penerbit. Alasan: {reason} "
            "Lihat dompet dokumen Anda: {url}",
        ),
        "en": (
            "{title} {number} revoked",
            "{title} number {number} has been revoked by its issuer. Reason: {reason} See your document wallet: {url}",
        ),
    },
    "document_revocation_requested": {
        "id": (
            "Permintaan pencabutan {title} {number}",
            "Seorang pejabat meminta pencabutan {title} Nomor {number} ({reason}). Pencabutan memerlukan persetujuan "
            "pejabat kedua yang berwenang menandatangani: {url}",
        ),
        "en": (
            "Revocation requested: {title} {number}",
            "An official asked to revoke {title} number {number} ({reason}). The revocation needs the approval of a "
            "second official who may sign: {url}",
        ),
    },
}
