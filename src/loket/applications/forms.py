"""Plain Django forms of the citizen pages (the application form itself is rendered by `render.py`)."""

from django import forms

from loket.core.i18n import tr_lazy
from loket.org.models import Region


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} ({region.parent.name})" if region.parent_id else region.name


class ProfileForm(forms.Form):
    """The citizen's identity. Checks of NIK and phone live in `services.save_profile` (one path for all)."""

    nik = forms.CharField(
        label=tr_lazy("NIK (Nomor Induk Kependudukan)", "NIK (national identity number)"),
        max_length=32,
        help_text=tr_lazy(
            "16 angka sesuai KTP-el atau Kartu Keluarga.", "16 digits, as on the e-ID card or family card."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(
        label=tr_lazy("Nama lengkap sesuai KTP-el", "Full name as on the e-ID card"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    address = forms.CharField(
        label=tr_lazy("Alamat", "Address"),
        required=False,
        max_length=1000,
        help_text=tr_lazy(
            "Jalan, nomor rumah, RT/RW, kelurahan/desa, kecamatan.", "Street, house number, RT/RW, village, district."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    region = RegionChoiceField(
        label=tr_lazy("Kabupaten/kota", "Regency/city"),
        required=False,
        queryset=Region.objects.filter(level__in=[Region.Level.KABUPATEN, Region.Level.KOTA]).select_related("parent"),
        empty_label=tr_lazy("— Pilih kabupaten/kota —", "— Choose a regency/city —"),
    )
    phone = forms.CharField(
        label=tr_lazy("Nomor HP", "Mobile number"),
        required=False,
        max_length=20,
        help_text=tr_lazy(
            "Untuk pemberitahuan status lewat SMS, mis. 0812 3456 7890.",
            "For status notifications by SMS, e.g. 0812 3456 7890.",
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, nik_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if nik_locked:
            # A saved NIK is shown masked and changed only by an officer (it identifies the person).
            del self.fields["nik"]


class LookupForm(forms.Form):
    tracking = forms.CharField(
        label=tr_lazy("Nomor permohonan", "Application number"),
        max_length=32,
        help_text=tr_lazy("Tertera pada tanda terima, mis. 3273-25-0000123.", "On your receipt, e.g. 3273-25-0000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    pin = forms.CharField(
        label=tr_lazy("PIN", "PIN"),
        max_length=12,
        help_text=tr_lazy("6 angka pada tanda terima.", "The 6 digits on your receipt."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_tracking(self):
        return "".join(self.cleaned_data["tracking"].split()).upper()

    def clean_pin(self):
        return "".join(self.cleaned_data["pin"].split())


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=tr_lazy("Alasan pencabutan (boleh dikosongkan)", "Reason for withdrawing (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
