"""Drafts, saving steps, submission and withdrawal of an application."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases import routing as case_routing
from ekspertbistand.cases.application import (
    STEPS,
    STEPS_BY_SLUG,
    cleaned,
    raw_answers,
    step_errors,
)
from ekspertbistand.cases.models import Case, CaseRouting, Organisation, User
from ekspertbistand.cases.permissions import NotAllowed, Role, require_employer_access
from ekspertbistand.cases.selectors import form_progress, step_context
from ekspertbistand.domain.case_status import CaseStatus, ConsentStatus, check_transition
from ekspertbistand.domain.rates import rate_for_period
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS, last_kept_save_day
from ekspertbistand.domain.routing import RoutingFacts
from ekspertbistand.integrations import organisation_register, person_register
from ekspertbistand.integrations.enhetsregisteret import OrganisationInfo
from ekspertbistand.integrations.folkeregister import PersonInfo
from ekspertbistand.reference.models import Municipality

# The steps the employee reads before agreeing (portal/views/consent.py); changing one of
# them after the employee was asked means asking again.
STEPS_SHOWN_TO_EMPLOYEE = ("arbeidstaker", "behov", "ekspert", "periode")


class ApplicationIncomplete(ValueError):
    """The application cannot be submitted yet; ``errors`` says what to fix, per step."""

    def __init__(self, errors: dict[str, dict[str, list[str]]]) -> None:
        super().__init__(_("Søknaden er ikke ferdig utfylt."))
        self.errors = errors


def organisation_from_register(orgnr: str) -> Organisation:
    """The organisation as Enhetsregisteret knows it, stored or refreshed locally."""
    info: OrganisationInfo | None = organisation_register().lookup(orgnr)
    if info is None:
        raise NotAllowed(_("Fant ikke organisasjonsnummer %(orgnr)s i Enhetsregisteret. "
                         "Sjekk nummeret.") % {"orgnr": orgnr})
    organisation, _created = Organisation.objects.update_or_create(
        orgnr=orgnr,
        defaults={
            "name": info.name,
            "municipality": Municipality.objects.filter(number=info.municipality_number).first(),
            "sector_code": info.sector_code,
            "nace_code": info.nace_code,
            "employee_count": info.employee_count,
            "business_address": info.business_address,
            "refreshed_at": timezone.now(),
        },
    )
    return organisation


def create_draft(actor: User, organisation: Organisation, *, confirmed: bool = False) -> Case:
    """A new draft. ``confirmed``: the employer ticked the intro page's two confirmations
    (answer correctly; fill it in together with the employee), recorded in the audit log."""
    require_employer_access(actor, organisation)
    with transaction.atomic():
        case = Case.objects.create(organisation=organisation, created_by=actor)
        audit.record("draft_created", actor=actor, role=Role.EMPLOYER, case=case, public=True,
                     **({"confirmed": True} if confirmed else {}))
    return case


def start_application(actor: User, organisation: Organisation, data: Any
                      ) -> tuple[Case, dict[str, list[str]]]:
    """The draft is made when the first step is saved, not when «Start ny søknad» is pressed,
    so starting and leaving leaves nothing behind. Returns the draft and the step's errors."""
    with transaction.atomic():
        case = create_draft(actor, organisation, confirmed=True)
        errors = save_step(actor, case, STEPS[0].slug, data)
    case.refresh_from_db()
    return case, errors


def lock_draft(actor: User, case: Case) -> Case:
    require_employer_access(actor, case.organisation)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.DRAFT:
        raise NotAllowed(_("Søknaden er sendt (%(reference)s) og kan ikke endres.")
                         % {"reference": locked.reference})
    return locked


def save_step(actor: User, case: Case, slug: str, data: Any) -> dict[str, list[str]]:
    """Store what was typed in a step, valid or not, and return the step's errors.

    Nothing typed is lost: invalid answers are kept so the user can fix them later.
    """
    step = STEPS_BY_SLUG[slug]
    with transaction.atomic():
        case = lock_draft(actor, case)
        before = case.answers.get(slug)
        case.answers = {**case.answers, slug: raw_answers(step.form, data)}
        form = step.form(case.answers[slug], context=step_context(case))
        errors = {} if form.is_valid() else {k: [str(m) for m in v]
                                             for k, v in form.errors.items()}
        if slug in STEPS_SHOWN_TO_EMPLOYEE and before != case.answers[slug]:
            _retire_consent(actor, case, slug)
        if slug == "arbeidstaker" and not errors:
            case.employee_national_id = form.cleaned_data["employee_national_id"]
            case.employee_name = form.cleaned_data["employee_name"]
        case.steps_done, case.resume_step = form_progress(case)  # for «Mine saker»
        case.updated_at = timezone.now()
        case.save()
        audit.record("step_saved", actor=actor, role=Role.EMPLOYER, case=case, step=slug,
                     valid=not errors)
    return errors


def _retire_consent(actor: User, case: Case, slug: str) -> None:
    """The employee agreed to (or was asked about) what they were shown; a change to it makes
    the request void and needs a new answer. The employee is told, and the employer sees at
    once which step made it void."""
    if case.consent_status == ConsentStatus.NOT_REQUESTED:
        return
    if case.consent_status == ConsentStatus.MUST_ASK_AGAIN:
        voided = case.consent_requests.exclude(voided_at=None).order_by("-voided_at").first()
        if voided is not None and slug not in voided.voided_steps:
            voided.voided_steps = [*voided.voided_steps, slug]
            voided.save(update_fields=["voided_steps"])
        return
    now = timezone.now()
    for request in case.consent_requests.filter(active=True):
        request.active = False
        request.voided_at = now
        request.voided_steps = [slug]
        request.save(update_fields=["active", "voided_at", "voided_steps"])
        outbox.enqueue("notify_consent_voided", str(request.pk), request_id=request.pk)
    case.consent_status = ConsentStatus.MUST_ASK_AGAIN
    audit.record("consent_reset", actor=actor, role=Role.EMPLOYER, case=case, public=True,
                 step=slug)


def delete_draft(actor: User, case: Case) -> None:
    with transaction.atomic():
        case = lock_draft(actor, case)
        audit.record("draft_deleted", actor=actor, role=Role.EMPLOYER, case=case)
        _empty_draft(case)


def delete_stale_drafts(today: dt.date | None = None) -> int:
    """Delete every draft nobody has saved for the retention horizon (domain.retention);
    run daily by ``manage.py delete_stale_drafts``. Idempotent: a second run the same day
    finds nothing. Returns how many were deleted."""
    today = today or timezone.localdate()
    kept_from = timezone.make_aware(dt.datetime.combine(last_kept_save_day(today), dt.time.min))
    deleted = 0
    for pk in (Case.objects.filter(status=CaseStatus.DRAFT, updated_at__lt=kept_from)
               .values_list("pk", flat=True)):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            if case.status != CaseStatus.DRAFT or case.updated_at >= kept_from:
                continue  # saved or sent meanwhile
            audit.record("draft_expired", actor=None, case=case,
                         days=DRAFT_RETENTION_DAYS)
            _empty_draft(case)
            deleted += 1
    return deleted


def _empty_draft(case: Case) -> None:
    """The draft's audit events keep the row (the log is append-only), so a deleted draft is
    emptied of every answer and marked deleted rather than removed."""
    case.consent_requests.all().delete()
    case.notices.all().delete()
    case.answers = {}
    case.employee_national_id = ""
    case.employee_name = ""
    case.status = CaseStatus.DELETED
    case.status_changed_at = timezone.now()
    case.save()


def route(case: Case, on: dt.date, person: PersonInfo | None) -> CaseRouting:
    """Where a submitted case goes, and why (DOMAIN §3.9, §8; ``domain/routing.py``): kode 6
    to NAV Vikafossen; a NAV office with delegated authority when employer and employee are
    in its municipality (and, where it asks for it, the employer has spoken with it); else the
    Arbeidslivssenter covering the employer's municipality. Stores the unit, the deciding unit
    and the reason on the case and in its routing history."""
    try:
        if case.organisation.municipality is None:
            raise LookupError(_("Kommunen virksomheten er registrert i er ukjent."))
        unit, deciding, routing = case_routing.route(RoutingFacts(
            on=on, employer_municipality=case.organisation.municipality.number,
            employee_municipality=(person.municipality_number or None) if person else None,
            address_protection=person.address_protection if person else "",
            nav_contact=str(case.answers.get("bht-og-nav", {}).get("nav_contact_name", ""))))
    except LookupError as error:
        raise NotAllowed(_("Vi fant ikke hvilken NAV-enhet som skal behandle søknaden (%(error)s). "
                         "Søknaden er lagret; kontakt NAV Arbeidslivssenter.") % {"error": error}) from error
    case.routed_unit = unit
    # Stored only when another unit decides (two-step), so queues find those few cases by index.
    case.deciding_unit = deciding if deciding.pk != unit.pk else None
    case.routing_reason = routing.reason
    return CaseRouting(case=case, unit=unit, deciding_unit=deciding, reason=routing.reason,
                       text=routing.text)


ATTEST_MISSING = gettext_lazy("Bekreft begge punktene før du sender søknaden.")
CONSENT_MISSING = {
    ConsentStatus.NOT_REQUESTED: lambda: _("Arbeidstakeren må samtykke før dere kan sende "
                                           "søknaden."),
    ConsentStatus.PENDING: lambda: _("Arbeidstakeren må samtykke før dere kan sende søknaden."),
    ConsentStatus.DECLINED: lambda: _("Arbeidstakeren har takket nei. Søknaden kan ikke sendes "
                                      "uten samtykke."),
    ConsentStatus.MUST_ASK_AGAIN: lambda: _("Søknaden er endret etter at arbeidstakeren ble "
                                            "spurt. Be arbeidstakeren om samtykke på nytt."),
}


@dataclass(frozen=True)
class Submission:
    """The case as sent, and whether this call sent it (``False``: it was sent before)."""

    case: Case
    first_time: bool


def submit_application(actor: User, case: Case, *, attested: bool,
                       today: dt.date | None = None) -> Case:
    """Send the application to NAV; see ``submit``."""
    return submit(actor, case, attested=attested, today=today).case


def submit(actor: User, case: Case, *, attested: bool, today: dt.date | None = None
           ) -> Submission:
    """Send the application to NAV. ``attested``: the employer confirmed that the answers
    are correct and were filled in together with the employee. A second submit of the same
    case changes nothing and returns the case as submitted the first time.

    Whether this call is the one that sent it is decided under the row lock: a state read
    before the lock could be stale when two submits arrive together."""
    require_employer_access(actor, case.organisation)
    today = today or timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.reference:
            return Submission(case, first_time=False)
        check_transition(case.status_enum, CaseStatus.SUBMITTED)
        context = step_context(case, today)
        errors = step_errors(context)
        if not attested:
            errors["oppsummering"] = {"__all__": [str(ATTEST_MISSING)]}
        if case.consent_status != ConsentStatus.AGREED:
            errors.setdefault("samtykke", {})["__all__"] = [CONSENT_MISSING[case.consent_enum]()]
        if errors:
            raise ApplicationIncomplete(errors)
        values = cleaned(context)
        person = person_register().lookup(values["employee_national_id"])
        protection = person.address_protection if person else ""
        routing = route(case, today, person)
        case.address_protection = protection
        case.expert_orgnr = values["expert_orgnr"]
        case.period_start, case.period_end = values["start_date"], values["end_date"]
        case.amount_applied = values["amount_applied"]
        case.max_rate = rate_for_period(values["start_date"], context.rate_table)
        case.status = CaseStatus.SUBMITTED
        case.submitted_at = case.status_changed_at = case.updated_at = timezone.now()
        case.reference = f"EB-{today.year}-{case.pk:06d}"
        case.save()
        routing.save()
        audit.record("submitted", actor=actor, role=Role.EMPLOYER, case=case, public=True,
                     unit=case.routed_unit.number)
        audit.record("routed", actor=None, case=case, unit=routing.unit.number,
                     deciding_unit=routing.deciding_unit.number, reason=routing.reason)
        outbox.enqueue("archive_receipt", str(case.public_id), case_id=case.pk)
        outbox.enqueue("notify_submitted", str(case.public_id), case_id=case.pk)
    return Submission(case, first_time=True)


WITHDRAW_REASON_MAX = 1000


def withdraw_application(actor: User, case: Case, reason: str = "") -> Case:
    """Withdraw a sent application, with an optional reason NAV sees on the case."""
    require_employer_access(actor, case.organisation)
    reason = reason.strip()
    if len(reason) > WITHDRAW_REASON_MAX:
        raise NotAllowed(_("Begrunnelsen kan være høyst %(max)s tegn. Korter den ned.")
                         % {"max": WITHDRAW_REASON_MAX})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status == CaseStatus.WITHDRAWN:
            return case
        check_transition(case.status_enum, CaseStatus.WITHDRAWN)
        case.status = CaseStatus.WITHDRAWN
        case.withdrawal_reason = reason
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("withdrawn", actor=actor, role=Role.EMPLOYER, case=case, public=True,
                     with_reason=bool(reason))
    return case

