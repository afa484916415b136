"""Signals other hr apps listen to."""

from django.dispatch import Signal

# Sent when an employee leaves the active registry (pension, death, transfer out, dismissal).
# kwargs: employee, on (date), reason (str: "pensiun", "meninggal", "pindah_keluar", "diberhentikan")
employee_left = Signal()
