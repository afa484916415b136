"""Demo application forms, procedures (SOP) and the generators of realistic answers.

Seven published services get a full form and a multi-step SOP (two with a parallel step). Forms follow
the paper forms agencies use (F-2.01 for births, OSS data for business permits, the SKP request for
research); SLAs add up within each standard's time limit. People are made up: names are random
pairings of common Sundanese, Javanese and Banjar names, NIKs are valid for `parse_nik` but random.
"""

import datetime as dt
import random
from dataclasses import dataclass


def field(key: str, kind: str, label_id: str, label_en: str, **extra) -> dict:
    return {"key": key, "type": kind, "label": {"id": label_id, "en": label_en}, **extra}


def options(*triples: tuple[str, str, str]) -> list[dict]:
    return [{"value": value, "label": {"id": label_id, "en": label_en}} for value, label_id, label_en in triples]


def applicant_fields(nik_label: str = "NIK pemohon", nik_label_en: str = "Applicant's NIK") -> list[dict]:
    return [
        field("nik", "nik", nik_label, nik_label_en, required=True),
        field("nama_lengkap", "text", "Nama lengkap sesuai KTP-el", "Full name as on the ID card", required=True),
        field("alamat", "address", "Alamat domisili", "Home address", required=True),
        field("hp", "phone", "Nomor HP/WhatsApp", "Mobile/WhatsApp number", required=True),
        field("email", "email", "Email", "Email"),
    ]


INDIVIDUAL_OR_BUSINESS = options(
    ("perorangan", "Perorangan", "Individual"),
    ("badan_usaha", "Badan usaha (PT, CV, koperasi)", "Business entity (PT, CV, cooperative)"),
)
DAYS = options(
    ("senin", "Senin", "Monday"),
    ("selasa", "Selasa", "Tuesday"),
    ("rabu", "Rabu", "Wednesday"),
    ("kamis", "Kamis", "Thursday"),
    ("jumat", "Jumat", "Friday"),
    ("sabtu", "Sabtu", "Saturday"),
    ("minggu", "Minggu", "Sunday"),
)

SIP_DOKTER_FORM = [
    *applicant_fields(),
    field("tempat_lahir", "text", "Tempat lahir", "Place of birth", required=True),
    field("tanggal_lahir", "date", "Tanggal lahir", "Date of birth", required=True),
    field(
        "jenis_dokter",
        "choice",
        "Jenis dokter",
        "Kind of doctor",
        required=True,
        options=options(
            ("umum", "Dokter umum", "General practitioner"),
            ("spesialis", "Dokter spesialis", "Specialist"),
            ("gigi", "Dokter gigi", "Dentist"),
        ),
    ),
    field(
        "spesialisasi",
        "text",
        "Bidang spesialisasi",
        "Specialty",
        required=True,
        show_if={"field": "jenis_dokter", "equals": "spesialis"},
    ),
    # The STR number is the point of the SIP: printed in full on the decision (documents.render).
    field("nomor_str", "licence", "Nomor STR", "Registration (STR) number", required=True, print_full=True),
    field(
        "sip_ke",
        "choice",
        "Permohonan ini untuk SIP ke-",
        "This is licence number",
        required=True,
        options=options(
            ("1", "1 (pertama)", "1 (first)"),
            ("2", "2", "2"),
            ("3", "3 (paling banyak tiga tempat)", "3 (three places at most)"),
        ),
    ),
    field(
        "jenis_tempat",
        "choice",
        "Tempat praktik",
        "Place of practice",
        required=True,
        options=options(
            (
                "fasyankes",
                "Fasilitas pelayanan kesehatan (RS, klinik, puskesmas)",
                "Health facility (hospital, clinic, puskesmas)",
            ),
            ("mandiri", "Praktik mandiri", "Private practice"),
        ),
    ),
    field(
        "nama_fasyankes",
        "text",
        "Nama fasilitas pelayanan kesehatan",
        "Name of the health facility",
        required=True,
        show_if={"field": "jenis_tempat", "equals": "fasyankes"},
    ),
    field("alamat_praktik", "address", "Alamat tempat praktik", "Address of the practice", required=True),
    field(
        "jadwal",
        "group",
        "Jadwal praktik",
        "Practice schedule",
        required=True,
        repeat={"min": 1, "max": 7},
        fields=[
            field("hari", "choice", "Hari", "Day", required=True, options=DAYS),
            field("jam_mulai", "text", "Jam mulai (JJ:MM)", "From (HH:MM)", required=True, max_length=5),
            field("jam_selesai", "text", "Jam selesai (JJ:MM)", "Until (HH:MM)", required=True, max_length=5),
        ],
    ),
]

REKLAME_FORM = [
    field("jenis_pemohon", "choice", "Pemohon", "Applicant", required=True, options=INDIVIDUAL_OR_BUSINESS),
    *applicant_fields("NIK penanggung jawab", "NIK of the person responsible"),
    field(
        "nama_badan_usaha",
        "text",
        "Nama badan usaha",
        "Business name",
        required=True,
        show_if={"field": "jenis_pemohon", "equals": "badan_usaha"},
    ),
    field(
        "nib",
        "nib",
        "Nomor Induk Berusaha (NIB)",
        "Business ID number (NIB)",
        required=True,
        show_if={"field": "jenis_pemohon", "equals": "badan_usaha"},
    ),
    field("npwp", "npwp", "NPWP pemohon atau badan usaha", "Tax number (NPWP)", required=True),
    field(
        "jenis_reklame",
        "choice",
        "Jenis reklame",
        "Kind of advertisement",
        required=True,
        options=options(
            ("papan", "Papan/billboard", "Board/billboard"),
            ("videotron", "Videotron/LED", "LED screen"),
            ("baliho", "Baliho", "Large banner"),
            ("neon_box", "Neon box", "Light box"),
            ("kain", "Spanduk/umbul-umbul", "Cloth banner/flags"),
        ),
    ),
    field("naskah", "textarea", "Naskah dan isi reklame", "Text and content", required=True, max_length=500),
    field("lebar_m", "number", "Lebar (meter)", "Width (metres)", required=True, integer=False, min=0.5, max=20),
    field("tinggi_m", "number", "Tinggi (meter)", "Height (metres)", required=True, integer=False, min=0.5, max=20),
    field("jumlah_muka", "number", "Jumlah muka", "Number of faces", required=True, min=1, max=2),
    field("lokasi", "address", "Lokasi pemasangan", "Location", required=True),
    field("koordinat", "text", "Titik koordinat (lintang, bujur)", "Coordinates (latitude, longitude)", max_length=40),
    field("mulai_tayang", "date", "Mulai tayang", "Display from", required=True),
    field("lama_bulan", "number", "Lama penayangan (bulan)", "Duration (months)", required=True, min=1, max=12),
]

PBG_FORM = [
    field("status_pemohon", "choice", "Pemohon", "Applicant", required=True, options=INDIVIDUAL_OR_BUSINESS),
    *applicant_fields("NIK pemohon atau penanggung jawab", "NIK of the applicant or person responsible"),
    field(
        "nama_badan_usaha",
        "text",
        "Nama badan usaha",
        "Business name",
        required=True,
        show_if={"field": "status_pemohon", "equals": "badan_usaha"},
    ),
    field(
        "nib",
        "nib",
        "Nomor Induk Berusaha (NIB)",
        "Business ID number (NIB)",
        required=True,
        show_if={"field": "status_pemohon", "equals": "badan_usaha"},
    ),
    field("npwp", "npwp", "NPWP", "Tax number (NPWP)"),
    field(
        "jenis_permohonan",
        "choice",
        "Jenis permohonan",
        "Kind of application",
        required=True,
        options=options(
            ("baru", "Bangunan baru", "New building"),
            ("perubahan", "Perubahan atau perluasan bangunan", "Alteration or extension"),
        ),
    ),
    field(
        "fungsi_bangunan",
        "choice",
        "Fungsi bangunan",
        "Building function",
        required=True,
        options=options(
            ("hunian", "Hunian (rumah tinggal)", "Residential"),
            ("usaha", "Usaha (toko, kantor, gudang)", "Business (shop, office, warehouse)"),
            ("keagamaan", "Keagamaan", "Religious"),
            ("sosial_budaya", "Sosial dan budaya", "Social and cultural"),
            ("campuran", "Campuran (rumah toko)", "Mixed (shophouse)"),
        ),
    ),
    field("lokasi_bangunan", "address", "Lokasi bangunan", "Building location", required=True),
    field("nomor_sertifikat", "text", "Nomor sertifikat tanah", "Land title number", required=True, max_length=60),
    field("luas_tanah_m2", "number", "Luas tanah (m²)", "Land area (m²)", required=True, min=1, max=100000),
    field(
        "status_tanah",
        "choice",
        "Status tanah",
        "Land status",
        required=True,
        options=options(
            ("milik_sendiri", "Milik sendiri", "Own land"),
            (
                "pihak_lain",
                "Milik pihak lain (dengan perjanjian pemanfaatan)",
                "Someone else's land (with a use agreement)",
            ),
        ),
    ),
    field(
        "pemilik_tanah",
        "text",
        "Nama pemilik tanah",
        "Landowner's name",
        required=True,
        show_if={"field": "status_tanah", "equals": "pihak_lain"},
    ),
    field(
        "lantai",
        "group",
        "Rincian luas per lantai",
        "Floor areas",
        required=True,
        repeat={"min": 1, "max": 8},
        fields=[
            field("lantai_ke", "number", "Lantai ke-", "Floor", required=True, min=1, max=8),
            field("luas_m2", "number", "Luas (m²)", "Area (m²)", required=True, min=1, max=20000),
            field("fungsi_ruang", "text", "Fungsi ruang", "Use of the floor", required=True, max_length=120),
        ],
    ),
    field("perencana", "text", "Arsitek atau penyedia jasa perencana", "Architect or design firm", max_length=120),
]

AKTA_KELAHIRAN_FORM = [
    field(
        "hubungan_pelapor",
        "choice",
        "Pelapor adalah",
        "The person reporting is",
        required=True,
        options=options(
            ("ayah", "Ayah", "Father"),
            ("ibu", "Ibu", "Mother"),
            ("keluarga", "Anggota keluarga lain", "Another family member"),
        ),
    ),
    *applicant_fields("NIK pelapor", "Reporter's NIK"),
    field(
        "nomor_kk",
        "kk",
        "Nomor Kartu Keluarga (KK)",
        "Family card (KK) number",
        required=True,
    ),
    field("nama_anak", "text", "Nama anak", "Child's name", required=True, max_length=120),
    field(
        "jenis_kelamin",
        "choice",
        "Jenis kelamin anak",
        "Child's sex",
        required=True,
        options=options(("L", "Laki-laki", "Male"), ("P", "Perempuan", "Female")),
    ),
    field("tanggal_lahir_anak", "date", "Tanggal lahir anak", "Child's date of birth", required=True),
    field("pukul_lahir", "text", "Pukul lahir (JJ:MM)", "Time of birth (HH:MM)", max_length=5),
    field(
        "tempat_dilahirkan",
        "choice",
        "Tempat dilahirkan",
        "Place of delivery",
        required=True,
        options=options(
            ("rs", "Rumah sakit", "Hospital"),
            ("puskesmas", "Puskesmas", "Community health centre"),
            ("bidan", "Klinik atau praktik bidan", "Clinic or midwife"),
            ("rumah", "Rumah", "Home"),
        ),
    ),
    field(
        "nama_rumah_sakit",
        "text",
        "Nama rumah sakit",
        "Hospital name",
        required=True,
        show_if={"field": "tempat_dilahirkan", "equals": "rs"},
    ),
    field("kota_kelahiran", "text", "Kabupaten/kota tempat kelahiran", "Town of birth", required=True),
    field("kelahiran_ke", "number", "Anak ke-", "Birth order", required=True, min=1, max=15),
    field(
        "penolong",
        "choice",
        "Penolong kelahiran",
        "Birth attended by",
        required=True,
        options=options(("dokter", "Dokter", "Doctor"), ("bidan", "Bidan", "Midwife"), ("lainnya", "Lainnya", "Other")),
    ),
    field("berat_gram", "number", "Berat bayi (gram)", "Weight (grams)", min=500, max=6000),
    field("panjang_cm", "number", "Panjang bayi (cm)", "Length (cm)", min=25, max=65),
    field("nik_ibu", "nik", "NIK ibu", "Mother's NIK", required=True),
    field("nama_ibu", "text", "Nama ibu", "Mother's name", required=True),
    field("nik_ayah", "nik", "NIK ayah", "Father's NIK"),
    field("nama_ayah", "text", "Nama ayah", "Father's name"),
    field(
        "perkawinan",
        "choice",
        "Status perkawinan orang tua",
        "Parents' marriage",
        required=True,
        options=options(
            ("tercatat", "Tercatat (buku nikah atau akta perkawinan)", "Registered (marriage book or certificate)"),
            (
                "belum_tercatat",
                "Belum tercatat (mengisi SPTJM kebenaran pasangan suami istri)",
                "Not registered (sworn statement of the couple)",
            ),
        ),
    ),
    field(
        "nomor_buku_nikah",
        "text",
        "Nomor buku nikah/akta perkawinan",
        "Marriage book/certificate number",
        required=True,
        show_if={"field": "perkawinan", "equals": "tercatat"},
    ),
    field(
        "saksi",
        "group",
        "Saksi SPTJM",
        "Witnesses of the sworn statement",
        required=True,
        show_if={"field": "perkawinan", "equals": "belum_tercatat"},
        repeat={"min": 2, "max": 2},
        fields=[
            field("nik", "nik", "NIK saksi", "Witness NIK", required=True),
            field("nama", "text", "Nama saksi", "Witness name", required=True),
        ],
    ),
]

# KTP-el (Disdukcapil Kota Bandung): the first card at 17 or on marriage, or a replacement (damaged, lost, changed
# data). The card itself is printed at the counter after the biometric record; the form says what is asked for.
KTP_EL_FORM = [
    field(
        "jenis_permohonan",
        "choice",
        "Jenis permohonan",
        "Kind of request",
        required=True,
        options=options(
            ("baru", "KTP-el pertama (usia 17 tahun atau sudah kawin)", "First card (aged 17 or married)"),
            ("rusak", "Penggantian karena rusak", "Replacement of a damaged card"),
            ("hilang", "Penggantian karena hilang", "Replacement of a lost card"),
            ("perubahan_data", "Perubahan data", "Change of particulars"),
        ),
    ),
    *applicant_fields(),
    field("nomor_kk", "kk", "Nomor Kartu Keluarga (KK)", "Family card (KK) number", required=True),
    field(
        "perubahan",
        "text",
        "Data yang berubah",
        "What has changed",
        required=True,
        max_length=200,
        show_if={"field": "jenis_permohonan", "equals": "perubahan_data"},
    ),
    field(
        "sudah_rekam",
        "choice",
        "Sudah pernah perekaman biometrik?",
        "Biometrics already recorded?",
        required=True,
        options=options(("ya", "Sudah", "Yes"), ("belum", "Belum", "Not yet")),
    ),
    field(
        "tempat_ambil",
        "choice",
        "Tempat pengambilan KTP-el",
        "Where to collect the card",
        required=True,
        options=options(
            ("dinas", "Loket Disdukcapil", "Disdukcapil counter"),
            ("kecamatan", "Kantor kecamatan domisili", "District office of residence"),
        ),
    ),
]

FAMILY_ROLES = options(
    ("kepala", "Kepala keluarga", "Head of family"),
    ("istri", "Istri", "Wife"),
    ("suami", "Suami", "Husband"),
    ("anak", "Anak", "Child"),
    ("orang_tua", "Orang tua", "Parent"),
    ("lainnya", "Lainnya", "Other"),
)
SKTM_FORM = [
    *applicant_fields(),
    field(
        "nomor_kk",
        "kk",
        "Nomor Kartu Keluarga (KK)",
        "Family card (KK) number",
        required=True,
    ),
    field("pekerjaan", "text", "Pekerjaan kepala keluarga", "Occupation of the head of family", required=True),
    field(
        "penghasilan",
        "number",
        "Penghasilan keluarga per bulan (Rp)",
        "Family income per month (Rp)",
        required=True,
        min=0,
        max=100_000_000,
    ),
    field(
        "dtsen",
        "choice",
        "Terdaftar di DTSEN",
        "Listed in the national social data (DTSEN)",
        required=True,
        options=options(
            ("ya", "Sudah terdaftar", "Listed"),
            ("tidak", "Belum terdaftar", "Not listed"),
            ("tidak_tahu", "Tidak tahu", "Don't know"),
        ),
    ),
    field(
        "keperluan",
        "choice",
        "Keperluan SKTM",
        "Purpose",
        required=True,
        options=options(
            ("pendidikan", "Pendidikan (keringanan biaya sekolah atau kuliah)", "Education fees"),
            ("kesehatan", "Kesehatan (biaya rumah sakit)", "Hospital costs"),
            ("hukum", "Bantuan hukum", "Legal aid"),
            ("lainnya", "Lainnya", "Other"),
        ),
    ),
    field(
        "nama_sekolah",
        "text",
        "Nama sekolah atau perguruan tinggi",
        "School or university",
        required=True,
        show_if={"field": "keperluan", "equals": "pendidikan"},
    ),
    field(
        "nama_rumah_sakit",
        "text",
        "Nama rumah sakit",
        "Hospital",
        required=True,
        show_if={"field": "keperluan", "equals": "kesehatan"},
    ),
    field(
        "keperluan_lain",
        "text",
        "Sebutkan keperluannya",
        "State the purpose",
        required=True,
        show_if={"field": "keperluan", "equals": "lainnya"},
    ),
    field(
        "anggota",
        "group",
        "Anggota keluarga dalam KK",
        "Family members on the family card",
        required=True,
        repeat={"min": 1, "max": 12},
        fields=[
            field("nik", "nik", "NIK", "NIK", required=True),
            field("nama", "text", "Nama", "Name", required=True),
            field("hubungan", "choice", "Hubungan dalam keluarga", "Relationship", required=True, options=FAMILY_ROLES),
            field("pekerjaan", "text", "Pekerjaan", "Occupation"),
        ],
    ),
]

FOOD_KINDS = options(
    ("olahan_daging", "Hasil olahan daging kering", "Dried meat products"),
    ("olahan_ikan", "Hasil olahan ikan kering", "Dried fish products"),
    ("olahan_buah", "Hasil olahan buah", "Fruit products"),
    ("biji_umbi", "Hasil olahan biji-bijian, kacang-kacangan dan umbi", "Grain, bean and tuber products"),
    ("tepung", "Tepung dan hasil olahnya", "Flour and bakery products"),
    ("gula_madu", "Gula, kembang gula dan madu", "Sugar, confectionery and honey"),
    ("kopi_teh", "Kopi dan teh kering", "Dry coffee and tea"),
    ("bumbu", "Bumbu dan saus", "Seasonings and sauces"),
    ("selai", "Selai, jeli dan sejenisnya", "Jams and jellies"),
    ("minuman_serbuk", "Minuman serbuk", "Powdered drinks"),
)
SPP_IRT_FORM = [
    *applicant_fields("NIK pemilik usaha", "Owner's NIK"),
    field("nama_usaha", "text", "Nama usaha", "Business name", required=True),
    field("nib", "nib", "Nomor Induk Berusaha (NIB)", "Business ID number (NIB)", required=True),
    field("npwp", "npwp", "NPWP", "Tax number (NPWP)"),
    field("alamat_produksi", "address", "Alamat tempat produksi", "Production address", required=True),
    field(
        "nomor_pkp",
        "text",
        "Nomor sertifikat Penyuluhan Keamanan Pangan (PKP)",
        "Food safety training certificate",
        required=True,
        max_length=60,
    ),
    field("jumlah_karyawan", "number", "Jumlah karyawan", "Employees", min=0, max=50),
    field(
        "produk",
        "group",
        "Produk pangan yang didaftarkan",
        "Food products to register",
        required=True,
        repeat={"min": 1, "max": 10},
        fields=[
            field("nama_produk", "text", "Nama produk", "Product name", required=True),
            field("jenis_pangan", "choice", "Jenis pangan", "Food category", required=True, options=FOOD_KINDS),
            field(
                "kemasan",
                "choice",
                "Kemasan",
                "Packaging",
                required=True,
                options=options(
                    ("plastik", "Plastik", "Plastic"),
                    ("kertas", "Kertas/karton", "Paper/carton"),
                    ("kaca", "Botol kaca", "Glass jar"),
                    ("foil", "Aluminium foil", "Foil pouch"),
                ),
            ),
            field(
                "masa_simpan_bulan",
                "number",
                "Masa simpan (bulan)",
                "Shelf life (months)",
                required=True,
                min=1,
                max=24,
            ),
        ],
    ),
    field(
        "penjualan",
        "choice",
        "Cara penjualan",
        "Where it is sold",
        multiple=True,
        options=options(
            ("toko", "Toko dan warung", "Shops"),
            ("daring", "Toko daring/marketplace", "Online shops"),
            ("pameran", "Pameran dan bazar", "Fairs"),
            ("oleh_oleh", "Pusat oleh-oleh", "Souvenir shops"),
        ),
    ),
]

JABAR_PLACES = (
    ("32.01", "Kabupaten Bogor"),
    ("32.04", "Kabupaten Bandung"),
    ("32.05", "Kabupaten Garut"),
    ("32.11", "Kabupaten Sumedang"),
    ("32.15", "Kabupaten Karawang"),
    ("32.17", "Kabupaten Bandung Barat"),
    ("32.71", "Kota Bogor"),
    ("32.73", "Kota Bandung"),
    ("32.75", "Kota Bekasi"),
    ("32.76", "Kota Depok"),
    ("32.77", "Kota Cimahi"),
)
PENELITIAN_FORM = [
    *applicant_fields("NIK peneliti atau penanggung jawab", "NIK of the researcher"),
    field(
        "status_peneliti",
        "choice",
        "Status peneliti",
        "Researcher",
        required=True,
        options=options(
            ("mahasiswa", "Mahasiswa", "Student"),
            ("dosen", "Dosen/peneliti perguruan tinggi", "University lecturer/researcher"),
            ("lembaga", "Peneliti lembaga atau LSM", "Institute or NGO researcher"),
        ),
    ),
    field(
        "jenjang",
        "choice",
        "Jenjang pendidikan",
        "Degree",
        required=True,
        show_if={"field": "status_peneliti", "equals": "mahasiswa"},
        options=options(("s1", "S1/D4", "Bachelor"), ("s2", "S2", "Master"), ("s3", "S3", "Doctorate")),
    ),
    field("nama_lembaga", "text", "Perguruan tinggi atau lembaga", "University or institute", required=True),
    field("judul", "textarea", "Judul penelitian", "Research title", required=True, max_length=300),
    field(
        "lokasi",
        "choice",
        "Kabupaten/kota lokasi penelitian",
        "Research locations",
        required=True,
        multiple=True,
        options=[{"value": code, "label": {"id": name, "en": name}} for code, name in JABAR_PLACES],
    ),
    field("tanggal_mulai", "date", "Tanggal mulai", "Start date", required=True),
    field("tanggal_selesai", "date", "Tanggal selesai", "End date", required=True),
    field(
        "anggota",
        "group",
        "Anggota tim peneliti",
        "Research team members",
        repeat={"min": 0, "max": 10},
        fields=[
            field("nama", "text", "Nama", "Name", required=True),
            field("nik", "nik", "NIK", "NIK"),
            field("peran", "text", "Peran", "Role"),
        ],
    ),
]


@dataclass(frozen=True)
class Step:
    name_id: str
    name_en: str
    role: str  # officer / supervisor / agency_head
    sla_days: int
    unit: str = ""  # unit name in the service's agency
    parallel: tuple[str, ...] = ()  # unit names that must all approve


# Decision templates of the demo's permits (documents.render variables): the particulars with their labels and
# the permit's subject, what it allows where. Lines "Label: value" print as an aligned list.
SIP_DOKTER_DECISION = {
    "title": "Surat Izin Praktik Dokter",
    "kind": "izin",
    "classification": "503",
    "body": """Berdasarkan permohonan Nomor {{ permohonan.nomor }} tanggal {{ permohonan.tanggal }}, hasil verifikasi \
Surat Tanda Registrasi dan tempat praktik, serta Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan, Kepala \
{{ instansi.nama }} memberikan Surat Izin Praktik kepada:

Nama: {{ permohonan.data.nama_lengkap|default:pemohon.nama }}
Tempat, tanggal lahir: {{ permohonan.data.tempat_lahir }}, {{ permohonan.data.tanggal_lahir }}
Alamat: {{ pemohon.alamat }}
Jenis dokter: {{ permohonan.data.jenis_dokter }}{% if permohonan.data.spesialisasi %}
Bidang spesialisasi: {{ permohonan.data.spesialisasi }}{% endif %}
Nomor STR: {{ permohonan.data.nomor_str }}
SIP ke-: {{ permohonan.kode.sip_ke }}

untuk menjalankan praktik kedokteran di:

Tempat praktik: {% if permohonan.data.nama_fasyankes %}{{ permohonan.data.nama_fasyankes }}{% else %}\
{{ permohonan.data.jenis_tempat }}{% endif %}
Alamat tempat praktik: {{ permohonan.data.alamat_praktik }}
Jadwal praktik:{% for baris in permohonan.data.jadwal %}
- {{ baris.hari }}, pukul {{ baris.jam_mulai }} - {{ baris.jam_selesai }} {{ wilayah.zona }}{% endfor %}

Surat Izin Praktik ini berlaku selama Surat Tanda Registrasi yang bersangkutan masih berlaku dan praktik \
dijalankan di tempat tersebut di atas. Perubahan tempat atau jadwal praktik wajib dimohonkan kembali.""",
}
REKLAME_DECISION = {
    "title": "Izin Penyelenggaraan Reklame",
    "kind": "izin",
    "classification": "503",
    "body": """Berdasarkan permohonan Nomor {{ permohonan.nomor }} tanggal {{ permohonan.tanggal }} serta hasil \
survei lokasi dan kajian teknis, Kepala {{ instansi.nama }} memberikan izin penyelenggaraan reklame kepada:

Nama penanggung jawab: {{ permohonan.data.nama_lengkap|default:pemohon.nama }}{% if permohonan.data.nama_badan_usaha %}
Nama badan usaha: {{ permohonan.data.nama_badan_usaha }}{% endif %}
Alamat: {{ pemohon.alamat }}

untuk menyelenggarakan reklame dengan rincian sebagai berikut:

Jenis reklame: {{ permohonan.data.jenis_reklame }}
Naskah reklame: {{ permohonan.data.naskah }}
Ukuran: {{ permohonan.data.lebar_m }} m x {{ permohonan.data.tinggi_m }} m, {{ permohonan.data.jumlah_muka }} muka
Lokasi pemasangan: {{ permohonan.data.lokasi }}{% if permohonan.data.koordinat %}
Titik koordinat: {{ permohonan.data.koordinat }}{% endif %}
Masa penayangan: {{ permohonan.data.lama_bulan }} bulan, mulai {{ permohonan.data.mulai_tayang }}

Penyelenggara reklame wajib memasang reklame sesuai rincian di atas, menjaga konstruksinya tetap aman, dan \
membongkarnya paling lambat tujuh hari setelah masa penayangan berakhir.""",
}


@dataclass(frozen=True)
class DemoService:
    """A published service that gets a form and an SOP, and how often people apply for it."""

    code: str
    form: list[dict]
    steps: tuple[Step, ...]
    per_working_day: float  # average submissions per working day (history)
    pool: str  # key of POOLS: where its applicants live
    answers: str  # name of the `Answers` method that fills its form
    decision: dict | None = None  # its decision template (documents.save_template fields); None: the default


DPMPTSP_FRONT = "Bidang Pelayanan Perizinan"
DEMO_SERVICES = (
    DemoService(
        "sip-dokter-kota-bandung",
        SIP_DOKTER_FORM,
        (
            Step("Verifikasi administrasi", "Administrative check", "officer", 1, DPMPTSP_FRONT),
            Step(
                "Verifikasi teknis STR dan tempat praktik",
                "Technical check of registration and practice",
                "officer",
                2,
                "Seksi Perizinan Kesehatan dan Pendidikan",
            ),
            Step("Persetujuan kepala bidang", "Approval by the head of division", "supervisor", 1, DPMPTSP_FRONT),
            Step("Penandatanganan SIP", "Signing the licence", "agency_head", 1),
        ),
        1.6,
        "32.73",
        "sip_dokter",
        SIP_DOKTER_DECISION,
    ),
    DemoService(
        "izin-reklame-kota-bandung",
        REKLAME_FORM,
        (
            Step("Verifikasi administrasi", "Administrative check", "officer", 1, DPMPTSP_FRONT),
            Step(
                "Survei lokasi dan kajian teknis",
                "Site survey and technical review",
                "officer",
                3,
                "Seksi Perizinan Pembangunan dan Lingkungan",
            ),
            Step("Penerbitan izin", "Issuing the permit", "agency_head", 1),
        ),
        1.2,
        "32.73",
        "izin_reklame",
        REKLAME_DECISION,
    ),
    DemoService(
        "pbg-kota-bandung",
        PBG_FORM,
        (
            Step("Pemeriksaan kelengkapan dokumen", "Completeness check", "officer", 3, DPMPTSP_FRONT),
            Step(
                "Konsultasi perencanaan (TPT dan tata bangunan)",
                "Design review (technical team and building control)",
                "officer",
                14,
                parallel=("Tim Penilai Teknis Bangunan Gedung", "Seksi Perizinan Pembangunan dan Lingkungan"),
            ),
            Step("Penetapan retribusi PBG", "Setting the PBG levy", "supervisor", 3, DPMPTSP_FRONT),
            Step("Penerbitan PBG", "Issuing the PBG", "agency_head", 2),
        ),
        1.0,
        "32.73",
        "pbg",
    ),
    DemoService(
        "akta-kelahiran-kota-banjarmasin",
        AKTA_KELAHIRAN_FORM,
        (
            Step(
                "Verifikasi dan validasi data SIAK",
                "Checking the population register",
                "officer",
                1,
                "Seksi Kelahiran dan Kematian",
            ),
            Step(
                "Pencatatan dan pencetakan akta",
                "Registering and printing",
                "officer",
                1,
                "Bidang Pelayanan Pencatatan Sipil",
            ),
            Step("Penandatanganan elektronik", "Electronic signature", "agency_head", 1),
        ),
        4.5,
        "63.71",
        "akta_kelahiran",
    ),
    DemoService(
        "sktm-kota-depok",
        SKTM_FORM,
        (
            Step(
                "Pemeriksaan data DTSEN",
                "Checking the social register (DTSEN)",
                "officer",
                1,
                "Bidang Perlindungan dan Jaminan Sosial",
            ),
            Step(
                "Verifikasi kepala bidang",
                "Review by the head of division",
                "supervisor",
                1,
                "Bidang Perlindungan dan Jaminan Sosial",
            ),
            Step("Penandatanganan SKTM", "Signing the certificate", "agency_head", 1),
        ),
        3.0,
        "32.76",
        "sktm",
    ),
    DemoService(
        "spp-irt-kab-bandung",
        SPP_IRT_FORM,
        (
            Step("Verifikasi dokumen", "Document check", "officer", 2, "Seksi Kefarmasian dan Pangan"),
            Step(
                "Pemeriksaan sarana produksi",
                "Inspection of the kitchen",
                "officer",
                7,
                parallel=("Seksi Kefarmasian dan Pangan", "Seksi Kesehatan Lingkungan dan Kesehatan Kerja"),
            ),
            Step("Penerbitan SPP-IRT", "Issuing the certificate", "agency_head", 2),
        ),
        1.6,
        "32.04",
        "spp_irt",
    ),
    DemoService(
        "surat-keterangan-penelitian-jabar",
        PENELITIAN_FORM,
        (
            Step(
                "Verifikasi berkas dan lokasi",
                "Checking documents and locations",
                "officer",
                2,
                "Bidang Pelayanan Perizinan dan Nonperizinan",
            ),
            Step(
                "Persetujuan kepala bidang",
                "Approval by the head of division",
                "supervisor",
                1,
                "Bidang Pelayanan Perizinan dan Nonperizinan",
            ),
            Step("Penandatanganan surat keterangan", "Signing the letter", "agency_head", 1),
        ),
        1.6,
        "32",
        "penelitian",
    ),
)

# --- people ----------------------------------------------------------------------------------
SUNDA_MEN = (
    "Agus",
    "Asep",
    "Ujang",
    "Dadang",
    "Cecep",
    "Dedi",
    "Yudi",
    "Rudi",
    "Hendra",
    "Iwan",
    "Deden",
    "Jajang",
    "Galih",
    "Rizky",
    "Fajar",
    "Ilham",
    "Irfan",
    "Gilang",
    "Bayu",
    "Arif",
    "Taufik",
    "Wahyu",
    "Dimas",
    "Rahmat",
)
SUNDA_WOMEN = (
    "Siti",
    "Dewi",
    "Rina",
    "Euis",
    "Iis",
    "Lilis",
    "Neneng",
    "Yani",
    "Tuti",
    "Wulan",
    "Ayu",
    "Fitri",
    "Nurul",
    "Rini",
    "Dian",
    "Intan",
    "Putri",
    "Ratna",
    "Nenden",
    "Kartika",
    "Mega",
    "Anisa",
    "Rahma",
    "Nia",
)
SUNDA_FAMILY = (
    "Suryana",
    "Permana",
    "Hidayat",
    "Nugraha",
    "Kurniawan",
    "Setiawan",
    "Gunawan",
    "Mulyana",
    "Sopandi",
    "Supriatna",
    "Rusmana",
    "Sulaeman",
    "Hermawan",
    "Firmansyah",
    "Ramdani",
    "Saputra",
    "Maulana",
    "Rahayu",
    "Lestari",
    "Rohmawati",
    "Kusumah",
    "Somantri",
    "Wiguna",
    "Hamdani",
)
BANJAR_MEN = (
    "Muhammad",
    "Akhmad",
    "Rizky",
    "Fahrul",
    "Syahrul",
    "Gusti",
    "Hairul",
    "Rahmadi",
    "Supian",
    "Fauzan",
    "Norhadi",
    "Rusdi",
    "Mahyuni",
    "Zainal",
    "Anang",
    "Aulia",
)
BANJAR_WOMEN = (
    "Siti",
    "Norhayati",
    "Rahmah",
    "Nurul",
    "Aida",
    "Hairunnisa",
    "Noorjannah",
    "Fitriani",
    "Rusmini",
    "Salasiah",
    "Maulida",
    "Annisa",
    "Mariana",
    "Zahratul",
)
BANJAR_FAMILY = (
    "Noor",
    "Rahman",
    "Syarifuddin",
    "Hairani",
    "Ansyari",
    "Mahmud",
    "Arsyad",
    "Fadillah",
    "Hidayat",
    "Rasyid",
    "Hamdani",
    "Jamaluddin",
    "Saputra",
    "Ramadhani",
)


@dataclass(frozen=True)
class Pool:
    """Where applicants live: NIK district codes, streets, postal codes, names and how many people."""

    region: str  # Kemendagri code of the kabupaten/kota (address cascade)
    town: str
    districts: int  # kecamatan codes 01..n
    streets: tuple[str, ...]
    postal_codes: tuple[str, ...]
    flavour: str  # "sunda" or "banjar"
    size: int


POOLS = {
    "32.73": Pool(
        "32.73",
        "Kota Bandung",
        30,
        (
            "Jl. Cikutra",
            "Jl. Sukajadi",
            "Jl. Antapani Lama",
            "Jl. Soekarno-Hatta",
            "Jl. Terusan Jakarta",
            "Jl. Cibaduyut Raya",
            "Jl. Dr. Setiabudi",
            "Jl. Gegerkalong Hilir",
            "Jl. Kiaracondong",
            "Jl. Arcamanik Endah",
            "Jl. Holis",
            "Jl. Cijerah",
            "Jl. Buah Batu",
            "Jl. Margahayu Raya",
            "Jl. Sarijadi",
        ),
        ("40111", "40121", "40132", "40141", "40152", "40162", "40191", "40212", "40226", "40253", "40281", "40291"),
        "sunda",
        700,
    ),
    "32.04": Pool(
        "32.04",
        "Kabupaten Bandung",
        31,
        (
            "Jl. Raya Banjaran",
            "Jl. Raya Soreang",
            "Jl. Raya Majalaya",
            "Jl. Raya Dayeuhkolot",
            "Jl. Raya Cileunyi",
            "Jl. Raya Ciparay",
            "Jl. Raya Pangalengan",
            "Jl. Raya Rancaekek",
            "Jl. Raya Katapang",
        ),
        ("40377", "40378", "40382", "40394", "40257", "40381", "40911", "40985", "40921"),
        "sunda",
        300,
    ),
    "32.76": Pool(
        "32.76",
        "Kota Depok",
        11,
        (
            "Jl. Margonda Raya",
            "Jl. Raya Sawangan",
            "Jl. Ir. H. Juanda",
            "Jl. Raya Bogor",
            "Jl. Cinere Raya",
            "Jl. Tole Iskandar",
            "Jl. Raya Citayam",
            "Jl. Kartini",
            "Jl. Nusantara Raya",
        ),
        ("16411", "16412", "16413", "16414", "16421", "16423", "16431", "16436", "16451", "16511", "16512"),
        "sunda",
        600,
    ),
    "63.71": Pool(
        "63.71",
        "Kota Banjarmasin",
        5,
        (
            "Jl. A. Yani Km 3",
            "Jl. Pramuka",
            "Jl. Veteran",
            "Jl. Kayu Tangi",
            "Jl. Sultan Adam",
            "Jl. Belitung Darat",
            "Jl. Pangeran Antasari",
            "Jl. Cempaka",
            "Jl. Sutoyo S",
            "Jl. Kelayan A",
        ),
        ("70111", "70112", "70114", "70117", "70119", "70123", "70232", "70234", "70249"),
        "banjar",
        900,
    ),
}
JABAR_POOLS = ("32.73", "32.04", "32.76")  # research applicants come from any of these


@dataclass
class Person:
    username: str
    full_name: str
    sex: str  # "M" / "F"
    birth_date: dt.date
    nik: str
    phone: str
    email: str
    pool: str
    street: str
    postal_code: str

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.full_name.split(" ", 1)[1] if " " in self.full_name else ""

    def address(self) -> dict:
        return {"region": POOLS[self.pool].region, "street": self.street, "postal_code": self.postal_code}

    def applicant(self) -> dict:
        return {
            "nik": self.nik,
            "nama_lengkap": self.full_name,
            "alamat": self.address(),
            "hp": self.phone,
            "email": self.email,
        }


class NikMaker:
    """Unique, valid NIKs: district code, birth date (+40 for women), a sequence that is never 0000."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken = taken if taken is not None else set()

    def make(self, pool: str, birth: dt.date, sex: str) -> str:
        district = f"{POOLS[pool].region.replace('.', '')}{self.rng.randint(1, POOLS[pool].districts):02d}"
        day = birth.day + (40 if sex == "F" else 0)
        while True:
            nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{self.rng.randint(1, 9999):04d}"
            if nik not in self.taken:
                self.taken.add(nik)
                return nik

    def kk(self, pool: str, issued: dt.date) -> str:
        # A family card number has the NIK's shape: district, issue date, sequence.
        district = f"{POOLS[pool].region.replace('.', '')}{self.rng.randint(1, POOLS[pool].districts):02d}"
        return f"{district}{issued:%d%m%y}{self.rng.randint(1, 9999):04d}"


def random_name(rng: random.Random, flavour: str, sex: str) -> str:
    men, women, family = (
        (BANJAR_MEN, BANJAR_WOMEN, BANJAR_FAMILY) if flavour == "banjar" else (SUNDA_MEN, SUNDA_WOMEN, SUNDA_FAMILY)
    )
    return f"{rng.choice(men if sex == 'M' else women)} {rng.choice(family)}"


def random_birth(rng: random.Random, oldest: int, youngest: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(youngest * 365, oldest * 365))


def random_phone(rng: random.Random) -> str:
    return (
        f"+628{rng.choice(('11', '12', '13', '21', '22', '52', '53', '56', '57', '58', '77', '78', '95', '96'))}"
        f"{rng.randint(10_000_000, 99_999_999)}"
    )


def make_person(
    rng: random.Random, niks: NikMaker, pool: str, number: int, today: dt.date, email_domain: str
) -> Person:
    sex = rng.choice("MF")
    name = random_name(rng, POOLS[pool].flavour, sex)
    birth = random_birth(rng, 62, 20, today)
    username = f"{name.lower().replace(' ', '.')}{number}"
    return Person(
        username=username,
        full_name=name,
        sex=sex,
        birth_date=birth,
        nik=niks.make(pool, birth, sex),
        phone=random_phone(rng),
        email=f"{username}@{email_domain}",
        pool=pool,
        street=f"{rng.choice(POOLS[pool].streets)} No. {rng.randint(1, 250)}, "
        f"RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 15):02d}",
        postal_code=rng.choice(POOLS[pool].postal_codes),
    )


# The demo citizens who can sign in (password DEMO_PASSWORD): username -> profile.
CITIZENS = {
    "warga": Person(
        "warga",
        "Ujang Permana",
        "M",
        dt.date(1988, 5, 12),
        "3273081205880003",
        "+6281322104455",
        "warga@demo.loket.id",
        "32.73",
        "Jl. Cikutra No. 117, RT 03/RW 07",
        "40124",
    ),
    "rina.marlina": Person(
        "rina.marlina",
        "Rina Marlina",
        "F",
        dt.date(1990, 3, 7),
        "3273154703900002",
        "+6285722310987",
        "rina.marlina@demo.loket.id",
        "32.73",
        "Jl. Buah Batu No. 212, RT 02/RW 05",
        "40265",
    ),
    "asep.kurniawan": Person(
        "asep.kurniawan",
        "Asep Kurniawan",
        "M",
        dt.date(1979, 11, 21),
        "3204132111790001",
        "+6281220456789",
        "asep.kurniawan@demo.loket.id",
        "32.04",
        "Jl. Raya Banjaran No. 45, RT 01/RW 04",
        "40377",
    ),
    "nur.aini": Person(
        "nur.aini",
        "Nur Aini",
        "F",
        dt.date(1995, 8, 14),
        "6371035408950004",
        "+6282155512340",
        "nur.aini@demo.loket.id",
        "63.71",
        "Jl. Pramuka No. 21, RT 09/RW 02",
        "70234",
    ),
    "yusuf.hidayat": Person(
        "yusuf.hidayat",
        "Yusuf Hidayat",
        "M",
        dt.date(1983, 1, 30),
        "3276053001830002",
        "+6287788123456",
        "yusuf.hidayat@demo.loket.id",
        "32.76",
        "Jl. Raya Sawangan No. 9, RT 04/RW 11",
        "16511",
    ),
}


# --- answers ----------------------------------------------------------------------------------
VILLAGES = ("Cikutra", "Sukaluyu", "Antapani Kidul", "Cijerah", "Margasari")
MIDDLE_NAMES = ("Aulia", "Rahman", "Putri", "Ramadhan", "Azzahra", "Alfarizi")
INSTITUTES = (
    "Universitas Padjadjaran",
    "Institut Teknologi Bandung",
    "Universitas Pendidikan Indonesia",
    "Universitas Indonesia",
    "IPB University",
    "UIN Sunan Gunung Djati Bandung",
    "Universitas Pasundan",
    "Telkom University",
    "Badan Riset dan Inovasi Nasional",
)


class Answers:
    """Realistic answers for each demo form, drawn from one random generator (deterministic per seed)."""

    def __init__(self, rng: random.Random, niks: NikMaker):
        self.rng = rng
        self.niks = niks

    def for_service(self, service: "DemoService", person: Person, when: dt.datetime) -> dict:
        return getattr(self, service.answers)(person, when.date())

    # helpers
    def _nik_of(self, pool: str, oldest: int, youngest: int, sex: str, today: dt.date) -> tuple[str, str]:
        birth = random_birth(self.rng, oldest, youngest, today)
        return self.niks.make(pool, birth, sex), random_name(self.rng, POOLS[pool].flavour, sex)

    def _nib(self) -> str:
        return f"{self.rng.randint(1, 9)}{self.rng.randint(0, 10**12 - 1):012d}"

    def _npwp(self) -> str:
        return f"{self.rng.randint(1, 99):02d}{self.rng.randint(0, 10**13 - 1):013d}"

    def _business(self, person: Person) -> str:
        kind = self.rng.choice(("CV", "PT", "CV", "Toko", "UD"))
        name = self.rng.choice(
            (
                "Sinar Jaya",
                "Mitra Niaga",
                "Sumber Rezeki",
                "Maju Bersama",
                "Cahaya Abadi",
                "Berkah Mandiri",
                "Karya Parahyangan",
                "Prima Sentosa",
                "Anugrah Lestari",
            )
        )
        return f"{kind} {name} {person.last_name}".strip()

    def _place(self, pool: str) -> dict:
        spec = POOLS[pool]
        return {
            "region": spec.region,
            "postal_code": self.rng.choice(spec.postal_codes),
            "street": f"{self.rng.choice(spec.streets)} No. {self.rng.randint(1, 300)}",
        }

    # one method per demo service
    def sip_dokter(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        kind = r.choices(("umum", "spesialis", "gigi"), (6, 3, 1))[0]
        title = "drg." if kind == "gigi" else "dr."
        answers = {
            **person.applicant(),
            "nama_lengkap": f"{title} {person.full_name}",
            "tempat_lahir": r.choice(("Bandung", "Garut", "Tasikmalaya", "Cirebon", "Sumedang", "Jakarta")),
            "tanggal_lahir": person.birth_date.isoformat(),
            "jenis_dokter": kind,
            "nomor_str": f"{r.randint(10**15, 10**16 - 1)}",
            "sip_ke": r.choices(("1", "2", "3"), (6, 3, 1))[0],
            "jenis_tempat": r.choices(("fasyankes", "mandiri"), (4, 1))[0],
            "alamat_praktik": self._place("32.73"),
        }
        if kind == "spesialis":
            answers["spesialisasi"] = r.choice(
                (
                    "Penyakit Dalam (Sp.PD)",
                    "Anak (Sp.A)",
                    "Obstetri dan Ginekologi (Sp.OG)",
                    "Bedah (Sp.B)",
                    "Mata (Sp.M)",
                    "Neurologi (Sp.N)",
                    "Kulit (Sp.DVE)",
                )
            )
        if answers["jenis_tempat"] == "fasyankes":
            answers["nama_fasyankes"] = r.choice(
                (
                    "Klinik Pratama Medika Cikutra",
                    "RS Umum Bhakti Husada",
                    "Puskesmas Sukajadi",
                    "Klinik Utama Sehat Prima",
                    "RSIA Bunda Asih",
                    "Klinik Pratama Pelita Antapani",
                    "RS Khusus Mata Cahaya Priangan",
                )
            )
        start = r.choice((7, 8, 13, 16, 18))
        days = sorted(r.sample(range(6), r.randint(2, 5)))
        answers["jadwal"] = [
            {"hari": DAYS[d]["value"], "jam_mulai": f"{start:02d}:00", "jam_selesai": f"{start + 3:02d}:00"}
            for d in days
        ]
        return answers

    def izin_reklame(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        business = r.random() < 0.7
        kind = r.choices(("papan", "videotron", "baliho", "neon_box", "kain"), (4, 1, 2, 3, 2))[0]
        width, height = {
            "papan": (4.0, 6.0),
            "videotron": (3.0, 5.0),
            "baliho": (4.0, 8.0),
            "neon_box": (1.5, 1.0),
            "kain": (5.0, 1.0),
        }[kind]
        answers = {
            **person.applicant(),
            "jenis_pemohon": "badan_usaha" if business else "perorangan",
            "npwp": self._npwp(),
            "jenis_reklame": kind,
            "lebar_m": width,
            "tinggi_m": height,
            "jumlah_muka": r.choice((1, 2)) if kind in ("papan", "neon_box") else 1,
            "lokasi": self._place("32.73"),
            "koordinat": f"-6.{r.randint(8800, 9600)}, 107.{r.randint(5600, 7200)}",
            "mulai_tayang": (today + dt.timedelta(days=r.randint(10, 40))).isoformat(),
            "lama_bulan": r.choice((1, 3, 6, 12)),
        }
        name = self._business(person) if business else person.full_name
        if business:
            answers.update(nama_badan_usaha=name, nib=self._nib())
        answers["naskah"] = r.choice(
            (
                f"Promo pembukaan cabang baru {name}",
                f"{name} - melayani sepenuh hati",
                "Diskon 20% setiap akhir pekan",
                f"Segera hadir: {name}",
            )
        )
        return answers

    def pbg(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        business = r.random() < 0.25
        purpose = "usaha" if business else r.choices(("hunian", "campuran", "keagamaan"), (10, 3, 1))[0]
        floors = 1 if purpose == "keagamaan" else r.choices((1, 2, 3), (5, 4, 1))[0]
        land = r.randint(60, 400)
        uses = {
            "hunian": "Rumah tinggal",
            "usaha": "Toko dan gudang",
            "keagamaan": "Musala",
            "campuran": "Toko (lantai 1) dan hunian",
        }
        answers = {
            **person.applicant(),
            "status_pemohon": "badan_usaha" if business else "perorangan",
            "jenis_permohonan": r.choices(("baru", "perubahan"), (3, 2))[0],
            "fungsi_bangunan": purpose,
            "lokasi_bangunan": self._place("32.73"),
            "nomor_sertifikat": f"SHM No. {r.randint(100, 9999)}/{r.choice(VILLAGES)}",
            "luas_tanah_m2": land,
            "status_tanah": r.choices(("milik_sendiri", "pihak_lain"), (9, 1))[0],
            "lantai": [
                {
                    "lantai_ke": n,
                    "luas_m2": max(20, int(land * r.uniform(0.5, 0.8))),
                    "fungsi_ruang": uses[purpose] if n == 1 or purpose != "campuran" else "Hunian",
                }
                for n in range(1, floors + 1)
            ],
        }
        if business:
            answers.update(nama_badan_usaha=self._business(person), nib=self._nib(), npwp=self._npwp())
        if answers["status_tanah"] == "pihak_lain":
            answers["pemilik_tanah"] = random_name(r, "sunda", r.choice("MF"))
        if r.random() < 0.6:
            answers["perencana"] = r.choice(
                (
                    "CV Rancang Bangun Priangan",
                    "Studio Arsitek Ruang Teduh",
                    "PT Konsultan Graha Sarana",
                    "Ir. Budi Hartono, IAI",
                )
            )
        return answers

    def akta_kelahiran(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        pool = person.pool
        born = today - dt.timedelta(days=r.randint(1, 55))
        sex = r.choice("LP")
        child = random_name(r, POOLS[pool].flavour, "M" if sex == "L" else "F")
        reporter = r.choices(("ibu" if person.sex == "F" else "ayah", "keluarga"), (9, 1))[0]
        mother = (person.nik, person.full_name) if reporter == "ibu" else self._nik_of(pool, 40, 20, "F", today)
        father = (person.nik, person.full_name) if reporter == "ayah" else self._nik_of(pool, 45, 22, "M", today)
        place = r.choices(("rs", "puskesmas", "bidan", "rumah"), (5, 2, 3, 1))[0]
        answers = {
            **person.applicant(),
            "hubungan_pelapor": reporter,
            "nomor_kk": self.niks.kk(pool, born),
            "nama_anak": f"{child.split(' ')[0]} {r.choice(MIDDLE_NAMES)} {father[1].split(' ')[-1]}",
            "jenis_kelamin": sex,
            "tanggal_lahir_anak": born.isoformat(),
            "pukul_lahir": f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
            "tempat_dilahirkan": place,
            "kota_kelahiran": POOLS[pool].town.replace("Kota ", ""),
            "kelahiran_ke": r.choices((1, 2, 3, 4), (4, 3, 2, 1))[0],
            "penolong": "dokter" if place == "rs" else r.choices(("bidan", "dokter", "lainnya"), (8, 1, 1))[0],
            "berat_gram": r.randint(2400, 4200),
            "panjang_cm": r.randint(45, 53),
            "nik_ibu": mother[0],
            "nama_ibu": mother[1],
            "nik_ayah": father[0],
            "nama_ayah": father[1],
            "perkawinan": r.choices(("tercatat", "belum_tercatat"), (9, 1))[0],
        }
        if place == "rs":
            answers["nama_rumah_sakit"] = r.choice(
                ("RSUD Sultan Suriansyah", "RS Islam Banjarmasin", "RS Bhayangkara Banjarmasin", "RSIA Siti Rahmah")
            )
        if answers["perkawinan"] == "tercatat":
            number, office, month = r.randint(100, 999), r.randint(10, 99), r.choice(("I", "IV", "VII", "X"))
            answers["nomor_buku_nikah"] = f"{number}/{office}/{month}/{born.year - r.randint(1, 8)}"
        else:
            witnesses = [self._nik_of(pool, 60, 25, r.choice("MF"), today) for _ in range(2)]
            answers["saksi"] = [{"nik": nik, "nama": name} for nik, name in witnesses]
        return answers

    def sktm(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        pool = person.pool
        need = r.choices(("pendidikan", "kesehatan", "hukum", "lainnya"), (6, 5, 1, 1))[0]
        spouse_sex = "F" if person.sex == "M" else "M"
        spouse = self._nik_of(pool, 60, 22, spouse_sex, today)
        members = [
            {
                "nik": person.nik,
                "nama": person.full_name,
                "hubungan": "kepala",
                "pekerjaan": r.choice(
                    (
                        "Buruh harian lepas",
                        "Pengemudi ojek daring",
                        "Pedagang kaki lima",
                        "Tukang bangunan",
                        "Mengurus rumah tangga",
                    )
                ),
            },
            {
                "nik": spouse[0],
                "nama": spouse[1],
                "hubungan": "istri" if spouse_sex == "F" else "suami",
                "pekerjaan": r.choice(("Mengurus rumah tangga", "Buruh cuci", "Pedagang")),
            },
        ]
        for _ in range(r.randint(0, 4)):
            child = self._nik_of(pool, 19, 1, r.choice("MF"), today)
            members.append(
                {
                    "nik": child[0],
                    "nama": f"{child[1].split(' ')[0]} {person.last_name}".strip(),
                    "hubungan": "anak",
                    "pekerjaan": "Pelajar",
                }
            )
        issued = today - dt.timedelta(days=r.randint(200, 4000))
        answers = {
            **person.applicant(),
            "nomor_kk": self.niks.kk(pool, issued),
            "pekerjaan": members[0]["pekerjaan"],
            "penghasilan": r.randrange(600_000, 3_200_000, 50_000),
            "dtsen": r.choices(("ya", "tidak", "tidak_tahu"), (6, 3, 2))[0],
            "keperluan": need,
            "anggota": members,
        }
        if need == "pendidikan":
            answers["nama_sekolah"] = r.choice(
                (
                    "SMP Negeri 3 Depok",
                    "SMA Negeri 1 Depok",
                    "SMK Negeri 2 Depok",
                    "Universitas Indonesia",
                    "Politeknik Negeri Jakarta",
                    "MAN 2 Depok",
                )
            )
        elif need == "kesehatan":
            answers["nama_rumah_sakit"] = r.choice(
                ("RSUD Kota Depok", "RS Universitas Indonesia", "RSUD Khidmat Sehat Afiat", "RS Bhakti Yudha")
            )
        elif need == "lainnya":
            answers["keperluan_lain"] = r.choice(("Keringanan biaya pemakaman", "Pengajuan bantuan modal usaha mikro"))
        return answers

    def spp_irt(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        catalogue = (
            ("Keripik singkong pedas", "biji_umbi"),
            ("Rengginang", "biji_umbi"),
            ("Sambal bawang", "bumbu"),
            ("Kue nastar", "tepung"),
            ("Dodol ketan", "gula_madu"),
            ("Kopi bubuk arabika", "kopi_teh"),
            ("Abon sapi", "olahan_daging"),
            ("Ikan asin jambal", "olahan_ikan"),
            ("Keripik pisang", "olahan_buah"),
            ("Jahe merah instan", "minuman_serbuk"),
            ("Selai nanas", "selai"),
            ("Opak ketan", "biji_umbi"),
        )
        products = r.sample(catalogue, r.choice((1, 1, 2, 3)))
        owner = person.first_name
        brand = r.choice(
            (f"Dapur {owner}", f"Aneka Kue {owner}", f"Rumah Keripik {owner}", f"Kopi {person.last_name or owner}")
        )
        answers = {
            **person.applicant(),
            "nama_usaha": brand,
            "nib": self._nib(),
            "alamat_produksi": person.address(),
            "nomor_pkp": f"PKP/{r.randint(100, 999)}/32.04/{today.year - r.choice((0, 1))}",
            "jumlah_karyawan": r.randint(0, 8),
            "produk": [
                {
                    "nama_produk": name,
                    "jenis_pangan": kind,
                    "kemasan": r.choice(("plastik", "kertas", "kaca", "foil"))
                    if kind in ("bumbu", "selai")
                    else r.choice(("plastik", "foil", "kertas")),
                    "masa_simpan_bulan": r.choice((3, 6, 9, 12)),
                }
                for name, kind in products
            ],
            "penjualan": sorted(r.sample(("toko", "daring", "pameran", "oleh_oleh"), r.randint(1, 3))),
        }
        if r.random() < 0.5:
            answers["npwp"] = self._npwp()
        return answers

    def penelitian(self, person: Person, today: dt.date) -> dict:
        r = self.rng
        status = r.choices(("mahasiswa", "dosen", "lembaga"), (7, 2, 1))[0]
        places = r.sample(JABAR_PLACES, r.randint(2, 4))
        topic = r.choice(
            (
                "Kepuasan masyarakat terhadap layanan Mal Pelayanan Publik di {place}",
                "Pengaruh perizinan berusaha berbasis risiko terhadap pertumbuhan UMKM di {place}",
                "Faktor risiko stunting pada balita di {place}",
                "Adaptasi petani padi terhadap perubahan iklim di {place}",
                "Pola perjalanan komuter pekerja di {place}",
                "Penerapan Kurikulum Merdeka di SMA negeri {place}",
                "Pengelolaan sampah rumah tangga berbasis bank sampah di {place}",
            )
        )
        start = today + dt.timedelta(days=r.randint(14, 45))
        answers = {
            **person.applicant(),
            "status_peneliti": status,
            "nama_lembaga": r.choice(INSTITUTES),
            "judul": topic.format(place=" dan ".join(name for _, name in places[:2])),
            "lokasi": [code for code, _ in places],
            "tanggal_mulai": start.isoformat(),
            "tanggal_selesai": (start + dt.timedelta(days=r.choice((30, 60, 90, 120)))).isoformat(),
            "anggota": [],
        }
        if status == "mahasiswa":
            answers["jenjang"] = r.choices(("s1", "s2", "s3"), (6, 3, 1))[0]
        for _ in range(r.choice((0, 0, 1, 2, 3))):
            nik, name = self._nik_of(r.choice(JABAR_POOLS), 50, 20, r.choice("MF"), today)
            answers["anggota"].append(
                {"nama": name, "nik": nik, "peran": r.choice(("Anggota peneliti", "Enumerator", "Asisten peneliti"))}
            )
        return answers


# --- what officers and applicants write -------------------------------------------------------
RETURN_NOTES = {
    "sip-dokter-kota-bandung": (
        "Pindaian STR tidak terbaca; unggah ulang STR yang jelas.",
        "Surat keterangan tempat praktik belum ditandatangani pimpinan fasilitas.",
        "Jadwal praktik bertabrakan dengan SIP Anda di tempat lain; perbaiki jadwal.",
    ),
    "izin-reklame-kota-bandung": (
        "Titik lokasi berada di kawasan larangan reklame; pilih titik lain.",
        "Persetujuan pemilik lahan belum dilampirkan.",
        "Ukuran pada desain tidak sama dengan ukuran yang diisi di formulir.",
    ),
    "pbg-kota-bandung": (
        "Gambar potongan bangunan belum dilampirkan.",
        "Garis sempadan bangunan belum sesuai KKPR; perbaiki gambar situasi.",
        "Perhitungan struktur untuk bangunan dua lantai belum ditandatangani ahli.",
    ),
    "akta-kelahiran-kota-banjarmasin": (
        "Nama ibu pada surat keterangan lahir berbeda dengan KK.",
        "Surat keterangan kelahiran dari bidan belum bercap.",
        "Nomor KK tidak ditemukan di SIAK; periksa kembali.",
    ),
    "sktm-kota-depok": (
        "Surat pengantar RT/RW belum ditandatangani lurah.",
        "Data anggota keluarga tidak sama dengan KK terbaru.",
    ),
    "spp-irt-kab-bandung": (
        "Rancangan label belum mencantumkan tanggal kedaluwarsa dan komposisi.",
        "Foto sarana produksi belum memperlihatkan tempat cuci tangan.",
        "Sertifikat PKP sudah tidak berlaku; ikuti penyuluhan ulang.",
    ),
    "surat-keterangan-penelitian-jabar": (
        "Surat pengantar kampus belum ditandatangani dekan.",
        "Proposal belum mencantumkan jadwal pengambilan data.",
    ),
}
REJECT_NOTES = {
    "sip-dokter-kota-bandung": ("Pemohon sudah memiliki tiga SIP; batas paling banyak tiga tempat praktik.",),
    "izin-reklame-kota-bandung": ("Lokasi berada di ruang milik jalan yang tertutup bagi reklame permanen.",),
    "pbg-kota-bandung": ("Fungsi bangunan tidak sesuai rencana tata ruang pada KKPR.",),
    "akta-kelahiran-kota-banjarmasin": ("Kelahiran sudah tercatat dengan akta nomor lain; ajukan salinan akta.",),
    "sktm-kota-depok": ("Penghasilan keluarga di atas batas keluarga tidak mampu menurut DTSEN.",),
    "spp-irt-kab-bandung": ("Produk berupa pangan beku bukan jenis pangan yang dapat memperoleh SPP-IRT.",),
    "surat-keterangan-penelitian-jabar": (
        "Lokasi penelitian hanya satu kabupaten/kota; ajukan ke kabupaten/kota tersebut.",
    ),
}
WITHDRAW_REASONS = (
    "Salah memilih layanan.",
    "Akan mengajukan ulang dengan data yang benar.",
    "Sudah tidak memerlukan layanan ini.",
    "",
)
# Counter and assisted filings carry proof of the citizen's consent (issue 13, finding 5): the one-time code Loket
# sent to the citizen's phone (or e-mail) a few minutes before the officer filed (minutes, drawn per filing).
CONSENT_CODE_MINUTES_BEFORE = (1, 2, 2, 3, 4, 6)
