from django.urls import path

from loket.hr import views
from loket.hr.card import views as card_views
from loket.hr.functional import views as functional_views
from loket.hr.pension import views as pension_views
from loket.hr.performance import views as performance_views
from loket.hr.promotion import views as promotion_views
from loket.hr.transfer import views as transfer_views

app_name = "hr"

urlpatterns = [
    # self-service (every employee; unit heads also see their team)
    path("pegawai/", views.my_profile, name="profile"),
    path("pegawai/cuti/", views.my_leave, name="leave_list"),
    path("pegawai/cuti/baru/", views.leave_new, name="leave_new"),
    path("pegawai/cuti/<int:leave_id>/", views.leave_detail, name="leave_detail"),
    path("pegawai/cuti/<int:leave_id>/batal/", views.leave_withdraw, name="leave_withdraw"),
    path("pegawai/cuti/<int:leave_id>/putuskan/", views.decide, name="decide"),
    path("pegawai/cuti/<int:leave_id>/surat-izin/", views.permit, name="permit"),
    path("pegawai/dokumen/", views.my_documents, name="documents"),
    path("pegawai/persetujuan/", views.decisions, name="decisions"),
    path("pegawai/tim/", views.team, name="team"),
    path("pegawai/tim/<str:nip>/", views.team_member, name="team_member"),
    path("pegawai/delegasi/", views.delegation, name="delegation"),
    path("pegawai/angka-kredit/", functional_views.my_credit, name="credit"),
    path("pegawai/angka-kredit/tandatangani/", functional_views.pak_sign_list, name="pak_sign_list"),
    path("pegawai/angka-kredit/<int:pak_id>/tandatangani/", functional_views.pak_sign, name="pak_sign"),
    path("pegawai/kgb/", views.kgb_to_sign, name="kgb_to_sign"),
    path("pegawai/kgb/<int:decision_id>/", views.kgb_detail, name="kgb_detail"),
    path("pegawai/kgb/<int:decision_id>/tandatangani/", views.kgb_sign, name="kgb_sign"),
    # BKD back office
    path("kantor/kepegawaian/", views.hr_home, name="hr_home"),
    path("kantor/kepegawaian/pegawai/<str:nip>/", views.hr_employee, name="hr_employee"),
    path("kantor/kepegawaian/pegawai/<str:nip>/fungsional/", functional_views.hr_functional, name="hr_functional"),
    path("kantor/kepegawaian/angka-kredit/", functional_views.hr_paks, name="pak_register"),
    path("kantor/kepegawaian/angka-kredit/<int:pak_id>/", functional_views.pak_hr_detail, name="pak_hr_detail"),
    path("kantor/kepegawaian/impor/", views.hr_import, name="import"),
    path("kantor/kepegawaian/impor/<int:job_id>/", views.hr_import_job, name="import_job"),
    path("kantor/kepegawaian/kgb/", views.hr_kgb, name="kgb"),
    path("kantor/kepegawaian/kgb/<int:decision_id>/", views.hr_kgb_action, name="kgb_action"),
    path("kantor/kepegawaian/kgb/ekspor-gaji/", views.hr_kgb_payroll, name="kgb_payroll"),
    path("pegawai/kgb/<int:decision_id>/tunda/", views.kgb_defer, name="kgb_defer"),
    # performance ratings (SKP)
    path("pegawai/kinerja/", performance_views.team_ratings, name="performance_team"),
    path("kantor/kepegawaian/kinerja/impor/", performance_views.import_ratings, name="ratings_import"),
    path("kantor/kepegawaian/pegawai/<str:nip>/kinerja/", performance_views.hr_rate, name="hr_rate"),
    # e-Pangkat (rank promotion)
    path("pegawai/kenaikan-pangkat/", promotion_views.mine, name="promotion_mine"),
    path("pegawai/kenaikan-pangkat/tandatangani/", promotion_views.sign_list, name="promotion_sign_list"),
    path("pegawai/kenaikan-pangkat/<int:promotion_id>/", promotion_views.detail, name="promotion_detail"),
    path("pegawai/kenaikan-pangkat/<int:promotion_id>/tandatangani/", promotion_views.sign, name="promotion_sign"),
    path("kantor/kepegawaian/kenaikan-pangkat/", promotion_views.hr_period, name="promotion_period"),
    path(
        "kantor/kepegawaian/kenaikan-pangkat/<int:promotion_id>/",
        promotion_views.hr_detail,
        name="promotion_hr_detail",
    ),
    # e-Pensiun (pension files)
    path("pegawai/pensiun/", pension_views.mine, name="pension_mine"),
    path("pegawai/pensiun/tandatangani/", pension_views.sign_list, name="pension_sign_list"),
    path("pegawai/pensiun/<int:file_id>/tandatangani/", pension_views.sign, name="pension_sign"),
    path("kantor/kepegawaian/pensiun/", pension_views.hr_register, name="pension_register"),
    path("kantor/kepegawaian/pensiun/<int:file_id>/", pension_views.hr_detail, name="pension_hr_detail"),
    # e-Mutasi (transfers) and the formation (staffing quota) it reads
    path("pegawai/mutasi/", transfer_views.mine, name="transfer_mine"),
    path("pegawai/mutasi/setujui/", transfer_views.approve_list, name="transfer_approve_list"),
    path("pegawai/mutasi/<int:transfer_id>/setujui/", transfer_views.approve, name="transfer_approve"),
    path("pegawai/mutasi/tandatangani/", transfer_views.sign_list, name="transfer_sign_list"),
    path("pegawai/mutasi/<int:transfer_id>/tandatangani/", transfer_views.sign, name="transfer_sign"),
    path("kantor/kepegawaian/mutasi/", transfer_views.hr_register, name="transfer_register"),
    path("kantor/kepegawaian/mutasi/<int:transfer_id>/", transfer_views.hr_detail, name="transfer_hr_detail"),
    path("kantor/kepegawaian/formasi/", transfer_views.formation, name="transfer_formation"),
    # e-Kartu (the digital employee card): the holder, BKD, and the public verification (no login)
    path("pegawai/kartu/", card_views.mine, name="card_mine"),
    path("pegawai/kartu/kartu.pdf", card_views.mine_pdf, name="card_mine_pdf"),
    path("kantor/kepegawaian/kartu/", card_views.hr_list, name="card_hr_list"),
    path("kantor/kepegawaian/pegawai/<str:nip>/kartu/", card_views.hr_card, name="card_hr"),
    path("kantor/kepegawaian/pegawai/<str:nip>/kartu.pdf", card_views.hr_card_pdf, name="card_hr_pdf"),
    path("kartu/v/<str:token>", card_views.verify, name="card_verify"),
    path("kartu/kunci.json", card_views.keys, name="card_keys"),
    path("kartu/dicabut/<str:code>.cwt", card_views.revocations, name="card_revocations"),
    path("kartu/periksa/", card_views.verifier, name="card_verifier"),
]
