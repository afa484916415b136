"""The demo's e-Kartu: every active employee has one card in force whose QR verifies, and seeding again issues none."""

from django.utils import timezone

from loket.demo import cards as demo_cards
from loket.hr.card import rules
from loket.hr.card import services as cards
from loket.hr.models import Employee, EmployeeCard


def test_every_active_employee_has_one_verifiable_card(seeded, client):
    employees = cards.active(Employee.objects.filter(source="demo"))
    in_force = EmployeeCard.objects.filter(revoked_at__isnull=True, employee__in=employees)
    assert in_force.count() == employees.count() > 100
    card = in_force.order_by("pk").first()
    assert cards.check(card.token, today=timezone.localdate()).status == rules.VALID
    assert demo_cards.seed_demo() == 0
    assert client.get(f"/kartu/v/{card.token}").status_code == 200
