from django import forms

from loket.complaints import rules
from loket.complaints.services import BODY_MAX, TITLE_MAX
from loket.core.i18n import tr, tr_lazy


def _kind_choices():
    return [(kind, tr(*rules.KIND_LABELS[kind])) for kind in rules.KINDS if kind != rules.APPLICATION]


IDENTITY_CHOICES = (
    (
        rules.ANONYMOUS,
        tr_lazy(
            "Anonim — tanpa nama; Anda mengikuti dengan kode dan kata sandi",
            "Anonymous — no name; you follow with a code and secret",
        ),
    ),
    (
        rules.CONFIDENTIAL,
        tr_lazy("Rahasia — nama hanya diketahui Inspektorat", "Confidential — only the inspectorate knows your name"),
    ),
    (
        rules.IDENTIFIED,
        tr_lazy(
            "Terbuka — nama dan kontak diketahui petugas yang menangani",
            "Open — the handling officers know your name and contact",
        ),
    ),
)


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=tr_lazy("Jenis pengaduan", "Kind of complaint"), widget=forms.RadioSelect)
    service = forms.TypedChoiceField(
        label=tr_lazy("Layanan yang diadukan", "Service concerned"), coerce=int, empty_value=None, required=False
    )
    agency = forms.TypedChoiceField(
        label=tr_lazy("Atau instansinya", "Or its agency"), coerce=int, empty_value=None, required=False
    )
    title = forms.CharField(label=tr_lazy("Judul", "Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=tr_lazy("Apa yang terjadi", "What happened"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=tr_lazy(
            "Kapan, di mana, apa yang diminta atau dialami. Jangan menulis data pribadi orang lain yang tidak perlu.",
            "When, where, what was asked or what happened. Leave out other people's personal data you do not need.",
        ),
    )
    location = forms.CharField(
        label=tr_lazy("Lokasi (boleh dikosongkan)", "Place (optional)"), max_length=300, required=False
    )
    identity = forms.ChoiceField(
        label=tr_lazy("Identitas Anda", "Your identity"),
        choices=IDENTITY_CHOICES,
        widget=forms.RadioSelect,
        initial=rules.ANONYMOUS,
    )
    reporter_name = forms.CharField(label=tr_lazy("Nama", "Name"), max_length=150, required=False)
    reporter_contact = forms.CharField(
        label=tr_lazy("Nomor ponsel atau surel", "Mobile number or e-mail"), max_length=150, required=False
    )

    def __init__(self, *args, services=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        self.fields["service"].choices = [("", tr("— pilih layanan —", "— choose a service —")), *services]
        self.fields["agency"].choices = [("", tr("— pilih instansi —", "— choose an agency —")), *agencies]


class FollowForm(forms.Form):
    code = forms.CharField(
        label=tr_lazy("Kode pengaduan", "Receipt code"),
        max_length=24,
        help_text=tr_lazy("Mis. ADU-7K2Q-M9XD-F", "E.g. ADU-7K2Q-M9XD-F"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=tr_lazy("Kata sandi pengaduan", "Complaint secret"),
        max_length=24,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
