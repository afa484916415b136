"""Notification texts of loket.hr, registered with loket.notify.messages by HrConfig.ready()."""

HR_MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "leave_to_decide": {
        "id": (
            "Permohonan cuti {employee} menunggu keputusan Anda",
            "{employee} mengajukan {leave_type} {first} s.d. {last}. Putuskan di {url}",
        ),
        "en": (
            "Leave request of {employee} awaits your decision",
            "{employee} requested {leave_type} from {first} to {last}. Decide at {url}",
        ),
    },
    "leave_decided": {
        "id": (
            "Permohonan cuti Anda: {decision}",
            "{leave_type} {first} s.d. {last}: {decision} oleh {approver}. {note} {url}",
        ),
        "en": (
            "Your leave request: {decision}",
            "{leave_type} from {first} to {last}: {decision} by {approver}. {note} {url}",
        ),
    },
    "kgb_to_sign": {
        "id": (
            "Kenaikan gaji berkala {employee} menunggu tanda tangan",
            "Draf pemberitahuan KGB {employee} berlaku {effective} menunggu tanda tangan Anda di {url}",
        ),
        "en": (
            "Periodic salary increase of {employee} awaits signature",
            "The KGB notice of {employee} effective {effective} awaits your signature at {url}",
        ),
    },
    "kgb_in_process": {
        "id": (
            "Kenaikan gaji berkala Anda sedang diproses",
            "Kenaikan gaji berkala Anda yang berlaku {effective} sedang diproses BKD dan pejabat yang berwenang "
            "(nomor {tracking}). Anda tidak perlu mengajukan apa pun. {url}",
        ),
        "en": (
            "Your periodic salary increase is being processed",
            "Your periodic salary increase effective {effective} is being processed by the HR office and the "
            "authorized official (number {tracking}). You need not apply for anything. {url}",
        ),
    },
    "kgb_signed": {
        "id": (
            "Kenaikan gaji berkala Anda berlaku {effective}",
            "Gaji pokok Anda naik dari Rp{old} menjadi Rp{new} mulai {effective}. "
            "Anda tidak perlu melakukan apa pun. {url}",
        ),
        "en": (
            "Your periodic salary increase takes effect {effective}",
            "Your base salary rises from Rp{old} to Rp{new} from {effective}. You need not do anything. {url}",
        ),
    },
    "promotion_in_process": {
        "id": (
            "Kenaikan pangkat Anda sedang diproses",
            "Anda memenuhi syarat kenaikan pangkat ke {grade} TMT {effective}. BKD memprosesnya (nomor {tracking}); "
            "persyaratan diambil dari data kepegawaian, Anda tidak perlu mengunggah apa pun. {url}",
        ),
        "en": (
            "Your rank promotion is being processed",
            "You are eligible for promotion to {grade} from {effective}. The HR office is processing it (number "
            "{tracking}); the requirements come from your records, you need not upload anything. {url}",
        ),
    },
    "promotion_to_sign": {
        "id": (
            "Keputusan kenaikan pangkat {employee} menunggu tanda tangan",
            "Keputusan kenaikan pangkat {employee} ke {grade} TMT {effective} menunggu tanda tangan Anda di {url}",
        ),
        "en": (
            "Promotion decree of {employee} awaits signature",
            "The promotion decree of {employee} to {grade} from {effective} awaits your signature at {url}",
        ),
    },
    "promotion_signed": {
        "id": (
            "Kenaikan pangkat Anda ke {grade} ditetapkan",
            "Pangkat Anda menjadi {grade} mulai {effective}. Gaji pokok naik dari {old} menjadi {new}. "
            "Kenaikan gaji berkala berikutnya: {next_kgb}. {url}",
        ),
        "en": (
            "Your promotion to {grade} is decreed",
            "Your rank is {grade} from {effective}. Base salary rises from {old} to {new}. Next periodic increase: "
            "{next_kgb}. {url}",
        ),
    },
    "pension_file_opened": {
        "id": (
            "Berkas pensiun Anda sudah dibuka",
            "Anda pensiun mulai {effective} ({kind}). Data riwayat kerja dan gaji pokok terakhir sudah diisi dari data "
            "kepegawaian; periksa, lengkapi data keluarga dan rekening bank pembayaran pensiun, lalu konfirmasi di {url}",
        ),
        "en": (
            "Your pension file is open",
            "You retire from {effective} ({kind}). Your service history and last base salary are filled in from your "
            "records; check them, add your family and the bank account for the pension, then confirm at {url}",
        ),
    },
    "pension_files_opened_hr": {
        "id": (
            "{count} berkas pensiun baru dibuka",
            "{count} berkas pensiun pegawai {agency} dibuka hari ini dan menunggu konfirmasi pegawai. Daftar: {url}",
        ),
        "en": (
            "{count} new pension files opened",
            "{count} pension files of {agency} staff were opened today and await the employees' confirmation. "
            "List: {url}",
        ),
    },
    "pension_to_sign": {
        "id": (
            "Keputusan pensiun {employee} menunggu tanda tangan",
            "Keputusan pensiun {employee} TMT {effective} menunggu tanda tangan Anda di {url}",
        ),
        "en": (
            "Pension decree of {employee} awaits signature",
            "The pension decree of {employee} from {effective} awaits your signature at {url}",
        ),
    },
    "pension_signed": {
        "id": (
            "Keputusan pensiun Anda ditetapkan",
            "Keputusan pensiun Anda TMT {effective} ditandatangani (nomor {number}). {url}",
        ),
        "en": (
            "Your pension decree is issued",
            "Your pension decree from {effective} is signed (number {number}). {url}",
        ),
    },
    "pak_to_sign": {
        "id": (
            "PAK {employee} menunggu tanda tangan",
            "Penetapan angka kredit {employee} telah diverifikasi BKD dan menunggu tanda tangan Anda di {url}",
        ),
        "en": (
            "Credit-point decree of {employee} awaits signature",
            "The credit-point decree of {employee} is verified by the HR office and awaits your signature at {url}",
        ),
    },
    "pak_signed": {
        "id": (
            "Angka kredit Anda ditetapkan",
            "Penetapan angka kredit nomor {number} telah ditandatangani: jumlah kumulatif {total}. {url}",
        ),
        "en": (
            "Your credit points are established",
            "Credit-point decree {number} is signed: accumulated credit {total}. {url}",
        ),
    },
    "transfer_to_decide": {
        "id": (
            "Mutasi {employee} menunggu tindakan Anda",
            "Mutasi {employee} ke {destination} TMT {effective} menunggu {what} Anda di {url}",
        ),
        "en": (
            "Transfer of {employee} awaits you",
            "The transfer of {employee} to {destination} from {effective} awaits your {what_en} at {url}",
        ),
    },
    "transfer_decided": {
        "id": ("Mutasi Anda: {status}", "Mutasi ke {destination} TMT {effective}: {status}. {note} {url}"),
        "en": ("Your transfer: {status_en}", "Transfer to {destination} from {effective}: {status_en}. {note} {url}"),
    },
}
