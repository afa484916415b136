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
            "{title} Nomor {number} telah dicabut oleh instansi penerbit. Lihat dompet dokumen Anda: {url}",
        ),
        "en": (
            "{title} {number} revoked",
            "{title} number {number} has been revoked by its issuer. See your document wallet: {url}",
        ),
    },
}
