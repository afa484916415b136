from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "loket.hr"
    label = "hr"

    def ready(self):
        from loket.core.jobs import register_periodic_job
        from loket.hr import jobs
        from loket.hr.messages import HR_MESSAGES

        register_periodic_job("hr", jobs.periodic_round, order=40)
        from loket.notify.messages import register

        register(HR_MESSAGES)

        from loket.documents import access
        from loket.hr.queries import record_holders_readable_by

        # HR documents (leave permits, KGB notices: subject types "hr.*") are personal records (UU 27/2022):
        # the documents office shows them only to whoever may read the employee's HR record.
        access.register_personal_subjects("hr.", record_holders_readable_by)

        from loket.documents import signers
        from loket.hr.queries import signer_identity

        # Decisions print their signer's name with titles, rank and NIP from the personnel register, and the
        # signing certificate names the person (not the account or the role).
        signers.register(signer_identity)

        from loket.hr.queries import official_user_of_applicant, stood_in_for, superior_user_of_applicant
        from loket.org import stand_ins
        from loket.workflow import addressees

        # Delegations (plh) apply to every person-addressed task of the engine; the chain of superiors, the
        # leave-granting official and the HR office of the employee's region address its steps. The
        # inspectorate has no single person in the registry yet: its steps fall back to their unit and role.
        stand_ins.register(stood_in_for)
        from loket.hr.queries import employee_niks, employee_niks_of, employees_with_accounts, has_employee_record
        from loket.org import people

        # A civil servant applying (leave, KGB) is known to the separation of duties by the NIK on their
        # employee record; employees who decide their team's leave without a back-office role declare their
        # relatives too, and those who oversee their agency see the declarations.
        people.register_niks("employee", employee_niks, bulk=employee_niks_of)
        people.register_members(employees_with_accounts, has_employee_record)
        from loket.hr.queries import hr_office_user_of_applicant, kgb_decision_page, leave_decision_page
        from loket.workflow import decisions

        # A leave case's steps are decided on e-Cuti's page (levels, changed dates, the signed permit); a KGB
        # case's on e-KGB's (BKD's register, the official's list to sign).
        decisions.register(leave_decision_page)
        decisions.register(kgb_decision_page)
        addressees.register("direct_superior", superior_user_of_applicant)
        addressees.register("signing_official", official_user_of_applicant)
        addressees.register("hr_office", hr_office_user_of_applicant)
        from loket.hr.queries import accounts_on_leave
        from loket.workflow import availability

        # An officer on approved leave is not given new tasks by a unit's automatic assignment policy.
        availability.register(accounts_on_leave)

        from loket.hr import cases

        cases.connect()  # the per-process memo of which service carries leave cases follows its changes

        from loket.applications.lifecycle import case_changed, refuse_withdrawal_when
        from loket.hr import receivers

        case_changed.connect(receivers.on_case_changed, dispatch_uid="loket.hr.case_changed")
        refuse_withdrawal_when(receivers.kgb_withdrawal_refusal)

        from django.db.models.signals import post_migrate

        from loket.hr.backfill import after_migrate

        # Leave requests and KGB drafts made before they ran on the engine get their case after every migrate.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="loket.hr.leave-cases")

        from loket.hr.promotion import services as promotion

        # A promotion case is decided on e-Pangkat's pages and, opened by BKD for the employee, is not withdrawn.
        decisions.register(promotion.decision_page)
        refuse_withdrawal_when(promotion.withdrawal_refusal)
        from loket.hr.functional import services as functional

        # A PAK case is decided on e-Fungsional's pages and, opened by BKD, is not withdrawn.
        decisions.register(functional.pak_decision_page)
        refuse_withdrawal_when(functional.pak_withdrawal_refusal)

        from loket.hr.pension import services as pension

        # A pension case is decided on e-Pensiun's pages; BKD stops it with a reason, the employee does not withdraw.
        decisions.register(pension.decision_page)
        refuse_withdrawal_when(pension.withdrawal_refusal)
        from loket.hr.transfer import services as transfers

        # A transfer case is decided on e-Mutasi's pages (both officials, the receiving BKD, the decree's signer) and
        # stopped by BKD with a reason; its steps are addressed to the people of both sides of the transfer.
        decisions.register(transfers.decision_page)
        refuse_withdrawal_when(transfers.withdrawal_refusal)
        addressees.register("sending_official", transfers.sending_official_of)
        addressees.register("receiving_official", transfers.receiving_official_of)
        addressees.register("receiving_hr_office", transfers.receiving_hr_office_of)
        addressees.register("transfer_signer", transfers.transfer_signer_of)
        from loket.hr.card import services as cards
        from loket.hr.signals import employee_left

        # e-Kartu: an employee who leaves the active registry (e-Pensiun, the registry) loses their card that day.
        employee_left.connect(cards.on_employee_left, dispatch_uid="loket.hr.card.employee_left")

        from loket.core import nav

        nav.register(
            order=30,
            indonesian="Kepegawaian saya",
            english="My civil-service records",
            url="/pegawai/",
            visible=_is_employee,
        )
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_on_login, dispatch_uid="loket.hr.is_employee")
        nav.register(
            area="office",
            order=60,
            indonesian="Kepegawaian (BKD)",
            english="Civil service (BKD)",
            url="/kantor/kepegawaian/",
            visible=_hr_staff,
        )


IS_EMPLOYEE_SECONDS = 600


def _is_employee(user) -> bool:
    """Whether the header shows the employee's link: found at login and remembered for a while per user,
    so that the pages of a signed-in user do not pay a query for it."""
    from django.core.cache import caches

    # A per-process memo ("pages" cache): a process that has not seen it asks the database once.
    known = caches["pages"].get(f"loket:hr:is-employee:{user.pk}")
    return _remember(user) if known is None else known


def _remember(user) -> bool:
    from django.core.cache import caches

    from loket.hr.queries import employee_of

    known = employee_of(user) is not None
    caches["pages"].set(f"loket:hr:is-employee:{user.pk}", known, IS_EMPLOYEE_SECONDS)
    return known


def _remember_on_login(sender, request, user, **kwargs):
    _remember(user)


def _hr_staff(user) -> bool:
    from loket.hr.queries import is_hr_reader

    return is_hr_reader(user)
