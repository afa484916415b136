"""The catalogue of indicators Loket publishes: one definition each, read by the dashboard, the transparency
pages, the open-data descriptor, the API and the public page /statistik/indikator/ (issue 14).

Pure data, no Django. The arithmetic lives in loket.insights.rules (table-tested); the counts it needs are kept
by loket.insights.services. An independent recomputation from the raw records (tests/insights/recompute) checks
every published figure against these words. A change of meaning is a new VERSION with a line in CHANGES.
"""

from dataclasses import dataclass

VERSION = 5
CHANGES = (
    (1, "", "Definisi awal dasbor, halaman transparansi dan data terbuka.", "First definitions."),
    (
        2,
        "2026-12-07",
        "Cakupan: layanan publik saja (kasus kepegawaian ASN ditampilkan terpisah). Tanpa datang ke kantor: daring "
        "mandiri ditambah daring dibantu petugas di titik layanan desa, telepon atau kunjungan rumah; bantuan di meja "
        "kantor atau loket dihitung datang. Keputusan elektronik: penyebutnya keputusan selesai, bukan dokumen. "
        "Kecukupan sampel SKM dinilai per perangkat daerah dan per layanan. Pekerjaan terlambat yang masih terbuka "
        "ditampilkan di samping kepatuhan waktu.",
        "Scope: public services only (civil-service cases shown apart). Zero visit: online by the citizen plus "
        "online with an officer at a village point, on the phone or on a home visit; help at an office desk or "
        "counter is a visit. Digital decisions: the denominator is completed decisions, not documents. Survey "
        "sample adequacy judged per agency and per service. Open overdue work shown beside SLA compliance.",
    ),
    (
        3,
        "2026-12-07",
        "Indikator baru untuk kasus kepegawaian ASN per aplikasi (semua layanan dengan sasaran pegawai ASN): hari "
        "kerja dari pembukaan kasus sampai SK ditandatangani, waktu sentuh petugas, penurunan dibanding rata-rata "
        "proses manual yang dicatat BKPSDM beserta sumbernya, halaman kertas yang tidak dicetak, dan keputusan tanpa "
        "pegawai datang ke kantor. Indikator layanan publik tidak berubah.",
        "New indicators for civil-service cases per app (every service whose audience is civil servants): working "
        "days from the opening of a case to its signed decree, officer touch time, the cut against the manual "
        "process average the HR office recorded with its source, paper pages not printed, and decisions made "
        "without the employee visiting an office. The public-service indicators are unchanged.",
    ),
    (
        4,
        "2026-12-08",
        "Waktu sentuh petugas: bila tidak satu pun tugas kasus selesai diputus petugas (semua langkah dilewati atau "
        "diputus sistem), rata-ratanya «—», bukan 0 menit, dan tidak ada penurunan dibanding manual (sebelumnya "
        "tertulis «turun 100%»). Angka manual dicatat BKD di halamannya sendiri.",
        "Officer touch time: when no task of the completed cases was decided by an officer (every step skipped or "
        "decided by the system), its mean is “—”, not 0 minutes, and there is no cut against manual (it used to "
        "read “down 100%”). The HR office records the manual figures on its own page.",
    ),
    (
        5,
        "2026-12-08",
        "Indikator baru anti-pungli untuk retribusi (SKRD): retribusi dibayar per layanan dan perangkat daerah (jumlah "
        "dan rupiah, bulan pembayaran), bagian pembayaran nontunai melalui penyedia pembayaran (target 100%), dan "
        "pembayaran tanpa kasus (target 0). Indikator lain tidak berubah.",
        "New anti-extortion indicators for levies (SKRD): levies paid per service and agency (count and rupiah, month "
        "of payment), the share paid cashless through the payment provider (target 100%), and payments without a "
        "case (target 0). The other indicators are unchanged.",
    ),
)

UU_25_2009 = "UU 25/2009 tentang Pelayanan Publik"
PERMENPANRB_14_2017 = "PermenPANRB 14/2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: tuple[str, str]  # (Indonesian, English)
    formula: tuple[str, str]  # the definition in words
    basis: tuple[str, str]  # the regulation or aim it serves (Indonesian, English; a law keeps its name)
    unit: str  # "count", "percent", "days", "index"
    fields: tuple[str, ...]  # the published columns (Kpi.as_row, open data, API) carrying it
    period: tuple[str, str]  # which moment places a record in a month, or "current state"


def _law(name: str) -> tuple[str, str]:
    """A regulation is cited by its Indonesian name in both languages."""
    return (name, name)


SCOPE = (
    "Layanan publik (sasaran warga atau pelaku usaha) yang terbit di katalog. Kasus kepegawaian ASN (cuti, KGB) "
    "berjalan di mesin yang sama tetapi tidak masuk indikator layanan publik; angkanya ditampilkan terpisah.",
    "Public services (for citizens or businesses) published in the catalogue. Civil-service cases (leave, KGB) run "
    "on the same engine but are not part of the public-service indicators; their figures are shown apart.",
)
MONTH = (
    "Bulan kalender setempat menurut zona waktu wilayah permohonan (WIB, WITA atau WIT).",
    "The local calendar month in the time zone of the application's region (WIB, WITA or WIT).",
)
WORKING_DAYS = (
    "Hari kerja di kalender wilayah: Senin–Jumat dikurangi libur nasional, cuti bersama dan libur wilayah; hari "
    "ketika permohonan dikembalikan ke pemohon tidak dihitung (jam berhenti).",
    "Working days in the region's calendar: Monday–Friday minus national holidays, collective leave days and "
    "regional days off; days while the application was returned to the applicant are not counted (the clock "
    "stops).",
)

_SUBMITTED = ("bulan pengajuan", "month of submission")
_DECIDED = ("bulan keputusan", "month of the decision")
_NOW = ("keadaan saat ini", "current state")

INDICATORS = (
    Indicator(
        "received",
        ("Permohonan masuk", "Applications received"),
        (
            "Jumlah permohonan yang diajukan pada bulan itu (pengajuan ulang setelah perbaikan tidak dihitung lagi), "
            "dirinci menurut saluran: daring mandiri, daring dibantu, loket.",
            "Applications filed in the month (a resubmission after a return is not counted again), split by "
            "channel: online by the citizen, online with help, at a counter.",
        ),
        _law(UU_25_2009 + ", Pasal 21"),
        "count",
        ("received", "received_online", "received_assisted", "received_counter"),
        _SUBMITTED,
    ),
    Indicator(
        "completed",
        ("Selesai, ditolak, dicabut", "Completed, rejected, withdrawn"),
        (
            "Permohonan yang selesai (keputusan terbit), ditolak, atau dicabut pemohon pada bulan itu.",
            "Applications completed (decision issued), rejected, or withdrawn by the applicant in the month.",
        ),
        _law(UU_25_2009 + ", Pasal 21"),
        "count",
        ("completed", "rejected", "withdrawn", "decided"),
        _DECIDED,
    ),
    Indicator(
        "zero_visit",
        ("Tanpa datang ke kantor", "Without an office visit"),
        (
            "Permohonan selesai yang diajukan daring oleh pemohon sendiri atau daring oleh petugas yang melayaninya di "
            "titik layanan desa/kelurahan, lewat telepon, atau dengan kunjungan ke rumah, dibagi seluruh permohonan "
            "selesai. Bantuan di meja kantor atau loket dihitung datang ke kantor.",
            "Completed applications filed online by the applicant, or online by an officer serving them at a village "
            "point, on the phone or on a home visit, divided by all completed applications. Help at an office desk "
            "or counter counts as a visit.",
        ),
        (
            "Ukuran utama pelayanan dari rumah (tanpa antre, tanpa tatap muka)",
            "The main measure of service from home (no queue, no face-to-face meeting)",
        ),
        "percent",
        ("completed_online", "completed_assisted", "completed_counter", "zero_visit_percent"),
        _DECIDED,
    ),
    Indicator(
        "self_service",
        ("Daring mandiri", "Online by the citizen"),
        (
            "Permohonan selesai yang diajukan daring oleh pemohon sendiri, dibagi seluruh permohonan selesai.",
            "Completed applications the applicant filed online themself, divided by all completed applications.",
        ),
        ("Bagian dari indikator tanpa datang ke kantor", "Part of the no-office-visit indicator"),
        "percent",
        ("completed_online", "self_service_percent"),
        _DECIDED,
    ),
    Indicator(
        "sla",
        ("Tepat waktu", "On time"),
        (
            "Permohonan selesai dalam batas waktu standar pelayanan (hari kerja), dibagi permohonan yang diukur: yang "
            "selesai, ditambah yang ditolak setelah lewat batas waktu. Layanan tanpa batas waktu tidak diukur. "
            "Permohonan yang masih terbuka dan sudah lewat batas waktu ditampilkan di sampingnya (terlambat).",
            "Applications completed within the standard's time limit (working days), divided by those measured: the "
            "completed ones plus those rejected after the limit. Services without a limit are not measured. Open "
            "applications already past their limit are shown beside it (overdue).",
        ),
        _law(UU_25_2009 + ", Pasal 21 huruf c (jangka waktu penyelesaian)"),
        "percent",
        ("sla_measured", "sla_met", "sla_percent", "overdue"),
        _DECIDED,
    ),
    Indicator(
        "processing_days",
        ("Lama proses (median, persentil 90)", "Processing time (median, 90th percentile)"),
        (
            "Hari kerja dari tanggal pengajuan sampai tanggal selesai, dikurangi hari kerja saat dikembalikan; "
            "median dan persentil 90 dengan peringkat terdekat; di atas 40 hari ditulis «> 40».",
            "Working days from the date of filing to the date of completion, minus the working days while returned; "
            "median and 90th percentile by nearest rank; above 40 days shown as “> 40”.",
        ),
        _law(UU_25_2009 + ", Pasal 21 huruf c"),
        "days",
        ("median_days", "p90_days"),
        _DECIDED,
    ),
    Indicator(
        "returned_rate",
        ("Pernah dikembalikan", "Returned for revision"),
        (
            "Permohonan yang diputus (selesai atau ditolak) dan pernah dikembalikan ke pemohon untuk perbaikan, "
            "dibagi seluruh permohonan yang diputus.",
            "Decided applications (completed or rejected) that had been returned to the applicant for revision at "
            "least once, divided by all decided applications.",
        ),
        (
            "Penyederhanaan prosedur (persyaratan yang jelas sejak awal)",
            "Simpler procedures (requirements clear from the start)",
        ),
        "percent",
        ("decided", "decided_after_return", "returned", "returned_percent"),
        _DECIDED,
    ),
    Indicator(
        "backlog",
        ("Dalam proses", "In progress"),
        (
            "Permohonan yang masih terbuka saat ini; di antaranya yang menunggu perbaikan pemohon (jam berhenti) dan "
            "yang sedang diproses tetapi sudah lewat batas waktunya (terlambat).",
            "Applications open now; among them those waiting on the applicant's revision (clock stopped) and those "
            "being processed past their time limit (overdue).",
        ),
        _law(UU_25_2009 + ", Pasal 21 huruf c"),
        "count",
        ("backlog", "waiting_applicant", "overdue"),
        _NOW,
    ),
    Indicator(
        "digital",
        ("Keputusan elektronik", "Decisions issued electronically"),
        (
            "Permohonan selesai yang keputusannya terbit sebagai dokumen bertanda tangan elektronik dan tidak dicetak "
            "di loket, dibagi seluruh permohonan selesai. Dokumen kepegawaian (surat izin cuti, pemberitahuan KGB) "
            "tidak dihitung.",
            "Completed applications whose decision was issued as an electronically signed document and not printed "
            "at a counter, divided by all completed applications. Civil-service documents (leave permits, KGB "
            "notices) are not counted.",
        ),
        _law("UU 11/2008 jo. UU 1/2024 (ITE), Pasal 11; PP 71/2019 (tanda tangan elektronik)"),
        "percent",
        ("completed_digital", "digital_percent"),
        _DECIDED,
    ),
    Indicator(
        "ikm",
        ("Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)"),
        (
            "Rata-rata sembilan unsur survei (skala 1–4, bobot sama 1/9) dikali 25, dari jawaban survei pada bulan "
            "itu; mutu A–D. Kecukupan sampel: jumlah responden dibanding sampel minimal Krejcie & Morgan dari "
            "populasi, yaitu permohonan masuk pada periode yang sama, dinilai per perangkat daerah dan per layanan; "
            "angka dengan sampel kurang tetap ditampilkan dengan tanda. Responden survei tatap muka tanpa permohonan "
            "ikut dihitung sebagai responden tetapi tidak menambah populasi.",
            "The mean of the nine survey elements (scale 1–4, equal weight 1/9) times 25, from the survey answers of "
            "the month; grades A–D. Sample adequacy: respondents against the Krejcie & Morgan minimum for the "
            "population, the applications received in the same period, judged per agency and per service; "
            "under-sampled figures are shown with a flag. Walk-in respondents without an application count as "
            "respondents but do not add to the population.",
        ),
        _law(PERMENPANRB_14_2017),
        "index",
        (
            "respondents",
            "ikm",
            "ikm_grade",
            "sample_required",
            "sample_adequate",
            "sample_parts",
            "sample_parts_adequate",
        ),
        ("bulan jawaban survei", "month of the survey answer"),
    ),
)

# Civil-service cases (audience "employee": e-Cuti, e-KGB, e-Pangkat, e-Fungsional and every later kind on the
# engine), per service, shown apart from the public services (SCOPE). Counts come from the same summaries as the
# public services; the figures against the paper process from insights.StaffCaseStat (services.refresh_staff_cases).
_COMPLETED = ("bulan selesai (SK ditandatangani)", "month of completion (decree signed)")
_UU_ASN = "UU 20/2023 tentang ASN; Perpres 95/2018 tentang SPBE"
STAFF_INDICATORS = (
    Indicator(
        "staff_cases",
        ("Kasus kepegawaian ASN", "Civil-service cases"),
        (
            "Per aplikasi kepegawaian (layanan dengan sasaran pegawai ASN): kasus dibuka pada bulan itu (permintaan "
            "pegawai atau dibuka sistem secara proaktif, misalnya KGB yang jatuh tempo), kasus selesai pada bulan itu, "
            "dan kasus yang masih terbuka saat ini.",
            "Per civil-service app (services whose audience is civil servants): cases opened in the month (the "
            "employee's request, or opened by the system proactively, such as a KGB falling due), cases completed in "
            "the month, and cases open now.",
        ),
        _law(_UU_ASN),
        "count",
        ("received", "completed", "backlog"),
        ("bulan pembukaan; bulan selesai; keadaan saat ini", "month of opening; month of completion; current state"),
    ),
    Indicator(
        "staff_days",
        ("Hari kerja sampai SK ditandatangani", "Working days to the signed decree"),
        (
            "Untuk kasus selesai yang SK-nya ditandatangani di Loket: hari kerja (kalender wilayah) dari tanggal kasus "
            "dibuka sampai tanggal tanda tangan pertama pada dokumen kasus itu. Waktu menunggu (misalnya pertimbangan "
            "teknis BKN) ikut dihitung, karena pegawai ikut menunggu dan angka manual juga waktu tempuh. Median dan "
            "persentil 90 dengan peringkat terdekat (di atas 40 hari ditulis «> 40») serta rata-rata.",
            "For completed cases whose decree was signed in Loket: working days (the region's calendar) from the date "
            "the case was opened to the date of the first signature on a document of the case. Waiting (for BKN's "
            "technical approval, say) counts, because the employee waits too and the manual figure is elapsed time. "
            "Median and 90th percentile by nearest rank (above 40 days shown as “> 40”) and the mean.",
        ),
        _law(_UU_ASN),
        "days",
        ("decreed", "decree_median_days", "decree_p90_days", "decree_mean_days"),
        _COMPLETED,
    ),
    Indicator(
        "staff_touch",
        ("Waktu sentuh petugas", "Officer touch time"),
        (
            "Jumlah waktu petugas menangani kasus, dari catatan tugas mesin kasus: untuk setiap tugas yang diputus "
            "seorang petugas (disetujui, dikembalikan atau ditolak), sejak petugas itu pertama membuka kasus untuk "
            "tugas tersebut (atau, tanpa catatan membuka, sejak tugas menjadi miliknya, atau sejak tugas dibuat) "
            "sampai keputusannya, paling lama 60 menit per tugas (pengaturan LOKET_TOUCH_CAP_MINUTES) karena tugas "
            "yang dibiarkan terbuka semalam tidak dikerjakan semalaman. Langkah yang dilewati sistem tidak dihitung. "
            "Ditampilkan rata-rata menit per kasus selesai; bila tidak satu pun tugas diputus petugas, «—». Ini batas "
            "atas perhatian petugas, bukan stopwatch.",
            "The time officers spend on a case, from the case engine's task records: for each task an officer decided "
            "(approved, returned or rejected), from that officer's first opening of the case for the task (or, "
            "without a recorded opening, from when the task became theirs, or from its creation) to the decision, at "
            "most 60 minutes per task (setting LOKET_TOUCH_CAP_MINUTES) because a task left open overnight was not "
            "worked on all night. Steps the system skipped do not count. Shown as mean minutes per completed case; "
            "“—” when no task was decided by an officer. It is an upper bound of officers' attention, not a "
            "stopwatch.",
        ),
        ("Efisiensi birokrasi (SMART Birokrasi)", "Bureaucratic efficiency (SMART Birokrasi)"),
        "minutes",
        ("touch_minutes_mean", "touch_hours_total"),
        _COMPLETED,
    ),
    Indicator(
        "staff_cut",
        ("Penurunan dibanding proses manual", "Cut against the manual process"),
        (
            "(rata-rata manual − rata-rata terukur) ÷ rata-rata manual, untuk hari kerja sampai SK dan untuk waktu "
            "sentuh per kasus. Rata-rata manual dicatat BKPSDM per layanan beserta sumbernya (kajian, hitung waktu, "
            "laporan) dan periode yang digambarkannya; tanpa angka manual ditulis «—». Angka negatif berarti lebih "
            "lama daripada proses manual (ditulis «naik»).",
            "(manual average − measured average) ÷ manual average, for working days to the decree and for touch time "
            "per case. The manual average is recorded by the HR office per service with its source (a study, a time "
            "count, a report) and the period it describes; without one the figure is “—”. A negative figure means "
            "longer than the manual process (shown as “up”).",
        ),
        ("Klaim «waktu administrasi turun» diukur, bukan dinyatakan", "The “administration time cut” claim, measured"),
        "percent",
        ("baseline_days", "baseline_touch_minutes", "baseline_source", "days_cut_percent", "touch_cut_percent"),
        _COMPLETED,
    ),
    Indicator(
        "pages_avoided",
        ("Halaman kertas yang tidak dicetak", "Paper pages avoided"),
        (
            "Jumlah halaman dokumen bertanda tangan elektronik (SK dan dokumen lain kasus itu) dari kasus selesai yang "
            "tidak dicetak di loket, dihitung dari berkas PDF saat ditandatangani. Dokumen yang berkasnya tidak "
            "terbaca dihitung terpisah (halaman tidak diketahui), tidak sebagai nol.",
            "Pages of the electronically signed documents (the decree and the case's other documents) of completed "
            "cases that were not printed at a counter, counted from the PDF when it was signed. Documents whose file "
            "could not be read are counted apart (pages unknown), never as zero.",
        ),
        _law("UU 11/2008 jo. UU 1/2024 (ITE), Pasal 11; PP 71/2019"),
        "count",
        ("documents_paperless", "pages_avoided", "documents_unpaged"),
        _COMPLETED,
    ),
    Indicator(
        "staff_zero_visit",
        ("Keputusan tanpa pegawai datang ke kantor", "Decisions without an office visit by the employee"),
        (
            "Seperti «Tanpa datang ke kantor» untuk layanan publik: kasus selesai yang dibuka daring (oleh pegawai, "
            "atau oleh sistem atas nama pegawai) atau daring dibantu di titik layanan desa, telepon atau rumah, dibagi "
            "seluruh kasus selesai.",
            "As “Without an office visit” for public services: completed cases opened online (by the employee, or by "
            "the system on the employee's behalf) or online with help at a village point, by phone or at home, "
            "divided by all completed cases.",
        ),
        ("Pelayanan kepegawaian tanpa tatap muka", "Civil-service administration without a face-to-face meeting"),
        "percent",
        ("zero_visit_percent",),
        _DECIDED,
    ),
)

# Levies (retribusi) assessed at a case's payment step (issue 18, ADR 20): the anti-pungli promise that the only
# money a citizen pays is the published fee, paid to the treasury through the provider, never in cash to an officer.
# Recounted from the assessments and the provider's events (insights.PaymentMonthStat, services.refresh_payments).
_PAID = ("bulan pembayaran (waktu bayar menurut penyedia)", "month of payment (the provider's payment time)")
_UU_HKPD = "UU 1/2022 tentang HKPD; PP 35/2023; Perpres 87/2016 tentang Satgas Saber Pungli"
PAYMENT_INDICATORS = (
    Indicator(
        "levy_revenue",
        ("Retribusi dibayar", "Levies paid"),
        (
            "Per layanan dan perangkat daerah: SKRD yang dibayar pada bulan itu dan jumlah retribusinya dalam rupiah "
            "(sebesar yang ditagih; SKRD yang kemudian dikembalikan tetap dihitung pada bulan pembayarannya, karena "
            "uangnya sudah diterima kas daerah). Bulan: menurut zona waktu wilayah permohonan.",
            "Per service and agency: assessments (SKRD) paid in the month and their levies in rupiah (as billed; an "
            "assessment refunded later still counts in the month it was paid, the treasury having received the "
            "money). Month: in the time zone of the application's region.",
        ),
        _law(_UU_HKPD),
        "count",
        ("payments", "revenue_rupiah"),
        _PAID,
    ),
    Indicator(
        "cashless_share",
        ("Pembayaran nontunai melalui penyedia", "Paid cashless through the provider"),
        (
            "SKRD dibayar yang pembayarannya dikonfirmasi penyedia pembayaran (notifikasi bertanda tangan yang "
            "disimpan dan diterapkan Loket pada SKRD itu) dibagi seluruh SKRD dibayar yang tercatat. Target 100%: "
            "Loket tidak punya jalan lain untuk menandai lunas, jadi angka di bawah 100% berarti ada yang ditandai "
            "lunas di luar penyedia dan harus diperiksa.",
            "Paid assessments whose payment the payment provider confirmed (a signed notification Loket stored and "
            "applied to that assessment) divided by every paid assessment recorded. Target 100%: Loket has no other "
            "way to mark a levy paid, so a figure under 100% means something was marked paid outside the provider "
            "and must be examined.",
        ),
        ("Pembayaran tanpa uang tunai di tangan petugas (anti-pungli)", "No cash in an officer's hands (anti-pungli)"),
        "percent",
        ("cashless_payments", "cashless_percent"),
        _PAID,
    ),
    Indicator(
        "payments_without_case",
        ("Pembayaran tanpa kasus", "Payments without a case"),
        (
            "Notifikasi pembayaran dari penyedia yang tidak cocok dengan SKRD mana pun (uang masuk tanpa permohonan), "
            "per bulan penerimaan menurut zona waktu sistem, untuk seluruh Loket (tidak dapat dikaitkan ke perangkat "
            "daerah). Target 0; setiap kejadian adalah selisih untuk bagian keuangan. SKRD selalu terikat pada satu "
            "permohonan (basis data menolak SKRD tanpa permohonan).",
            "Payment notifications from the provider that matched no assessment (money without an application), by "
            "the month they were received in the system's time zone, for the whole of Loket (they cannot be placed "
            "in an agency). Target 0; each one is a discrepancy for finance. An assessment always belongs to one "
            "application (the database refuses one without).",
        ),
        ("Setiap rupiah tercatat pada satu permohonan", "Every rupiah recorded against one application"),
        "count",
        ("payments_without_case",),
        ("bulan penerimaan notifikasi", "month the notification was received"),
    ),
)

ALL_INDICATORS = INDICATORS + STAFF_INDICATORS + PAYMENT_INDICATORS

BY_KEY = {indicator.key: indicator for indicator in ALL_INDICATORS}
BY_FIELD = {name: indicator for indicator in INDICATORS for name in indicator.fields}


def describe(field: str) -> tuple[str, str] | None:
    """(Indonesian, English) name of the indicator a published field belongs to, for column descriptions."""
    indicator = BY_FIELD.get(field)
    return indicator.name if indicator else None
