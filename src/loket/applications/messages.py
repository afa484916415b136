"""Notification texts of loket.applications' counter filings, registered with loket.notify by ApplicationsConfig.

Context keys starting with `secret_` hold a one-time code: the outbox drops them once the message is sent or has
finally failed (loket.notify.services), so no table or backup keeps a usable code.
"""

CONSENT_MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "consent_code": {
        "id": (
            "Kode persetujuan {secret_code}",
            "Kode persetujuan Loket: {secret_code}. Petugas {agency} akan mengajukan permohonan {service} atas nama "
            "Anda. Jangan berikan kode ini kecuali Anda meminta layanan ini. Berlaku {minutes} menit.",
        ),
        "en": (
            "Consent code {secret_code}",
            "Loket consent code: {secret_code}. An officer of {agency} is about to apply for {service} on your "
            "behalf. Do not give this code to anyone unless you asked for this service. Valid for {minutes} minutes.",
        ),
    },
    "account_claim": {
        "id": (
            "Aktifkan akun Loket Anda",
            "Petugas {agency} mendaftarkan Anda di Loket. Untuk melihat permohonan Anda, buka {url}, isi NIK dan "
            "kode {secret_code}, lalu buat kata sandi. Nama pengguna: {username}. Kode berlaku sampai {until}. "
            "Jangan berikan kode ini kepada siapa pun, termasuk petugas.",
        ),
        "en": (
            "Activate your Loket account",
            "An officer of {agency} registered you in Loket. To see your applications, open {url}, enter your NIK "
            "and the code {secret_code}, then choose a password. Username: {username}. The code is valid until "
            "{until}. Do not give this code to anyone, officers included.",
        ),
    },
}
