"""The demo catalogue: categories, management texts per kind of agency, and the service standards.

Names, requirements, procedures and legal bases follow the standards Indonesian agencies publish.
Fees: population documents are free by law (UU 24/2013 art. 79A); practice licences, permits without
a levy object under UU 1/2022 (HKPD) are free; a levy (retribusi) cites the regional regulation.
The seed (`loket.demo.seed`) adds the agency's contact and fills `{agency}`-style placeholders.
"""

from dataclasses import dataclass, field

PDF = ("pdf",)
PDF_IMG = ("pdf", "jpg", "png")
IMG = ("jpg", "png")


def doc(name: str, description: str = "", file_types=PDF_IMG, mandatory: bool = True) -> dict:
    return {
        "name": name,
        "description": description,
        "mandatory": mandatory,
        "kind": "document",
        "file_types": list(file_types),
    }


def datum(name: str, description: str = "", mandatory: bool = True) -> dict:
    return {"name": name, "description": description, "mandatory": mandatory, "kind": "datum", "file_types": []}


def steps(*pairs: tuple[str, str]) -> list[dict]:
    return [{"title": title, "description": description} for title, description in pairs]


CATEGORIES = (
    ("perizinan-usaha", "Perizinan Usaha", "Business licensing"),
    ("kesehatan", "Kesehatan", "Health"),
    ("kependudukan", "Kependudukan dan Pencatatan Sipil", "Population and civil registration"),
    ("pendidikan", "Pendidikan", "Education"),
    ("pertanahan-bangunan", "Pertanahan dan Bangunan", "Land and buildings"),
    ("transportasi", "Transportasi", "Transport"),
    ("kepegawaian", "Kepegawaian", "Civil service"),
    ("sosial", "Sosial", "Social welfare"),
    ("pajak-daerah", "Pajak dan Retribusi Daerah", "Regional taxes and levies"),
    ("nonperizinan", "Surat Keterangan dan Rekomendasi", "Certificates and recommendations"),
)

# --- Legal bases used by many standards -------------------------------------------------------
UU_PELAYANAN_PUBLIK = "UU 25/2009 tentang Pelayanan Publik"
PERMENPANRB_15 = "Peraturan Menteri PANRB 15/2014 tentang Pedoman Standar Pelayanan"
UU_HKPD = "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah"
PP_KUPDRD = "PP 35/2023 tentang Ketentuan Umum Pajak Daerah dan Retribusi Daerah"
PP_OSS = "PP 5/2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko"
UU_KESEHATAN = "UU 17/2023 tentang Kesehatan"
PP_KESEHATAN = "PP 28/2024 tentang Peraturan Pelaksanaan UU 17/2023 tentang Kesehatan"
PERMENKES_14 = (
    "Permenkes 14/2021 tentang Standar Kegiatan Usaha dan Produk pada Penyelenggaraan Perizinan "
    "Berusaha Berbasis Risiko Sektor Kesehatan"
)
ADMINDUK = [
    "UU 23/2006 tentang Administrasi Kependudukan sebagaimana diubah dengan UU 24/2013",
    "Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil",
    "Permendagri 108/2019 tentang Peraturan Pelaksanaan Perpres 96/2018",
    "Permendagri 109/2019 tentang Formulir dan Buku yang Digunakan dalam Administrasi Kependudukan",
]
BANGUNAN_GEDUNG = [
    "UU 28/2002 tentang Bangunan Gedung sebagaimana diubah dengan UU 6/2023 tentang Cipta Kerja",
    "PP 16/2021 tentang Peraturan Pelaksanaan UU 28/2002 tentang Bangunan Gedung",
]
FREE_ADMINDUK = "Tidak dipungut biaya: pengurusan dan penerbitan dokumen kependudukan gratis (UU 24/2013 Pasal 79A)."
FREE_PRACTICE_LICENCE = (
    "Tidak dipungut biaya: izin praktik tenaga medis dan tenaga kesehatan bukan objek "
    "retribusi daerah menurut UU 1/2022."
)
FREE = "Tidak dipungut biaya."

# --- Management components per kind of agency (PermenPANRB 15/2014, components 7–14) ---------
# Placeholders: {agency} short name, {region} (e.g. "Kota Bandung"), {province} (e.g. "Jawa Barat").
LAPOR = (
    "Pengaduan, saran, dan masukan disampaikan melalui SP4N-LAPOR! (www.lapor.go.id, SMS 1708, "
    "aplikasi LAPOR!), meja pengaduan {agency}, telepon, atau surel dinas; boleh tanpa nama. "
)
PROFILES: dict[str, dict[str, str]] = {
    "dpmptsp": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja dan dapat dipantau statusnya.",
        "facilities": (
            "Mal Pelayanan Publik dengan ruang tunggu ber-AC dan nomor antrean; loket prioritas bagi "
            "penyandang disabilitas, lansia, dan ibu hamil; jalur landai dan kursi roda; toilet "
            "difabel; ruang laktasi; area bermain anak; komputer swalayan dan Wi-Fi untuk permohonan "
            "daring; petugas pendamping OSS."
        ),
        "competence": (
            "Pendidikan paling rendah D-III; memahami perizinan berusaha berbasis risiko dan sistem "
            "OSS; mampu mengoperasikan aplikasi perizinan; berbahasa isyarat dasar atau didampingi "
            "juru bahasa isyarat bila diminta."
        ),
        "supervision": (
            "Pengawasan melekat oleh kepala bidang dan kepala dinas; pengawasan fungsional oleh "
            "Inspektorat Daerah {region}; pemantauan kepatuhan oleh Ombudsman RI Perwakilan "
            "{province}."
        ),
        "staffing": (
            "6 orang: 2 petugas front office, 2 verifikator teknis, 1 operator sistem, dan 1 pejabat penanda tangan."
        ),
        "guarantee": (
            "Maklumat Pelayanan {agency}: kami menyelenggarakan pelayanan sesuai standar ini dan siap "
            "menerima sanksi bila tidak menepatinya. Bila jangka waktu terlampaui, pemohon menerima "
            "penjelasan tertulis dan dapat mengadu."
        ),
        "security": (
            "Dokumen ditandatangani secara elektronik dengan sertifikat BSrE dan memuat kode QR untuk "
            "verifikasi keaslian; data pemohon dilindungi sesuai UU 27/2022 tentang Pelindungan Data "
            "Pribadi; gedung dilengkapi APAR, jalur evakuasi, dan CCTV."
        ),
        "evaluation": (
            "Evaluasi kinerja pelaksana setiap triwulan atas ketepatan waktu penyelesaian; Survei "
            "Kepuasan Masyarakat setiap semester (PermenPANRB 14/2017)."
        ),
    },
    "disdukcapil": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": (
            "Ruang pelayanan ber-AC dengan nomor antrean; loket prioritas bagi lansia, penyandang "
            "disabilitas, dan ibu hamil; kursi roda dan jalur landai; ruang laktasi; Anjungan Dukcapil "
            "Mandiri (ADM); layanan jemput bola ke rumah bagi penduduk sakit atau berkebutuhan khusus."
        ),
        "competence": (
            "Memahami peraturan administrasi kependudukan; terlatih mengoperasikan SIAK Terpusat "
            "dengan hak akses sesuai kewenangan; ramah dan komunikatif."
        ),
        "supervision": (
            "Pengawasan oleh kepala bidang dan kepala dinas; pemantauan kualitas data oleh Ditjen "
            "Dukcapil Kemendagri; pengawasan fungsional Inspektorat Daerah {region}."
        ),
        "staffing": "8 orang: 2 petugas pendaftaran, 3 operator SIAK, 2 verifikator, dan 1 pejabat pencatatan sipil.",
        "guarantee": (
            "Layanan gratis. Dokumen terbit sesuai jangka waktu; kesalahan karena kekeliruan petugas "
            "diperbaiki pada hari yang sama tanpa biaya."
        ),
        "security": (
            "Dokumen bertanda tangan elektronik dengan kode QR; data kependudukan hanya diakses petugas "
            "berhak melalui SIAK dan dilindungi UU 24/2013 dan UU 27/2022; ruang arsip berkunci."
        ),
        "evaluation": (
            "Evaluasi bulanan atas jumlah dokumen terbit tepat waktu; Survei Kepuasan Masyarakat setiap semester."
        ),
    },
    "dinkes": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": (
            "Ruang pelayanan perizinan ber-AC dan ruang tunggu; loket prioritas bagi penyandang "
            "disabilitas, lansia, dan ibu hamil; jalur landai; toilet difabel; ruang laktasi; "
            "komputer untuk permohonan daring."
        ),
        "competence": (
            "Berlatar belakang kesehatan masyarakat, keperawatan, atau farmasi; memahami UU 17/2023 "
            "dan perizinan tenaga serta fasilitas kesehatan; mampu melakukan visitasi lapangan."
        ),
        "supervision": "Kepala bidang sumber daya kesehatan dan kepala dinas; Inspektorat Daerah {region}.",
        "staffing": "5 orang: 1 petugas loket, 2 verifikator berkas, 1 tim visitasi, dan 1 pejabat penanda tangan.",
        "guarantee": (
            "Izin terbit sesuai jangka waktu bila berkas lengkap dan benar; tidak ada pungutan di luar "
            "yang tercantum dalam standar ini."
        ),
        "security": (
            "Izin bertanda tangan elektronik dengan kode QR verifikasi; data tenaga kesehatan dan pasien "
            "dijaga kerahasiaannya."
        ),
        "evaluation": "Evaluasi triwulanan atas ketepatan waktu; Survei Kepuasan Masyarakat setiap semester.",
    },
    "disdik": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": (
            "Ruang layanan terpadu di kantor dinas dan di setiap Kantor Cabang Dinas Pendidikan; loket "
            "prioritas, jalur landai dan kursi roda, toilet difabel, ruang laktasi."
        ),
        "competence": (
            "Memahami peraturan pendidikan menengah dan pendidikan khusus; mampu memeriksa data satuan "
            "pendidikan dan peserta didik di Dapodik."
        ),
        "supervision": "Kepala bidang dan kepala dinas; Inspektorat Daerah {region}.",
        "staffing": "4 orang: 2 petugas loket, 1 verifikator, 1 pejabat penanda tangan.",
        "guarantee": "Layanan gratis dan selesai sesuai jangka waktu; setiap permintaan uang adalah pungutan liar.",
        "security": (
            "Dokumen bertanda tangan elektronik berkode QR; arsip disimpan di ruang berkunci; data peserta "
            "didik dilindungi sesuai UU 27/2022 tentang Pelindungan Data Pribadi."
        ),
        "evaluation": "Evaluasi kinerja pelaksana setiap semester bersama hasil Survei Kepuasan Masyarakat.",
    },
    "bkd": {
        "complaints": (
            "Pertanyaan dan pengaduan pegawai melalui layanan helpdesk kepegawaian {agency}, "
            "SP4N-LAPOR! (www.lapor.go.id), atau pengelola kepegawaian perangkat daerah; dijawab "
            "paling lama 3 hari kerja."
        ),
        "facilities": (
            "Layanan daring melalui aplikasi kepegawaian; loket layanan kepegawaian dengan ruang tunggu, "
            "loket prioritas, jalur landai, dan ruang laktasi."
        ),
        "competence": (
            "Analis SDM aparatur yang memahami manajemen ASN, cuti, gaji, dan pangkat; mampu mengoperasikan SIASN BKN."
        ),
        "supervision": (
            "Kepala bidang dan Kepala BKD; Inspektorat Daerah {region}; pengawasan dan pengendalian "
            "Kantor Regional III BKN Bandung."
        ),
        "staffing": "5 orang: 4 analis SDM aparatur dan 1 pejabat penanda tangan.",
        "guarantee": "Keputusan terbit sesuai jangka waktu; pegawai dapat memantau status permohonannya.",
        "security": (
            "Keputusan ditandatangani elektronik (BSrE) dengan kode QR; data pegawai hanya diakses "
            "pengelola kepegawaian yang berwenang."
        ),
        "evaluation": "Evaluasi kinerja pelaksana setiap triwulan dan survei kepuasan pegawai setiap tahun.",
    },
    "bapenda": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": (
            "Kantor Samsat dengan ruang tunggu ber-AC, loket prioritas bagi lansia, penyandang "
            "disabilitas, dan ibu hamil, jalur landai; layanan daring melalui aplikasi Sambara."
        ),
        "competence": "Memahami peraturan pajak daerah dan tata cara pemberian keringanan pajak.",
        "supervision": "Kepala bidang pajak dan Kepala Bapenda; Inspektorat Daerah {region}.",
        "staffing": "4 orang: 2 petugas loket, 1 verifikator, 1 pejabat penanda tangan.",
        "guarantee": "Keputusan atas permohonan diberikan sesuai jangka waktu.",
        "security": "Data wajib pajak dirahasiakan sesuai peraturan perpajakan daerah.",
        "evaluation": "Evaluasi kinerja setiap semester.",
    },
    "dishub": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": (
            "Gedung pengujian dengan alat uji terkalibrasi (emisi, rem, lampu, kincup roda, "
            "speedometer); ruang tunggu pengemudi; loket prioritas; toilet difabel; mushala."
        ),
        "competence": (
            "Penguji kendaraan bermotor bersertifikat kompetensi dari Kementerian Perhubungan; "
            "petugas perizinan memahami peraturan angkutan jalan."
        ),
        "supervision": "Kepala UPT dan kepala dinas; Inspektorat Daerah {region}; Ditjen Perhubungan Darat.",
        "staffing": "8 orang: 2 petugas pendaftaran, 5 penguji bersertifikat, 1 kepala UPT.",
        "guarantee": "Kendaraan yang memenuhi syarat dinyatakan lulus uji pada hari yang sama.",
        "security": (
            "Area pengujian dengan marka keselamatan, APAR, dan alat pelindung diri bagi penguji; kartu "
            "uji elektronik (BLUe) dilengkapi pengaman dan dapat diverifikasi."
        ),
        "evaluation": "Evaluasi kinerja penguji setiap triwulan; Survei Kepuasan Masyarakat setiap semester.",
    },
    "dinsos": {
        "complaints": LAPOR + "Pengaduan dijawab paling lama 5 hari kerja.",
        "facilities": "Ruang tunggu, loket prioritas bagi lansia dan penyandang disabilitas, jalur landai.",
        "competence": "Pekerja sosial atau pendamping sosial yang memahami pengelolaan data kesejahteraan sosial.",
        "supervision": "Kepala bidang dan kepala dinas; Inspektorat Daerah {region}.",
        "staffing": "3 orang: 1 petugas loket, 1 operator data, 1 pejabat penanda tangan.",
        "guarantee": "Layanan gratis dan selesai sesuai jangka waktu.",
        "security": "Data keluarga pemohon dirahasiakan dan hanya dipakai untuk keperluan yang dimohonkan.",
        "evaluation": "Evaluasi kinerja pelaksana setiap semester.",
    },
}


@dataclass(frozen=True)
class ServiceSpec:
    """One demo service: its identity, its first published content and later revisions."""

    code: str
    agency: str
    category: str
    name_id: str
    name_en: str
    content: dict
    unit: str = ""
    audience: str = "citizen"
    channels: tuple[str, ...] = ("online", "counter")
    is_template: bool = False
    omit: tuple[str, ...] = ()  # management components deliberately left empty (compliance self-check)
    revisions: tuple[dict, ...] = ()  # changes published as version 2, 3, …
    draft_only: bool = False  # never published: an incomplete draft


@dataclass(frozen=True)
class Adoption:
    """A kabupaten/kota adopting a province model service, with what it localizes."""

    template: str
    agency: str
    code: str
    unit: str
    local: dict = field(default_factory=dict)
    publish: bool = True


# --- Province model services (DPMPTSP Jawa Barat) --------------------------------------------
SIP_DOKTER = {
    "summary": (
        "Izin tertulis bagi dokter dan dokter spesialis untuk menjalankan praktik kedokteran di "
        "fasilitas pelayanan kesehatan atau praktik mandiri. SIP diberikan untuk setiap tempat praktik."
    ),
    "requirements": [
        doc("KTP-el", "Pindaian KTP elektronik pemohon."),
        doc("Surat Tanda Registrasi (STR)", "STR dokter atau dokter spesialis yang masih berlaku.", PDF),
        doc("Ijazah dokter atau dokter spesialis", "Pindaian ijazah yang dilegalisasi.", PDF),
        doc("Rekomendasi organisasi profesi", "Surat rekomendasi Ikatan Dokter Indonesia (IDI) cabang setempat.", PDF),
        doc(
            "Surat keterangan tempat praktik",
            "Dari pimpinan fasilitas pelayanan kesehatan, atau bukti kepemilikan/sewa tempat praktik mandiri.",
            PDF,
        ),
        doc("Pas foto berwarna 4×6", "Latar merah, tampak depan, terbaru.", IMG),
        datum("Nomor STR", "Sesuai yang tercantum pada STR."),
        datum("Alamat dan jadwal praktik", "Hari dan jam praktik di tempat yang dimohonkan."),
    ],
    "procedure": steps(
        (
            "Pengajuan",
            "Pemohon mengisi formulir dan mengunggah persyaratan secara daring, atau dibantu petugas di "
            "Mal Pelayanan Publik.",
        ),
        (
            "Verifikasi administrasi",
            "Petugas memeriksa kelengkapan dan keabsahan berkas paling lama 1 hari kerja; "
            "berkas yang kurang dikembalikan dengan catatan perbaikan.",
        ),
        (
            "Verifikasi teknis",
            "Dinas kesehatan memeriksa STR dan tempat praktik; kunjungan lapangan untuk praktik "
            "mandiri bila diperlukan.",
        ),
        ("Penerbitan SIP", "Pejabat berwenang menandatangani SIP secara elektronik."),
        ("Penyerahan", "SIP dapat diunduh dari akun pemohon; salinan cetak dapat diambil di loket."),
    ),
    "time_limit_days": 5,
    "fee_amount": 0,
    "fee_legal_basis": FREE_PRACTICE_LICENCE,
    "product": "Surat Izin Praktik (SIP) Dokter bertanda tangan elektronik",
    "legal_basis": [
        UU_PELAYANAN_PUBLIK,
        UU_KESEHATAN,
        "Permenkes 2052/2011 tentang Izin Praktik dan Pelaksanaan Praktik Kedokteran",
        PERMENPANRB_15,
    ],
}
# Version 2 of the model: PP 28/2024 no longer asks for a professional organisation's recommendation.
SIP_DOKTER_V2 = {
    "requirements": [r for r in SIP_DOKTER["requirements"] if r["name"] != "Rekomendasi organisasi profesi"],
    "legal_basis": [UU_PELAYANAN_PUBLIK, UU_KESEHATAN, PP_KESEHATAN, PERMENPANRB_15],
    "summary": SIP_DOKTER["summary"] + " Sesuai PP 28/2024, rekomendasi organisasi profesi tidak lagi disyaratkan.",
}

PBG = {
    "summary": (
        "Persetujuan pemerintah daerah kepada pemilik untuk membangun baru, mengubah, memperluas, "
        "mengurangi, atau merawat bangunan gedung sesuai standar teknis. PBG menggantikan Izin Mendirikan "
        "Bangunan (IMB) dan diajukan melalui Sistem Informasi Manajemen Bangunan Gedung (SIMBG)."
    ),
    "requirements": [
        datum("Data pemohon dan pemilik bangunan", "Nama, NIK atau NIB, alamat, dan nomor telepon."),
        doc(
            "Bukti kepemilikan atau penguasaan tanah",
            "Sertifikat tanah, atau perjanjian pemanfaatan tanah bila pemilik bangunan bukan pemilik tanah.",
            PDF,
        ),
        doc("Konfirmasi Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)", "Atau keterangan rencana kota.", PDF),
        doc("Rencana teknis arsitektur", "Gambar situasi, denah, tampak, dan potongan.", PDF),
        doc(
            "Rencana teknis struktur dan utilitas",
            "Perhitungan struktur untuk bangunan lebih dari dua lantai; instalasi air, listrik, dan drainase.",
            PDF,
        ),
        doc("Dokumen lingkungan", "SPPL, UKL-UPL, atau AMDAL sesuai skala kegiatan.", PDF),
    ],
    "procedure": steps(
        (
            "Pendaftaran di SIMBG",
            "Pemohon membuat akun di simbg.pu.go.id, mengisi data bangunan, dan mengunggah dokumen rencana teknis.",
        ),
        ("Pemeriksaan kelengkapan", "Dinas memeriksa kelengkapan dokumen paling lama 3 hari kerja."),
        (
            "Konsultasi perencanaan",
            "Tim Profesi Ahli (TPA) atau Tim Penilai Teknis (TPT) memeriksa pemenuhan standar teknis bersama pemohon.",
        ),
        ("Pernyataan pemenuhan standar teknis", "Diterbitkan bila rencana teknis memenuhi standar."),
        (
            "Penetapan dan pembayaran retribusi",
            "SKRD retribusi PBG terbit di SIMBG; pemohon membayar melalui bank atau kanal pembayaran resmi daerah.",
        ),
        ("Penerbitan PBG", "PBG dan lampirannya terbit elektronik setelah pembayaran terverifikasi."),
    ),
    "time_limit_days": 28,
    "fee_amount": 0,
    "fee_legal_basis": (
        "Layanan model: besaran retribusi PBG ditetapkan setiap kabupaten/kota dalam perda pajak "
        "daerah dan retribusi daerah (UU 1/2022); lihat standar pelayanan kabupaten/kota."
    ),
    "product": "Persetujuan Bangunan Gedung (PBG) beserta lampiran rencana teknis",
    "legal_basis": [UU_PELAYANAN_PUBLIK, *BANGUNAN_GEDUNG, UU_HKPD, PP_KUPDRD],
}

REKLAME = {
    "summary": (
        "Izin untuk memasang reklame (papan/billboard, videotron, baliho, spanduk, dan sejenisnya) di lokasi "
        "dan jangka waktu tertentu. Pajak reklame dibayar terpisah kepada badan pendapatan daerah."
    ),
    "requirements": [
        datum("Identitas pemohon", "Nama, NIK atau NIB, alamat, dan nomor telepon."),
        doc("KTP-el penanggung jawab"),
        doc("Nomor Induk Berusaha (NIB)", "Bagi pemohon badan usaha, dari sistem OSS.", PDF, mandatory=False),
        doc("Desain dan naskah reklame", "Gambar visual, ukuran, dan isi naskah."),
        doc("Foto dan titik koordinat lokasi", "Foto lokasi pemasangan dari dua arah.", IMG),
        doc("Persetujuan pemilik lahan atau bangunan", "", PDF),
        doc(
            "Gambar konstruksi dan perhitungan struktur",
            "Untuk reklame permanen lebih dari 8 m².",
            PDF,
            mandatory=False,
        ),
    ],
    "procedure": steps(
        ("Pengajuan", "Pemohon mengajukan permohonan secara daring atau di loket."),
        ("Verifikasi administrasi", "Petugas memeriksa kelengkapan berkas paling lama 1 hari kerja."),
        ("Survei lokasi", "Tim teknis reklame memeriksa kesesuaian titik dengan penataan reklame."),
        ("Penetapan pajak reklame", "Badan pendapatan daerah menerbitkan ketetapan pajak reklame."),
        ("Penerbitan izin", "Izin terbit setelah pajak reklame dibayar."),
        ("Pemasangan penanda izin", "Stiker atau plat nomor izin dipasang pada reklame."),
    ),
    "time_limit_days": 7,
    "fee_amount": 0,
    "fee_legal_basis": (
        "Izin tidak dipungut biaya. Pajak reklame ditetapkan dan dibayar terpisah sesuai perda pajak "
        "daerah dan retribusi daerah (UU 1/2022)."
    ),
    "product": "Surat Izin Penyelenggaraan Reklame dan penanda izin",
    "legal_basis": [UU_PELAYANAN_PUBLIK, UU_HKPD, PP_KUPDRD, PERMENPANRB_15],
}

TEMPLATES = (
    ServiceSpec(
        "model-sip-dokter",
        "dpmptsp-jabar",
        "kesehatan",
        "Surat Izin Praktik (SIP) Dokter",
        "Medical doctor practice licence (SIP)",
        SIP_DOKTER,
        unit="Bidang Pengembangan Standar Pelayanan",
        is_template=True,
        revisions=(SIP_DOKTER_V2,),
    ),
    ServiceSpec(
        "model-pbg",
        "dpmptsp-jabar",
        "pertanahan-bangunan",
        "Persetujuan Bangunan Gedung (PBG)",
        "Building approval (PBG)",
        PBG,
        unit="Bidang Pengembangan Standar Pelayanan",
        channels=("online", "assisted"),
        is_template=True,
    ),
    ServiceSpec(
        "model-izin-reklame",
        "dpmptsp-jabar",
        "perizinan-usaha",
        "Izin Penyelenggaraan Reklame",
        "Advertising and billboard permit",
        REKLAME,
        unit="Bidang Pengembangan Standar Pelayanan",
        audience="business",
        is_template=True,
    ),
)


def _pbg_fee(region: str, amount: int) -> dict:
    return {
        "fee_amount": amount,
        "fee_legal_basis": (
            f"Retribusi PBG menurut Perda {region} tentang Pajak Daerah dan Retribusi Daerah "
            "(UU 1/2022). Besaran akhir dihitung di SIMBG dari luas lantai, indeks terintegrasi, dan "
            "harga satuan retribusi, lalu ditetapkan dalam SKRD; angka ini untuk rumah tinggal satu "
            "lantai seluas 36 m². Bayar hanya sesuai SKRD melalui kanal resmi."
        ),
    }


# Templates are adopted after they are published as version 1; the province's later versions
# (SIP_DOKTER_V2) are published after these adoptions, so the adopters see a pending change.
ADOPTIONS = (
    Adoption(
        "model-sip-dokter",
        "dpmptsp-kota-bandung",
        "sip-dokter-kota-bandung",
        "Bidang Pelayanan Perizinan",
        {"staffing": "4 orang: 2 petugas front office, 1 verifikator dari Dinas Kesehatan, 1 penanda tangan."},
    ),
    Adoption("model-sip-dokter", "dinkes-kab-bandung", "sip-dokter-kab-bandung", "Seksi Perizinan Tenaga Kesehatan"),
    Adoption("model-sip-dokter", "dpmptsp-kab-bogor", "sip-dokter-kab-bogor", "Bidang Pelayanan Perizinan"),
    Adoption("model-sip-dokter", "dpmptsp-kota-depok", "sip-dokter-kota-depok", "Bidang Pelayanan Perizinan"),
    Adoption(
        "model-pbg",
        "dpmptsp-kota-bandung",
        "pbg-kota-bandung",
        "Bidang Pelayanan Perizinan",
        _pbg_fee("Kota Bandung", 432_000),
    ),
    Adoption(
        "model-pbg",
        "dpmptsp-kab-bandung",
        "pbg-kab-bandung",
        "Bidang Pelayanan Perizinan",
        _pbg_fee("Kabupaten Bandung", 360_000),
    ),
    Adoption(
        "model-pbg",
        "dpmptsp-kab-bogor",
        "pbg-kab-bogor",
        "Bidang Pelayanan Perizinan",
        _pbg_fee("Kabupaten Bogor", 378_000),
    ),
    Adoption("model-izin-reklame", "dpmptsp-kota-bandung", "izin-reklame-kota-bandung", "Bidang Pelayanan Perizinan"),
    Adoption(
        "model-izin-reklame",
        "dpmptsp-kota-bekasi",
        "izin-reklame-kota-bekasi",
        "Bidang Pelayanan Perizinan",
        {"staffing": "5 orang: 2 petugas front office, 2 tim survei reklame, 1 penanda tangan."},
    ),
    # Adopted, not yet localized or published: one of the incomplete drafts.
    Adoption(
        "model-izin-reklame",
        "dpmptsp-kota-depok",
        "izin-reklame-kota-depok",
        "Bidang Pelayanan Perizinan",
        publish=False,
    ),
)


# --- Population documents (same law everywhere; two cities publish them) ----------------------
def akta_kelahiran(city: str) -> dict:
    return {
        "summary": (
            f"Pencatatan kelahiran dan penerbitan kutipan akta kelahiran bagi penduduk {city}. Akta dicetak "
            "di kertas HVS A4 80 gram dan sah dengan tanda tangan elektronik."
        ),
        "requirements": [
            doc("Surat keterangan kelahiran", "Dari rumah sakit, puskesmas, dokter, bidan, atau kepala desa/lurah."),
            datum("Nomor KK dan NIK kedua orang tua"),
            doc(
                "Buku nikah atau kutipan akta perkawinan orang tua",
                "Bila tidak ada, isi SPTJM kebenaran sebagai pasangan suami istri.",
                mandatory=False,
            ),
            doc(
                "SPTJM kebenaran data kelahiran",
                "Bila tidak memiliki surat keterangan kelahiran; formulir F-2.03.",
                mandatory=False,
            ),
            datum("Nama anak, tempat dan tanggal lahir"),
        ],
        "procedure": steps(
            ("Pengajuan", "Daring dari rumah, melalui kelurahan, atau di loket dinas."),
            ("Verifikasi dan validasi", "Petugas mencocokkan data dengan database kependudukan (SIAK)."),
            ("Pencatatan", "Kelahiran dicatat dalam register akta kelahiran."),
            ("Penerbitan", "Kutipan akta kelahiran, KK yang diperbarui, dan KIA diterbitkan bersama."),
            ("Penyerahan", "Dokumen dikirim ke surel pemohon untuk dicetak sendiri, atau dicetak di ADM."),
        ),
        "time_limit_days": 3,
        "fee_amount": 0,
        "fee_legal_basis": FREE_ADMINDUK,
        "product": "Kutipan akta kelahiran, Kartu Keluarga yang diperbarui, dan Kartu Identitas Anak",
        "legal_basis": [UU_PELAYANAN_PUBLIK, *ADMINDUK],
    }


def kia(city: str) -> dict:
    return {
        "summary": (
            f"Kartu identitas resmi bagi anak WNI penduduk {city} yang berusia di bawah 17 tahun dan belum "
            "menikah. Anak di bawah 5 tahun mendapat KIA tanpa foto."
        ),
        "requirements": [
            datum("NIK anak dan nomor KK"),
            doc("Kutipan akta kelahiran anak", "", PDF),
            doc(
                "Pas foto berwarna anak",
                "Untuk anak 5 tahun ke atas: latar merah bila tahun lahir genap, biru bila ganjil.",
                IMG,
                mandatory=False,
            ),
            doc("KTP-el orang tua atau wali"),
        ],
        "procedure": steps(
            ("Pengajuan", "Orang tua mengajukan secara daring, di sekolah saat jemput bola, atau di loket."),
            ("Verifikasi", "Petugas mencocokkan data anak di SIAK."),
            ("Pencetakan", "KIA dicetak dan ditandatangani kepala dinas."),
            ("Penyerahan", "KIA diambil di loket atau diantar ke sekolah/kelurahan."),
        ),
        "time_limit_days": 1,
        "fee_amount": 0,
        "fee_legal_basis": FREE_ADMINDUK,
        "product": "Kartu Identitas Anak (KIA)",
        "legal_basis": [UU_PELAYANAN_PUBLIK, *ADMINDUK[:2], "Permendagri 2/2016 tentang Kartu Identitas Anak"],
    }


def ktp_el(city: str) -> dict:
    return {
        "summary": (
            f"Penerbitan KTP elektronik (KTP-el) bagi penduduk {city}: KTP-el pertama bagi yang berusia 17 tahun "
            "atau sudah/pernah kawin, dan penggantian KTP-el yang rusak, hilang, atau berubah datanya. KTP-el "
            "berlaku seumur hidup."
        ),
        "requirements": [
            datum("NIK dan nomor KK pemohon"),
            doc(
                "Surat keterangan kehilangan dari kepolisian",
                "Hanya bila KTP-el hilang.",
                mandatory=False,
            ),
            doc(
                "Dokumen bukti perubahan data",
                "Bila ada data yang berubah, misalnya ijazah, akta perkawinan, atau surat keterangan pindah.",
                mandatory=False,
            ),
            datum(
                "Perekaman biometrik (sidik jari, iris, foto, tanda tangan)",
                "Bagi yang belum pernah merekam; dilakukan di loket dinas atau kantor kecamatan.",
                mandatory=False,
            ),
        ],
        "procedure": steps(
            ("Pengajuan", "Daring dari rumah, melalui kecamatan, atau di loket dinas; KTP-el rusak dibawa ke loket."),
            ("Verifikasi", "Petugas mencocokkan NIK, KK, dan status perekaman di database kependudukan (SIAK)."),
            ("Perekaman", "Pemohon yang belum merekam datang sesuai jadwal untuk perekaman biometrik."),
            ("Pencetakan", "KTP-el dicetak setelah data biometrik tunggal (tidak ganda) di database nasional."),
            ("Penyerahan", "KTP-el diambil di loket dinas atau kantor kecamatan dengan tanda terima."),
        ),
        "time_limit_days": 3,
        "fee_amount": 0,
        "fee_legal_basis": FREE_ADMINDUK,
        "product": "Kartu Tanda Penduduk Elektronik (KTP-el)",
        "legal_basis": [UU_PELAYANAN_PUBLIK, *ADMINDUK],
    }


def skpwni(city: str) -> dict:
    return {
        "summary": (
            f"Surat keterangan bagi penduduk yang pindah dari {city} ke kabupaten/kota lain. Cukup diurus di "
            "daerah asal; daerah tujuan menerbitkan KK baru tanpa surat pengantar RT/RW."
        ),
        "requirements": [
            datum("NIK dan nomor KK pemohon"),
            datum("Alamat tujuan dan alasan pindah", "Termasuk anggota keluarga yang ikut pindah."),
            doc("Formulir pendaftaran perpindahan penduduk (F-1.03)", "Diisi dan ditandatangani pemohon.", PDF),
            doc("Surat kuasa", "Bila diwakilkan, dengan KTP-el penerima kuasa.", mandatory=False),
        ],
        "procedure": steps(
            ("Pengajuan", "Daring atau di loket dinas."),
            ("Verifikasi", "Petugas memeriksa data di SIAK dan status anggota keluarga."),
            ("Penerbitan SKPWNI", "SKPWNI terbit elektronik dan dikirim ke pemohon."),
            ("KK bagi yang tinggal", "Anggota keluarga yang tidak ikut pindah menerima KK baru."),
        ),
        "time_limit_days": 1,
        "fee_amount": 0,
        "fee_legal_basis": FREE_ADMINDUK,
        "product": "Surat Keterangan Pindah WNI (SKPWNI) bertanda tangan elektronik",
        "legal_basis": [UU_PELAYANAN_PUBLIK, *ADMINDUK],
    }


def surat_izin_apotek() -> dict:
    return {
        "summary": (
            "Izin bagi apoteker untuk menyelenggarakan apotek, diajukan melalui OSS sebagai izin berusaha "
            "berbasis risiko dan diverifikasi oleh dinas kesehatan."
        ),
        "requirements": [
            datum("Nomor Induk Berusaha (NIB)", "KBLI 47721, perdagangan eceran farmasi di apotek."),
            doc("STR apoteker penanggung jawab", "", PDF),
            doc("Surat Izin Praktik Apoteker (SIPA)", "", PDF),
            doc("Denah bangunan dan peta lokasi", "", PDF),
            doc("Daftar sarana, prasarana, dan peralatan", "", PDF),
            doc("Bukti kepemilikan atau sewa bangunan", "", PDF),
        ],
        "procedure": steps(
            ("Pengajuan di OSS", "Pemohon mengajukan sertifikat standar apotek di oss.go.id."),
            ("Verifikasi dokumen", "DPMPTSP dan dinas kesehatan memeriksa dokumen."),
            ("Visitasi", "Tim dinas kesehatan memeriksa bangunan, sarana, dan apoteker di lokasi."),
            ("Penerbitan", "Sertifikat standar (Surat Izin Apotek) terbit melalui OSS."),
        ),
        "time_limit_days": 14,
        "fee_amount": 0,
        "fee_legal_basis": FREE,
        "product": "Surat Izin Apotek (sertifikat standar terverifikasi di OSS)",
        "legal_basis": [UU_PELAYANAN_PUBLIK, UU_KESEHATAN, PP_OSS, "Permenkes 9/2017 tentang Apotek", PERMENKES_14],
    }


def izin_praktik(profession: str, product: str, regulation: str) -> dict:
    return {
        "summary": f"Izin tertulis bagi {profession} untuk menjalankan praktik di fasilitas pelayanan kesehatan atau "
        "praktik mandiri.",
        "requirements": [
            doc("KTP-el"),
            doc("Surat Tanda Registrasi (STR)", "", PDF),
            doc("Ijazah pendidikan profesi", "Pindaian ijazah yang dilegalisasi.", PDF),
            doc("Surat keterangan tempat praktik", "Dari pimpinan fasilitas pelayanan kesehatan.", PDF),
            doc("Pas foto berwarna 4×6", "Latar merah.", IMG),
            datum("Alamat dan jadwal praktik"),
        ],
        "procedure": steps(
            ("Pengajuan", "Daring atau di loket."),
            ("Verifikasi berkas", "Paling lama 1 hari kerja."),
            ("Verifikasi teknis", "Pemeriksaan STR dan tempat praktik."),
            ("Penerbitan", "Izin ditandatangani elektronik dan dapat diunduh."),
        ),
        "time_limit_days": 5,
        "fee_amount": 0,
        "fee_legal_basis": FREE_PRACTICE_LICENCE,
        "product": product,
        "legal_basis": [UU_PELAYANAN_PUBLIK, UU_KESEHATAN, PP_KESEHATAN, regulation],
    }


# --- Services each agency publishes itself ---------------------------------------------------
LEGALISIR = {
    "summary": (
        "Pengesahan fotokopi ijazah SMA/SMK/SLB di Jawa Barat oleh Kantor Cabang Dinas Pendidikan, bila "
        "sekolah penerbit sudah tidak beroperasi, bergabung, atau kepala sekolahnya berhalangan tetap. Untuk "
        "sekolah yang masih beroperasi, legalisir dilakukan kepala sekolah."
    ),
    "requirements": [
        doc("Ijazah asli", "Ditunjukkan kepada petugas, atau pindaian berwarna untuk permohonan daring."),
        doc("Fotokopi ijazah", "Paling banyak 10 lembar per permohonan.", PDF),
        doc("KTP-el pemilik ijazah"),
        doc("Surat kuasa", "Bila diwakilkan, dengan KTP-el penerima kuasa.", mandatory=False),
    ],
    "procedure": steps(
        ("Pengajuan", "Ambil antrean di Kantor Cabang Dinas atau ajukan daring."),
        ("Pencocokan", "Petugas mencocokkan ijazah asli dengan fotokopi dan arsip sekolah."),
        ("Pengesahan", "Kepala Cabang Dinas membubuhkan paraf, cap, dan tanda tangan."),
        ("Penyerahan", "Fotokopi terlegalisasi diambil di loket."),
    ),
    "time_limit_days": 3,
    "fee_amount": 0,
    "fee_legal_basis": "Tidak dipungut biaya; setiap permintaan uang untuk legalisir ijazah adalah pungutan liar.",
    "product": "Fotokopi ijazah yang telah disahkan",
    "competence": "Mampu mencocokkan ijazah dengan buku induk dan arsip blangko ijazah sekolah.",
    "staffing": "4 orang pada setiap Kantor Cabang Dinas: 2 petugas loket, 1 verifikator, 1 pejabat penanda tangan.",
    "security": "Pengesahan dengan paraf dan cap dinas; arsip ijazah sekolah yang tutup disimpan di lemari berkunci.",
    "legal_basis": [
        UU_PELAYANAN_PUBLIK,
        "UU 20/2003 tentang Sistem Pendidikan Nasional",
        "UU 23/2014 tentang Pemerintahan Daerah (pendidikan menengah urusan provinsi)",
        "Permendikbud 29/2014 tentang Pengesahan Fotokopi Ijazah/STTB dan Penerbitan Surat Keterangan Pengganti Ijazah",
    ],
}
LEGALISIR_V2 = {
    "procedure": LEGALISIR["procedure"][:3]
    + steps(
        (
            "Penyerahan",
            "Fotokopi terlegalisasi diambil di loket, atau legalisir elektronik berkode QR dikirim ke akun pemohon.",
        ),
    ),
    "time_limit_days": 1,
    "product": "Fotokopi ijazah yang telah disahkan (cetak, atau elektronik dengan kode QR)",
}

AKTA_BANDUNG_V2 = {
    "time_limit_days": 1,
    "summary": akta_kelahiran("Kota Bandung")["summary"] + " Sejak 2025 selesai dalam 1 hari kerja.",
}

UJI_KIR = {
    "summary": (
        "Uji berkala setiap 6 bulan bagi mobil penumpang umum, bus, mobil barang, kendaraan khusus, kereta "
        "gandengan, dan kereta tempelan. Kendaraan yang lulus menerima kartu Bukti Lulus Uji elektronik "
        "(BLUe) dan tanda lulus uji."
    ),
    "requirements": [
        doc("STNK yang masih berlaku"),
        doc("Kartu BLUe atau buku uji sebelumnya", "Untuk uji berkala ulang.", mandatory=False),
        doc("Sertifikat Registrasi Uji Tipe (SRUT)", "Untuk uji pertama kendaraan baru.", PDF, mandatory=False),
        doc("KTP-el pemilik atau surat kuasa"),
        datum("Nomor kendaraan dan jenis kendaraan"),
    ],
    "procedure": steps(
        ("Pendaftaran", "Pendaftaran di loket UPT dan pembayaran retribusi secara nontunai."),
        ("Pemeriksaan visual", "Pemeriksaan rangka, mesin, ban, dan kelengkapan kendaraan."),
        ("Pengujian alat", "Uji emisi, rem, lampu utama, kincup roda, speedometer, dan klakson."),
        ("Penerbitan", "Kartu BLUe dan tanda lulus uji diterbitkan; kendaraan yang tidak lulus dapat uji ulang."),
    ),
    "time_limit_days": 1,
    "fee_amount": 60_000,
    "fee_legal_basis": (
        "Retribusi pengujian kendaraan bermotor menurut Perda Kota Banjarmasin tentang Retribusi "
        "Jasa Umum; dibayar nontunai di loket UPT."
    ),
    "product": "Kartu Bukti Lulus Uji elektronik (BLUe) dan tanda lulus uji",
    "legal_basis": [
        UU_PELAYANAN_PUBLIK,
        "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan",
        "PP 55/2012 tentang Kendaraan",
        "Permenhub PM 19/2021 tentang Pengujian Berkala Kendaraan Bermotor",
    ],
}
UJI_KIR_V2 = {
    "fee_amount": 75_000,
    "fee_legal_basis": (
        "Retribusi pengujian kendaraan bermotor menurut Perda Kota Banjarmasin tentang Pajak Daerah "
        "dan Retribusi Daerah (UU 1/2022); dibayar nontunai di loket UPT."
    ),
    "legal_basis": UJI_KIR["legal_basis"] + [UU_HKPD],
}

SERVICES = (
    # Dinas Pendidikan Provinsi Jawa Barat
    ServiceSpec(
        "legalisir-ijazah-sma-smk-jabar",
        "disdik-jabar",
        "pendidikan",
        "Legalisir Ijazah SMA/SMK",
        "Certified copy of a senior or vocational high school diploma",
        LEGALISIR,
        unit="Kantor Cabang Dinas Pendidikan Wilayah VII",
        revisions=(LEGALISIR_V2,),
    ),
    ServiceSpec(
        "izin-satuan-pendidikan-sma-smk-jabar",
        "disdik-jabar",
        "pendidikan",
        "Izin Penyelenggaraan Satuan Pendidikan SMA/SMK Swasta",
        "Licence to operate a private senior or vocational high school",
        {
            "summary": (
                "Izin bagi yayasan atau badan hukum untuk menyelenggarakan SMA, SMK, atau SLB swasta "
                "di Jawa Barat, termasuk perubahan dan penggabungan satuan pendidikan."
            ),
            "requirements": [
                doc("Akta pendirian yayasan dan pengesahan Kemenkumham", "", PDF),
                doc("Studi kelayakan pendirian sekolah", "Memuat analisis kebutuhan dan daya tampung.", PDF),
                doc("Bukti kepemilikan atau penguasaan lahan dan bangunan", "", PDF),
                doc("Rencana induk pengembangan sekolah", "", PDF),
                doc("Kurikulum, struktur organisasi, dan daftar calon pendidik", "", PDF),
                datum("NIB yayasan"),
            ],
            "procedure": steps(
                ("Pengajuan", "Yayasan mengajukan permohonan daring."),
                ("Verifikasi dokumen", "Bidang pembinaan memeriksa dokumen."),
                ("Visitasi", "Tim memeriksa lahan, bangunan, sarana, dan calon pendidik."),
                ("Rapat pertimbangan", "Tim memberi rekomendasi kepada kepala dinas."),
                ("Penerbitan keputusan", "Kepala dinas menetapkan izin; sekolah mengajukan NPSN."),
            ),
            "time_limit_days": 30,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Keputusan Kepala Dinas Pendidikan tentang Izin Penyelenggaraan Satuan Pendidikan",
            "legal_basis": [
                UU_PELAYANAN_PUBLIK,
                "UU 20/2003 tentang Sistem Pendidikan Nasional",
                "PP 57/2021 tentang Standar Nasional Pendidikan sebagaimana diubah dengan PP 4/2022",
                "Permendikbud 36/2014 tentang Pedoman Pendirian, Perubahan, dan Penutupan "
                "Satuan Pendidikan Dasar dan Menengah",
            ],
        },
        unit="Bidang Pembinaan SMA",
        audience="business",
        channels=("online",),
    ),
    # DPMPTSP Provinsi Jawa Barat
    ServiceSpec(
        "surat-keterangan-penelitian-jabar",
        "dpmptsp-jabar",
        "nonperizinan",
        "Surat Keterangan Penelitian",
        "Research permit letter",
        {
            "summary": (
                "Surat keterangan bagi peneliti, mahasiswa, dan lembaga yang akan meneliti di lebih "
                "dari satu kabupaten/kota di Jawa Barat."
            ),
            "requirements": [
                doc("Surat pengantar perguruan tinggi atau lembaga", "", PDF),
                doc("Proposal penelitian", "Memuat judul, tujuan, lokasi, waktu, dan metode.", PDF),
                doc("KTP-el peneliti atau penanggung jawab"),
                doc("Surat pernyataan mematuhi peraturan", "Bermeterai.", PDF),
                datum("Lokasi dan jangka waktu penelitian"),
            ],
            "procedure": steps(
                ("Pengajuan", "Daring melalui portal perizinan."),
                ("Verifikasi", "Petugas memeriksa kelengkapan dan kesesuaian lokasi."),
                ("Penerbitan", "Surat keterangan ditandatangani elektronik dan ditembuskan ke daerah lokasi."),
            ),
            "time_limit_days": 5,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Surat Keterangan Penelitian (SKP) bertanda tangan elektronik",
            "legal_basis": [UU_PELAYANAN_PUBLIK, "Permendagri 3/2018 tentang Penerbitan Surat Keterangan Penelitian"],
        },
        unit="Bidang Pelayanan Perizinan dan Nonperizinan",
        channels=("online",),
    ),
    # Badan Kepegawaian Daerah Provinsi Jawa Barat (employee services)
    ServiceSpec(
        "cuti-asn-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Permohonan Cuti Pegawai ASN",
        "Civil servant leave request",
        {
            "summary": (
                "Permohonan cuti tahunan, cuti besar, cuti sakit, cuti melahirkan, cuti karena alasan "
                "penting, dan cuti di luar tanggungan negara bagi PNS dan PPPK Pemerintah Daerah "
                "Provinsi Jawa Barat."
            ),
            "requirements": [
                datum("NIP dan jenis cuti"),
                datum("Tanggal mulai dan lama cuti"),
                datum("Alamat selama menjalankan cuti"),
                doc(
                    "Surat keterangan dokter",
                    "Untuk cuti sakit lebih dari 1 hari; dari dokter pemerintah bila lebih dari 14 hari.",
                    mandatory=False,
                ),
                doc(
                    "Dokumen pendukung cuti alasan penting",
                    "Misalnya surat keterangan sakit keluarga.",
                    mandatory=False,
                ),
            ],
            "procedure": steps(
                ("Pengajuan", "Pegawai mengajukan cuti di aplikasi kepegawaian."),
                ("Pertimbangan atasan langsung", "Disetujui, diubah, ditangguhkan, atau tidak disetujui."),
                ("Keputusan pejabat berwenang", "Pejabat berwenang menetapkan keputusan."),
                ("Penerbitan surat izin cuti", "Surat terbit elektronik dan saldo cuti diperbarui."),
            ),
            "time_limit_days": 5,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Surat Izin Cuti bertanda tangan elektronik",
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PP 11/2017 tentang Manajemen PNS sebagaimana diubah dengan PP 17/2020",
                "PP 49/2018 tentang Manajemen PPPK",
                "Peraturan BKN 24/2017 tentang Tata Cara Pemberian Cuti PNS sebagaimana diubah "
                "dengan Peraturan BKN 7/2021",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    ServiceSpec(
        "kgb-asn-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Kenaikan Gaji Berkala (KGB)",
        "Periodic salary increase (KGB)",
        {
            "summary": (
                "Pemberitahuan kenaikan gaji berkala bagi PNS yang mencapai masa kerja golongan dua "
                "tahun sejak kenaikan terakhir dengan penilaian kinerja paling rendah baik. Diproses "
                "dua bulan sebelum tanggal berlaku; pegawai cukup memeriksa datanya."
            ),
            "requirements": [
                datum("NIP"),
                datum("Data SK kenaikan gaji berkala atau SK pangkat terakhir (dari data kepegawaian)"),
                datum("Predikat kinerja dua tahun terakhir (dari data kepegawaian)"),
            ],
            "procedure": steps(
                (
                    "Penyusunan draf",
                    "Sistem menyusun draf bagi pegawai yang jatuh tempo dua bulan sebelumnya dan memberi tahu pegawai.",
                ),
                (
                    "Pemeriksaan BKD",
                    "Hanya bila data belum lengkap atau syarat belum terpenuhi; BKD memperbaiki data dan memeriksa ulang.",
                ),
                (
                    "Penandatanganan pejabat yang berwenang",
                    "Surat pemberitahuan KGB ditandatangani elektronik dan gaji pokok baru tercatat.",
                ),
                ("Penyampaian", "Dikirim ke pegawai dan ke pengelola gaji untuk dibayarkan."),
            ),
            "time_limit_days": 10,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Surat Pemberitahuan Kenaikan Gaji Berkala",
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PP 7/1977 tentang Peraturan Gaji PNS sebagaimana terakhir diubah dengan PP 5/2024",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    ServiceSpec(
        "kenaikan-pangkat-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Kenaikan Pangkat PNS",
        "Civil servant rank promotion",
        {
            "summary": (
                "Kenaikan pangkat reguler dan penyesuaian ijazah bagi PNS pada periode 1 Februari, 1 April, "
                "1 Juni, 1 Agustus, 1 Oktober, dan 1 Desember. BKD membuka periode; pegawai yang memenuhi syarat "
                "diproses tanpa mengajukan dan tanpa mengunggah dokumen yang sudah ada di data kepegawaian."
            ),
            "requirements": [
                datum("NIP"),
                datum("SK pangkat terakhir (dari data kepegawaian)"),
                datum("Predikat kinerja dua tahun terakhir (dari data kepegawaian)"),
                datum("Ijazah terakhir (dari data kepegawaian)"),
            ],
            "procedure": steps(
                ("Pembukaan periode", "BKD membuka periode; sistem memeriksa syarat setiap PNS dan membuka kasus."),
                (
                    "Verifikasi BKD dan pertimbangan teknis BKN",
                    "BKD memverifikasi; untuk pangkat III/d ke atas kasus menunggu pertimbangan teknis BKN.",
                ),
                (
                    "Penetapan keputusan",
                    "Pejabat yang berwenang menandatangani keputusan secara elektronik; pangkat dan gaji pokok "
                    "baru tercatat.",
                ),
            ),
            "time_limit_days": 10,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Keputusan Kenaikan Pangkat bertanda tangan elektronik",
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PP 99/2000 tentang Kenaikan Pangkat PNS sebagaimana diubah dengan PP 12/2002",
                "Peraturan BKN 4/2023 tentang Kenaikan Pangkat",
                "PP 5/2024 tentang gaji PNS",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    ServiceSpec(
        "mutasi-asn-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Mutasi PNS",
        "Civil servant transfer",
        {
            "summary": (
                "Mutasi PNS dalam satu perangkat daerah, antar perangkat daerah, atau antar daerah (provinsi dan "
                "kabupaten/kota), atas permohonan pegawai atau prakarsa instansi. Jabatan tujuan harus lowong dalam "
                "formasi; pejabat instansi asal dan penerima memberi persetujuan, mutasi antar daerah menunggu "
                "pertimbangan teknis BKN, lalu keputusan mutasi ditandatangani secara elektronik."
            ),
            "requirements": [
                datum("NIP"),
                datum("Jabatan dan unit tujuan yang lowong dalam formasi"),
                datum("Alasan mutasi dan TMT yang diusulkan"),
            ],
            "procedure": steps(
                ("Persetujuan instansi asal", "Pejabat yang berwenang instansi asal menyetujui pelepasan pegawai."),
                ("Persetujuan instansi penerima", "Pejabat yang berwenang instansi penerima menyetujui penerimaan."),
                (
                    "Verifikasi BKD dan pertimbangan teknis BKN",
                    "BKD instansi penerima memverifikasi; mutasi antar daerah menunggu pertimbangan teknis BKN.",
                ),
                ("Penetapan keputusan", "Pejabat yang berwenang menandatangani keputusan mutasi secara elektronik."),
            ),
            "time_limit_days": 14,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Keputusan Mutasi PNS bertanda tangan elektronik",
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PP 11/2017 tentang Manajemen PNS sebagaimana telah diubah dengan PP 17/2020 (mutasi)",
                "Peraturan BKN 5/2019 tentang Tata Cara Pelaksanaan Mutasi",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    ServiceSpec(
        "pensiun-asn-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Pensiun PNS",
        "Civil servant pension",
        {
            "summary": (
                "Berkas pensiun dibuka otomatis sebelum PNS mencapai batas usia pensiun, dengan riwayat kerja dan gaji "
                "pokok terakhir dari data kepegawaian; pegawai melengkapi data keluarga dan rekening bank, BKD "
                "memverifikasi dan meminta pertimbangan teknis BKN, lalu keputusan pensiun ditandatangani sebelum "
                "tanggal pensiun. Juga pensiun dini atas permintaan sendiri, pensiun janda/duda, dan pensiun karena "
                "tidak cakap jasmani/rohani."
            ),
            "requirements": [
                datum("NIP"),
                datum("Riwayat pangkat, jabatan, dan gaji pokok terakhir (dari data kepegawaian)"),
                datum("Data istri/suami dan anak dengan tanggal lahir"),
                datum("Rekening bank pembayaran pensiun"),
            ],
            "procedure": steps(
                ("Pembukaan berkas", "Sistem membuka berkas pensiun sebelum TMT pensiun dan memberi tahu pegawai."),
                ("Konfirmasi pegawai", "Pegawai memeriksa data, melengkapi keluarga dan rekening, lalu mengonfirmasi."),
                (
                    "Verifikasi BKD dan pertimbangan teknis BKN",
                    "BKD memverifikasi berkas; kasus menunggu pertimbangan teknis BKN (jam layanan berhenti).",
                ),
                ("Penetapan keputusan", "Pejabat yang berwenang menandatangani keputusan pensiun secara elektronik."),
            ),
            "time_limit_days": 10,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Keputusan Pemberhentian dengan Hormat dan Pemberian Pensiun bertanda tangan elektronik",
            "legal_basis": [
                "UU 11/1969 tentang Pensiun Pegawai dan Pensiun Janda/Duda Pegawai",
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PP 11/2017 tentang Manajemen PNS sebagaimana telah diubah (Pasal 239-250)",
                "Peraturan BKN 2/2018 tentang pertimbangan teknis pensiun",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    ServiceSpec(
        "penetapan-angka-kredit-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Penetapan Angka Kredit Jabatan Fungsional",
        "Credit-point decree of functional officials",
        {
            "summary": (
                "Penetapan angka kredit (PAK) pejabat fungsional dari konversi predikat kinerja tahunan. BKD membuka "
                "PAK setelah predikat kinerja tahunan tercatat; pegawai tidak perlu mengajukan dan tidak mengunggah "
                "dokumen yang sudah ada di data kepegawaian."
            ),
            "requirements": [
                datum("NIP"),
                datum("Keputusan pengangkatan dalam jabatan fungsional (dari data kepegawaian)"),
                datum("Predikat kinerja tahunan (dari data kepegawaian)"),
            ],
            "procedure": steps(
                ("Pembukaan PAK", "BKD membuka PAK bagi pejabat fungsional yang angka kreditnya belum ditetapkan."),
                ("Verifikasi BKD", "BKD memeriksa angka kredit setiap periode terhadap predikat kinerja."),
                (
                    "Penetapan angka kredit",
                    "Pejabat yang berwenang menandatangani PAK secara elektronik; angka kredit ditetapkan.",
                ),
            ),
            "time_limit_days": 8,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Penetapan Angka Kredit bertanda tangan elektronik",
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "PermenPANRB 1/2023 tentang Jabatan Fungsional",
                "Peraturan BKN 3/2023",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
    ),
    # Bapenda Provinsi Jawa Barat: three management components left empty on purpose.
    ServiceSpec(
        "pembebasan-sanksi-pkb-jabar",
        "bapenda-jabar",
        "pajak-daerah",
        "Pembebasan Sanksi Administratif Pajak Kendaraan Bermotor (PKB)",
        "Waiver of administrative penalties on motor vehicle tax",
        {
            "summary": (
                "Penghapusan atau pengurangan denda keterlambatan PKB bagi wajib pajak yang terdampak "
                "bencana atau keadaan tertentu. Pokok pajak tetap dibayar."
            ),
            "requirements": [
                doc("KTP-el pemilik kendaraan"),
                doc("STNK"),
                doc("Surat permohonan dan alasan", "Dengan bukti keadaan, misalnya keterangan bencana.", PDF),
                datum("Nomor polisi kendaraan"),
            ],
            "procedure": steps(
                ("Pengajuan", "Di kantor Samsat atau melalui aplikasi Sambara."),
                ("Penelitian", "Petugas meneliti data kendaraan dan alasan permohonan."),
                ("Keputusan", "Kepala Bapenda atau pejabat yang ditunjuk menetapkan keputusan."),
            ),
            "time_limit_days": 5,
            "fee_amount": 0,
            "fee_legal_basis": "Permohonan tidak dipungut biaya; PKB terutang dibayar sesuai ketetapan pajak.",
            "product": "Keputusan pengurangan atau penghapusan sanksi administratif PKB",
            "legal_basis": [
                UU_HKPD,
                PP_KUPDRD,
                "Perda Provinsi Jawa Barat 9/2023 tentang Pajak Daerah dan Retribusi Daerah",
            ],
        },
        unit="Bidang Pajak Daerah",
        omit=("supervision", "security", "evaluation"),
    ),
    # Dinas Perhubungan Provinsi Jawa Barat: staffing left empty on purpose.
    ServiceSpec(
        "izin-angkutan-akdp-jabar",
        "dishub-jabar",
        "transportasi",
        "Izin Penyelenggaraan Angkutan Orang dalam Trayek Antarkota dalam Provinsi (AKDP)",
        "Licence for scheduled intercity bus services within the province (AKDP)",
        {
            "summary": (
                "Izin bagi perusahaan angkutan umum untuk melayani trayek antarkota dalam Provinsi "
                "Jawa Barat dengan kendaraan bermotor umum."
            ),
            "requirements": [
                datum("Nomor Induk Berusaha (NIB)", "KBLI angkutan bus antarkota."),
                doc("Akta pendirian badan hukum", "", PDF),
                doc("Daftar kendaraan dan STNK", "", PDF),
                doc("Bukti lulus uji berkala (BLUe)", "Untuk setiap kendaraan.", PDF),
                doc("Surat pernyataan kesanggupan menyediakan pool dan fasilitas perawatan", "", PDF),
            ],
            "procedure": steps(
                ("Pengajuan", "Melalui OSS dan portal perizinan provinsi."),
                ("Verifikasi", "Bidang angkutan memeriksa dokumen dan kebutuhan trayek."),
                ("Pemeriksaan fisik", "Pemeriksaan pool dan kendaraan."),
                ("Penerbitan", "Izin dan kartu pengawasan kendaraan terbit."),
            ),
            "time_limit_days": 14,
            "fee_amount": 0,
            "fee_legal_basis": ("Tidak dipungut biaya; izin trayek bukan lagi objek retribusi menurut UU 1/2022."),
            "product": "Izin penyelenggaraan angkutan dan kartu pengawasan kendaraan",
            # The dishub profile describes a testing station; a route licence needs its own texts.
            "facilities": (
                "Ruang layanan perizinan dengan ruang tunggu, loket prioritas bagi penyandang "
                "disabilitas, lansia, dan ibu hamil, jalur landai, dan toilet difabel."
            ),
            "competence": "Memahami peraturan angkutan jalan, kebutuhan trayek, dan sistem OSS.",
            "guarantee": "Izin terbit sesuai jangka waktu bila persyaratan lengkap dan kendaraan laik jalan.",
            "security": (
                "Izin dan kartu pengawasan bertanda tangan elektronik berkode QR yang dapat diperiksa petugas di jalan."
            ),
            "legal_basis": [
                UU_PELAYANAN_PUBLIK,
                "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan",
                PP_OSS,
                "Permenhub PM 15/2019 tentang Penyelenggaraan Angkutan Orang dengan Kendaraan "
                "Bermotor Umum dalam Trayek",
            ],
        },
        unit="Bidang Angkutan",
        audience="business",
        channels=("online",),
        omit=("staffing",),
    ),
    # DPMPTSP Kota Bandung
    ServiceSpec(
        "slf-kota-bandung",
        "dpmptsp-kota-bandung",
        "pertanahan-bangunan",
        "Sertifikat Laik Fungsi (SLF)",
        "Certificate of building fitness for use (SLF)",
        {
            "summary": (
                "Sertifikat yang menyatakan bangunan gedung laik fungsi secara administratif dan "
                "teknis sebelum dimanfaatkan; diajukan melalui SIMBG setelah bangunan selesai sesuai "
                "PBG."
            ),
            "requirements": [
                datum("Nomor PBG"),
                doc("Surat pernyataan kelaikan fungsi", "Dari penyedia jasa pengawasan atau pengkaji teknis.", PDF),
                doc("Laporan pemeriksaan kelaikan fungsi", "", PDF),
                doc("Gambar terbangun (as built drawing)", "", PDF),
                doc("Foto bangunan", "Tampak depan, samping, dan dalam.", IMG),
            ],
            "procedure": steps(
                ("Pendaftaran di SIMBG", "Pemohon mengunggah dokumen kelaikan fungsi."),
                ("Pemeriksaan dokumen", "Dinas teknis memeriksa kelengkapan dan kesesuaian dengan PBG."),
                ("Inspeksi", "Pemeriksaan lapangan bila diperlukan."),
                ("Penerbitan", "SLF dan nomor registrasi SLF terbit elektronik."),
            ),
            "time_limit_days": 7,
            "fee_amount": 0,
            "fee_legal_basis": "Tidak dipungut biaya; retribusi hanya dikenakan pada PBG (UU 1/2022).",
            "product": "Sertifikat Laik Fungsi (SLF) bertanda tangan elektronik",
            "legal_basis": [UU_PELAYANAN_PUBLIK, *BANGUNAN_GEDUNG],
        },
        unit="Bidang Pelayanan Perizinan",
        channels=("online", "assisted"),
    ),
    ServiceSpec(
        "sip-bidan-kota-bandung",
        "dpmptsp-kota-bandung",
        "kesehatan",
        "Surat Izin Praktik Bidan (SIPB)",
        "Midwife practice licence (SIPB)",
        izin_praktik(
            "bidan",
            "Surat Izin Praktik Bidan (SIPB)",
            "Permenkes 28/2017 tentang Izin dan Penyelenggaraan Praktik Bidan",
        ),
        unit="Bidang Pelayanan Perizinan",
    ),
    ServiceSpec(
        "surat-izin-apotek-kota-bandung",
        "dpmptsp-kota-bandung",
        "kesehatan",
        "Surat Izin Apotek (SIA)",
        "Pharmacy licence (SIA)",
        surat_izin_apotek(),
        unit="Bidang Pelayanan Perizinan",
        audience="business",
        channels=("online",),
    ),
    # Disdukcapil Kota Bandung
    ServiceSpec(
        "akta-kelahiran-kota-bandung",
        "disdukcapil-kota-bandung",
        "kependudukan",
        "Akta Kelahiran",
        "Birth certificate",
        akta_kelahiran("Kota Bandung"),
        unit="Bidang Pelayanan Pencatatan Sipil",
        revisions=(AKTA_BANDUNG_V2,),
    ),
    ServiceSpec(
        "ktp-el-kota-bandung",
        "disdukcapil-kota-bandung",
        "kependudukan",
        "Kartu Tanda Penduduk Elektronik (KTP-el)",
        "Electronic identity card (KTP-el)",
        ktp_el("Kota Bandung"),
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ServiceSpec(
        "kia-kota-bandung",
        "disdukcapil-kota-bandung",
        "kependudukan",
        "Kartu Identitas Anak (KIA)",
        "Child identity card (KIA)",
        kia("Kota Bandung"),
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ServiceSpec(
        "perubahan-data-kk-kota-bandung",
        "disdukcapil-kota-bandung",
        "kependudukan",
        "Perubahan Data Kartu Keluarga (KK)",
        "Updating the family card (KK)",
        {
            "summary": (
                "Perubahan elemen data pada Kartu Keluarga, misalnya pendidikan, pekerjaan, status "
                "perkawinan, atau penambahan dan pengurangan anggota keluarga."
            ),
            "requirements": [
                datum("Nomor KK dan NIK anggota yang datanya berubah"),
                doc("Dokumen bukti perubahan", "Misalnya ijazah, akta perkawinan, atau akta kematian."),
                doc("Formulir pendaftaran peristiwa kependudukan (F-1.02)", "", PDF),
            ],
            "procedure": steps(
                ("Pengajuan", "Daring, melalui kelurahan, atau di loket dinas."),
                ("Verifikasi", "Petugas mencocokkan dokumen bukti dengan data SIAK."),
                ("Penerbitan", "KK baru terbit elektronik dan dicetak sendiri di kertas HVS A4 80 gram."),
            ),
            "time_limit_days": 1,
            "fee_amount": 0,
            "fee_legal_basis": FREE_ADMINDUK,
            "product": "Kartu Keluarga (KK) yang diperbarui",
            "legal_basis": [UU_PELAYANAN_PUBLIK, *ADMINDUK],
        },
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ServiceSpec(
        "skpwni-kota-bandung",
        "disdukcapil-kota-bandung",
        "kependudukan",
        "Surat Keterangan Pindah WNI (SKPWNI)",
        "Change-of-residence certificate (SKPWNI)",
        skpwni("Kota Bandung"),
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    # Dinas Kesehatan Kabupaten Bandung
    ServiceSpec(
        "sip-perawat-kab-bandung",
        "dinkes-kab-bandung",
        "kesehatan",
        "Surat Izin Praktik Perawat (SIPP)",
        "Nurse practice licence (SIPP)",
        izin_praktik(
            "perawat",
            "Surat Izin Praktik Perawat (SIPP)",
            "Permenkes 26/2019 tentang Peraturan Pelaksanaan UU 38/2014 tentang Keperawatan",
        ),
        unit="Seksi Perizinan Tenaga Kesehatan",
    ),
    ServiceSpec(
        "izin-operasional-klinik-kab-bandung",
        "dinkes-kab-bandung",
        "kesehatan",
        "Izin Operasional Klinik Pratama",
        "Operating licence for a primary care clinic",
        {
            "summary": (
                "Izin operasional bagi klinik pratama (pelayanan medik dasar) di Kabupaten Bandung, "
                "diajukan melalui OSS dan diverifikasi dinas kesehatan."
            ),
            "requirements": [
                datum("Nomor Induk Berusaha (NIB)"),
                doc("Profil klinik", "Struktur organisasi, jenis layanan, dan jam buka.", PDF),
                doc("Daftar tenaga medis dan tenaga kesehatan dengan STR dan SIP", "", PDF),
                doc("Denah bangunan dan PBG/SLF", "", PDF),
                doc("Dokumen lingkungan", "SPPL atau UKL-UPL.", PDF),
                doc("Perjanjian pengelolaan limbah medis B3", "Dengan pengolah limbah berizin.", PDF),
            ],
            "procedure": steps(
                ("Pengajuan di OSS", "Pemohon mengajukan sertifikat standar klinik di oss.go.id."),
                ("Verifikasi dokumen", "Seksi perizinan memeriksa dokumen."),
                ("Visitasi", "Tim memeriksa bangunan, sarana, alat kesehatan, dan tenaga."),
                ("Penerbitan", "Sertifikat standar terverifikasi; klinik diregistrasi di Kemenkes."),
            ),
            "time_limit_days": 14,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Izin Operasional Klinik Pratama (sertifikat standar terverifikasi di OSS)",
            "legal_basis": [UU_PELAYANAN_PUBLIK, UU_KESEHATAN, PP_OSS, PERMENKES_14, "Permenkes 9/2014 tentang Klinik"],
        },
        unit="Seksi Perizinan Fasilitas Kesehatan",
        audience="business",
        channels=("online",),
    ),
    ServiceSpec(
        "spp-irt-kab-bandung",
        "dinkes-kab-bandung",
        "perizinan-usaha",
        "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)",
        "Home-industry food production certificate (SPP-IRT)",
        {
            "summary": (
                "Sertifikat bagi usaha mikro dan kecil yang memproduksi pangan olahan di rumah "
                "tangga, misalnya keripik, kue kering, atau sambal kemasan, agar boleh diedarkan."
            ),
            "requirements": [
                datum("Nomor Induk Berusaha (NIB)", "Usaha mikro atau kecil."),
                doc("Sertifikat Penyuluhan Keamanan Pangan (PKP)", "", PDF),
                doc("Rancangan label pangan", "", PDF_IMG),
                doc("Foto sarana produksi", "Ruang produksi dan peralatan.", IMG),
            ],
            "procedure": steps(
                ("Pengajuan di OSS", "Pelaku usaha mengajukan SPP-IRT di oss.go.id."),
                ("Penyuluhan keamanan pangan", "Bila belum punya sertifikat PKP, ikut penyuluhan dinas."),
                ("Pemeriksaan sarana produksi", "Petugas memeriksa cara produksi pangan yang baik."),
                ("Penerbitan", "SPP-IRT dan nomor P-IRT terbit melalui OSS."),
            ),
            "time_limit_days": 14,
            "fee_amount": 0,
            "fee_legal_basis": "Tidak dipungut biaya bagi usaha mikro dan kecil.",
            "product": "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT) dan nomor P-IRT",
            "legal_basis": [
                "UU 18/2012 tentang Pangan",
                "PP 86/2019 tentang Keamanan Pangan",
                PP_OSS,
                "Peraturan BPOM 22/2018 tentang Pedoman Pemberian SPP-IRT",
            ],
        },
        unit="Seksi Kefarmasian dan Pangan",
        audience="business",
        channels=("online", "assisted"),
    ),
    # Dinas Sosial Kota Depok: two management components left empty on purpose.
    ServiceSpec(
        "sktm-kota-depok",
        "dinsos-kota-depok",
        "sosial",
        "Surat Keterangan Tidak Mampu (SKTM)",
        "Certificate of low income (SKTM)",
        {
            "summary": (
                "Surat keterangan bagi keluarga tidak mampu untuk keringanan biaya pendidikan, "
                "jaminan kesehatan, atau bantuan hukum; status diperiksa pada Data Tunggal Sosial dan "
                "Ekonomi Nasional (DTSEN)."
            ),
            "requirements": [
                doc("KTP-el pemohon"),
                datum("Nomor KK"),
                doc("Surat pengantar RT/RW dan kelurahan", "", PDF_IMG),
                datum("Keperluan SKTM", "Misalnya pendaftaran sekolah atau rumah sakit."),
            ],
            "procedure": steps(
                ("Pengajuan", "Di kelurahan atau loket dinas sosial."),
                ("Pemeriksaan data", "Operator memeriksa status keluarga di DTSEN."),
                ("Verifikasi lapangan", "Bila keluarga belum terdata, pendamping sosial berkunjung."),
                ("Penerbitan", "SKTM ditandatangani kepala dinas."),
            ),
            "time_limit_days": 3,
            "fee_amount": 0,
            "fee_legal_basis": FREE,
            "product": "Surat Keterangan Tidak Mampu (SKTM)",
            "legal_basis": [
                "UU 13/2011 tentang Penanganan Fakir Miskin",
                "Inpres 4/2025 tentang Data Tunggal Sosial dan Ekonomi Nasional",
                "Permensos 3/2021 tentang Pengelolaan Data Terpadu Kesejahteraan Sosial",
            ],
        },
        unit="Bidang Perlindungan dan Jaminan Sosial",
        channels=("counter", "assisted"),
        omit=("competence", "evaluation"),
    ),
    # Kota Banjarmasin (WITA)
    ServiceSpec(
        "akta-kelahiran-kota-banjarmasin",
        "disdukcapil-kota-banjarmasin",
        "kependudukan",
        "Akta Kelahiran",
        "Birth certificate",
        akta_kelahiran("Kota Banjarmasin"),
        unit="Bidang Pelayanan Pencatatan Sipil",
    ),
    ServiceSpec(
        "kia-kota-banjarmasin",
        "disdukcapil-kota-banjarmasin",
        "kependudukan",
        "Kartu Identitas Anak (KIA)",
        "Child identity card (KIA)",
        kia("Kota Banjarmasin"),
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ServiceSpec(
        "skpwni-kota-banjarmasin",
        "disdukcapil-kota-banjarmasin",
        "kependudukan",
        "Surat Keterangan Pindah WNI (SKPWNI)",
        "Change-of-residence certificate (SKPWNI)",
        skpwni("Kota Banjarmasin"),
        unit="Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ServiceSpec(
        "surat-izin-apotek-kota-banjarmasin",
        "dpmptsp-kota-banjarmasin",
        "kesehatan",
        "Surat Izin Apotek (SIA)",
        "Pharmacy licence (SIA)",
        surat_izin_apotek(),
        unit="Bidang Pelayanan Perizinan",
        audience="business",
        channels=("online",),
    ),
    ServiceSpec(
        "izin-reklame-kota-banjarmasin",
        "dpmptsp-kota-banjarmasin",
        "perizinan-usaha",
        "Izin Penyelenggaraan Reklame",
        "Advertising and billboard permit",
        REKLAME,
        unit="Bidang Pelayanan Perizinan",
        audience="business",
    ),
    ServiceSpec(
        "uji-kir-kota-banjarmasin",
        "dishub-kota-banjarmasin",
        "transportasi",
        "Pengujian Berkala Kendaraan Bermotor (Uji KIR)",
        "Periodic roadworthiness test (KIR)",
        UJI_KIR,
        unit="UPT Pengujian Kendaraan Bermotor",
        audience="business",
        channels=("counter",),
        revisions=(UJI_KIR_V2,),
    ),
)

# Incomplete drafts, never published: what an editor is still working on.
DRAFTS = (
    ServiceSpec(
        "kenaikan-pangkat-asn-jabar",
        "bkd-jabar",
        "kepegawaian",
        "Kenaikan Pangkat Reguler",
        "Regular rank promotion",
        {
            "summary": (
                "Kenaikan pangkat reguler PNS pada periode 1 Februari, 1 April, 1 Juni, 1 Agustus, "
                "1 Oktober, dan 1 Desember."
            ),
            "requirements": [
                datum("NIP"),
                doc("SK pangkat terakhir", "", PDF),
                doc("Penilaian kinerja dua tahun terakhir", "", PDF),
            ],
            "legal_basis": [
                "UU 20/2023 tentang Aparatur Sipil Negara",
                "Peraturan BKN 4/2023 tentang Kenaikan Pangkat",
            ],
        },
        unit="Bidang Kesejahteraan dan Kinerja Pegawai",
        audience="employee",
        channels=("online",),
        draft_only=True,
    ),
    ServiceSpec(
        "akta-kematian-kota-banjarmasin",
        "disdukcapil-kota-banjarmasin",
        "kependudukan",
        "Akta Kematian",
        "Death certificate",
        {
            "requirements": [
                doc("Surat keterangan kematian", "Dari rumah sakit, puskesmas, atau kelurahan."),
                datum("NIK dan nomor KK almarhum"),
            ],
            "fee_amount": 0,
            "fee_legal_basis": FREE_ADMINDUK,
        },
        unit="Bidang Pelayanan Pencatatan Sipil",
        draft_only=True,
    ),
    ServiceSpec(
        "izin-usaha-angkutan-kab-bogor",
        "dpmptsp-kab-bogor",
        "transportasi",
        "Izin Usaha Angkutan",
        "Road transport business licence",
        {
            "summary": "Izin usaha bagi perusahaan angkutan orang atau barang di Kabupaten Bogor.",
        },
        unit="Bidang Pelayanan Perizinan",
        audience="business",
        draft_only=True,
    ),
)
