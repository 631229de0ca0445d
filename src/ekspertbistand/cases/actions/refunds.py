"""The refund's only writer: the employer's claim (cost lines, the invoice, sending), NAV's
check, approval, exception and correction, the payment export and its outcome (DOMAIN §3.7, §8).

Every function checks permission first, then changes one refund in one transaction with the
refund row locked, records an audit event and queues its side effects in the outbox.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions.grants import registered_account
from ekspertbistand.cases.models import Attachment, Grant, UnitMembership, User
from ekspertbistand.cases.permissions import NotAllowed, Role, can_act_for
from ekspertbistand.cases.uploads import check_upload
from ekspertbistand.domain import refunds as rules
from ekspertbistand.domain.errors import RuleViolation
from ekspertbistand.domain.refunds import ClaimCostKind, RefundState
from ekspertbistand.payments import pain001
from ekspertbistand.refunds import selectors as rs
from ekspertbistand.refunds.models import CostLine, Payment, PaymentExport, Refund, RefundCorrection


class RefundInvalid(ValueError):
    """What must be fixed, per field, in Norwegian."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Refusjonen kan ikke behandles ennå. Rett feilene under."))
        self.errors = errors


def _errors(problems: Sequence[RuleViolation]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


def _set_state(refund: Refund, new: RefundState) -> None:
    current = refund.state_enum
    if current != new:
        try:
            rules.check_transition(current, new)
        except rules.InvalidRefundTransition as error:
            raise NotAllowed(str(error)) from error
    refund.state = new.value
    refund.updated_at = timezone.now()


def _locked(grant: Grant, today: dt.date) -> Refund:
    """The grant's refund, created on first use, locked, its unclaimed state caught up with
    the dates (not yet claimable → ready to claim)."""
    refund, _created = Refund.objects.get_or_create(grant=grant, defaults={"case": grant.case})
    refund = Refund.objects.select_for_update().select_related("grant__case__organisation").get(
        pk=refund.pk)
    shown = rs.state_of(refund.grant, refund, today)
    if refund.state_enum != shown and refund.state not in rs.CLAIMED_OR_LATER:
        refund.state = shown.value  # the dates moved it; not a user's transition
    return refund


# --- The employer -------------------------------------------------------------------------

def require_employer(actor: User, grant: Grant) -> None:
    if not can_act_for(actor, grant.case.organisation):
        raise NotAllowed(_("Du har ikke tilgang til å søke om refusjon for %(name)s.")
                         % {"name": grant.case.organisation.name})


@dataclass(frozen=True)
class LineInput:
    kind: str
    hours: str = ""  # as typed: «7,5»
    rate_kr: str = ""
    amount_kr: str = ""


def _whole(value: str) -> int | None:
    value = value.strip().replace(" ", "").replace("\u00a0", "")
    return int(value) if value.isdigit() else None


def _hundredths(value: str) -> int | None:
    value = value.strip().replace(",", ".")
    if not value:
        return None
    whole, _sep, frac = value.partition(".")
    if not whole.isdigit() or (frac and (not frac.isdigit() or len(frac) > 2)):
        return None
    return int(whole) * 100 + int((frac + "00")[:2])


def parse_lines(lines: Sequence[LineInput]) -> tuple[list[rules.ClaimLine], dict[str, list[str]]]:
    """The lines the employer filled in; blank rows are skipped, a bad number is named."""
    parsed: list[rules.ClaimLine] = []
    errors: dict[str, list[str]] = {}
    for row in lines:
        if not (row.hours.strip() or row.rate_kr.strip() or row.amount_kr.strip()):
            continue
        try:
            kind = ClaimCostKind(row.kind)
        except ValueError:
            errors.setdefault("lines", []).append(_("Ukjent kostnadstype «%(kind)s».")
                                                  % {"kind": row.kind})
            continue
        label = rules.CLAIM_COST_KIND_LABELS[kind]
        if kind in rules.HOURLY_KINDS:
            hours, rate = _hundredths(row.hours), _whole(row.rate_kr)
            if hours is None or rate is None or hours == 0 or rate == 0:
                errors.setdefault(f"line_{kind.value}", []).append(
                    _("%(label)s: skriv antall timer (for eksempel 7,5) og timeprisen i hele "
                      "kroner.") % {"label": label})
                continue
            parsed.append(rules.ClaimLine(kind, hours_hundredths=hours, hourly_rate_kr=rate))
        else:
            amount = _whole(row.amount_kr)
            if amount is None or amount == 0:
                errors.setdefault(f"line_{kind.value}", []).append(
                    _("%(label)s: skriv beløpet i hele kroner, uten komma.") % {"label": label})
                continue
            parsed.append(rules.ClaimLine(kind, amount_kr=amount))
    return parsed, errors


def save_claim(actor: User, grant: Grant, lines: Sequence[LineInput],
               invoice: UploadedFile | None = None, *,
               today: dt.date | None = None) -> tuple[Refund, dict[str, list[str]]]:
    """Store the cost lines and the invoice (the valid parts even when others are wrong, so
    nothing is lost); the errors say what to fix."""
    require_employer(actor, grant)
    today = today or timezone.localdate()
    parsed, errors = parse_lines(lines)
    checked = None
    if invoice is not None:
        try:
            checked = check_upload(invoice, field_label=_("Ekspertens faktura"))
        except ValidationError as error:
            errors.setdefault("invoice", []).extend(error.messages)
    with transaction.atomic():
        refund = _locked(grant, today)
        if refund.state not in (RefundState.NOT_YET_CLAIMABLE.value,
                                RefundState.READY_TO_CLAIM.value, RefundState.EXPIRED.value):
            raise NotAllowed(_("Kravet er sendt til NAV og kan ikke endres nå."))
        line_fields = {f"line_{kind.value}" for kind in ClaimCostKind} | {"lines"}
        if not errors.keys() & line_fields:
            refund.lines.all().delete()
            CostLine.objects.bulk_create([CostLine(
                refund=refund, kind=line.kind.value, hours_hundredths=line.hours_hundredths,
                hourly_rate_kr=line.hourly_rate_kr, amount_kr=line.amount_kr) for line in parsed])
        if checked is not None:
            attachment = Attachment(case=grant.case, uploaded_by=actor, original_name=checked.name,
                                    content_type=checked.content_type, size=checked.size,
                                    sha256=checked.sha256)
            attachment.file.save(f"faktura.{checked.extension}", ContentFile(checked.content),
                                 save=False)
            attachment.save()
            refund.invoice = attachment
        amounts = rules.claim_amounts([line.as_domain() for line in refund.lines.all()],
                                      grant.amount_kr)
        refund.total_costs_kr, refund.refund_kr = amounts.total_costs_kr, amounts.refund_kr
        refund.employer_share_kr = amounts.employer_share_kr
        refund.save()
        audit.record("refund_saved", actor=actor, role=Role.EMPLOYER, case=grant.case,
                     grant=grant.number, total_kr=amounts.total_costs_kr)
    return refund, errors


def send_claim(actor: User, grant: Grant, *, requested_kr: int | None = None,
               today: dt.date | None = None) -> Refund:
    """Send the claim to NAV: every rule of the claim first, then the registered account."""
    require_employer(actor, grant)
    today = today or timezone.localdate()
    with transaction.atomic():
        refund = _locked(grant, today)
        facts = rs.claim_facts(grant, refund, today)
        if requested_kr is not None:
            facts = rules.ClaimFacts(**{**facts.__dict__, "requested_kr": requested_kr})
        problems = rules.check_claim(facts, rs.policy_for(grant.case))
        if problems:
            raise RefundInvalid(_errors(problems))
        account = registered_account(grant.case)
        if account is None:
            raise RefundInvalid({"account": [_(
                "%(name)s har ikke registrert kontonummer hos NAV, så refusjonen kan ikke "
                "betales ut. Registrer kontonummeret i Altinn («Bankkontonummer for refusjoner "
                "fra NAV til arbeidsgiver») og send kravet igjen; det du har skrevet er lagret.")
                % {"name": grant.case.organisation.name}]})
        if refund.state == RefundState.EXPIRED.value:
            _set_state(refund, RefundState.READY_TO_CLAIM)
        _set_state(refund, RefundState.CLAIMED)
        amounts = rules.claim_amounts(facts.lines, grant.amount_kr)
        refund.total_costs_kr, refund.refund_kr = amounts.total_costs_kr, amounts.refund_kr
        refund.employer_share_kr = amounts.employer_share_kr
        refund.account_number = account
        refund.claimed_at, refund.claimed_by = timezone.now(), actor
        refund.return_comment = ""
        refund.save()
        audit.record("refund_claimed", actor=actor, role=Role.EMPLOYER, case=grant.case,
                     public=True, grant=grant.number, refund_kr=amounts.refund_kr)
        outbox.enqueue("notify_refund", f"claimed:{refund.pk}:{refund.claimed_at.isoformat()}",
                       refund_id=refund.pk, event="claimed")
    return refund


# --- NAV ----------------------------------------------------------------------------------

def require_nav(actor: User, grant: Grant) -> None:
    if not ds.handles(actor, grant.case):
        raise NotAllowed(_("Du jobber ikke i en NAV-enhet som behandler denne saken."))


def _claimed(grant: Grant, today: dt.date, *, action: str) -> Refund:
    refund = _locked(grant, today)
    if refund.state != RefundState.CLAIMED.value:
        raise NotAllowed(_("Refusjonen er «%(state)s», så du kan ikke %(action)s. Noen andre kan "
                           "ha behandlet den samtidig; siden viser den slik den er nå.")
                         % {"state": rules.REFUND_STATE_LABELS[refund.state_enum],
                            "action": action})
    return refund


def check_refund(actor: User, grant: Grant, *, today: dt.date | None = None) -> Refund:
    """The first step where the unit uses two steps: a case worker checks the claim."""
    require_nav(actor, grant)
    today = today or timezone.localdate()
    with transaction.atomic():
        refund = _claimed(grant, today, action=_("kontrollere kravet"))
        refund.checked_by, refund.checked_at = actor, timezone.now()
        refund.save()
        audit.record("refund_checked", actor=actor, role=Role.CASEWORKER, case=grant.case,
                     grant=grant.number)
    return refund


def approve_refund(actor: User, grant: Grant, *, today: dt.date | None = None) -> Refund:
    """Approve the payment. Two-step units: after another person's check, by a decider; never
    one's own check. One-step units: the check and the approval in one."""
    require_nav(actor, grant)
    today = today or timezone.localdate()
    with transaction.atomic():
        refund = _claimed(grant, today, action=_("godkjenne utbetalingen"))
        if ds.is_two_step(grant.case):
            if refund.checked_by_id is None:
                raise NotAllowed(_("Kravet må kontrolleres av en saksbehandler før en beslutter "
                                   "godkjenner utbetalingen."))
            if refund.checked_by_id == actor.pk:
                raise NotAllowed(_("Du kan ikke godkjenne et krav du selv har kontrollert. En "
                                   "annen må godkjenne det."))
            if not ds.is_decider(actor, grant.case):
                raise NotAllowed(_("Bare en beslutter i %(unit)s kan godkjenne utbetalingen.")
                                 % {"unit": ds.deciding_unit(grant.case).name})
        else:
            refund.checked_by, refund.checked_at = actor, timezone.now()
        _set_state(refund, RefundState.APPROVED)
        refund.approved_by, refund.approved_at = actor, timezone.now()
        refund.save()
        _new_payment(refund, refund.refund_kr)
        audit.record("refund_approved", actor=actor, role=Role.CASEWORKER, case=grant.case,
                     public=True, grant=grant.number, refund_kr=refund.refund_kr)
        outbox.enqueue("notify_refund", f"approved:{refund.pk}:{refund.payments.count()}",
                       refund_id=refund.pk, event="approved")
    return refund


def _new_payment(refund: Refund, amount_kr: int) -> Payment:
    number = refund.payments.count() + 1
    return Payment.objects.create(refund=refund, amount_kr=amount_kr,
                                  account_number=refund.account_number,
                                  reference=f"{refund.grant.number}-{number}")


def return_claim(actor: User, grant: Grant, *, comment: str,
                 today: dt.date | None = None) -> Refund:
    """Send the claim back to the employer for changes (it is ready to claim again)."""
    require_nav(actor, grant)
    if not comment.strip():
        raise RefundInvalid({"comment": [_("Skriv hva arbeidsgiveren må rette i kravet.")]})
    today = today or timezone.localdate()
    with transaction.atomic():
        refund = _claimed(grant, today, action=_("sende kravet tilbake"))
        _set_state(refund, RefundState.READY_TO_CLAIM)
        refund.return_comment = comment.strip()
        refund.checked_by = None
        refund.save()
        audit.record("refund_returned", actor=actor, role=Role.CASEWORKER, case=grant.case,
                     public=True, grant=grant.number)
    return refund


def record_exception(actor: User, grant: Grant, *, reason: str,
                     today: dt.date | None = None) -> Refund:
    """NAV's exception to the limitation period, with its reason: a late claim may be sent,
    and a grant that expired for it is active again."""
    require_nav(actor, grant)
    problems = rules.check_exception(reason)
    if problems:
        raise RefundInvalid(_errors(problems))
    today = today or timezone.localdate()
    with transaction.atomic():
        refund = _locked(grant, today)
        if refund.state in rs.CLAIMED_OR_LATER:
            raise NotAllowed(_("Kravet er allerede sendt; et unntak fra fristen trengs ikke."))
        locked_grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if locked_grant.state == Grant.State.EXPIRED:
            locked_grant.state, locked_grant.ended_at = Grant.State.ACTIVE, None
            locked_grant.save()
        elif locked_grant.state != Grant.State.ACTIVE:
            raise NotAllowed(_("Tilsagnet er ikke gjeldende, så et unntak kan ikke registreres."))
        refund.exception_reason, refund.exception_on = reason.strip(), today
        refund.exception_by = actor
        refund.state = RefundState.READY_TO_CLAIM.value
        refund.updated_at = timezone.now()
        refund.save()
        audit.record("refund_exception", actor=actor, role=Role.CASEWORKER, case=grant.case,
                     public=True, grant=grant.number)
    return refund


def correct_refund(actor: User, grant: Grant, *, kind: str, amount_kr: int | None,
                   reason: str) -> Refund:
    """An extra payment (a new payment for export) or a recovery after payment, with a reason."""
    require_nav(actor, grant)
    try:
        correction = rules.Correction(rules.CorrectionKind(kind), amount_kr or 0, reason)
    except ValueError as error:
        raise RefundInvalid({"kind": [_("Velg etterbetaling eller tilbakekreving.")]}) from error
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(grant=grant)
        if refund.state not in rs.SETTLED:
            raise NotAllowed(_("Bare en utbetalt refusjon kan korrigeres."))
        problems = rules.check_correction(refund.paid_kr, grant.amount_kr, correction)
        if problems:
            raise RefundInvalid(_errors(problems))
        RefundCorrection.objects.create(refund=refund, kind=correction.kind.value,
                                        amount_kr=correction.amount_kr,
                                        reason=correction.reason.strip(), made_by=actor)
        _set_state(refund, RefundState.CORRECTED)
        if correction.kind is rules.CorrectionKind.EXTRA_PAYMENT:
            _new_payment(refund, correction.amount_kr)  # spent once it is marked paid
        else:
            refund.paid_kr -= correction.amount_kr
        refund.save()
        audit.record("refund_corrected", actor=actor, role=Role.CASEWORKER, case=grant.case,
                     public=True, grant=grant.number, kind=correction.kind.value,
                     amount_kr=correction.amount_kr)
    return refund


# --- The payment export -------------------------------------------------------------------

def require_payment_staff(actor: User) -> None:
    if not (actor.is_staff or UnitMembership.objects.filter(
            user=actor, role=UnitMembership.Role.DECIDER).exists()):
        raise NotAllowed(_("Bare besluttere og NAV-administratorer kan ta ut betalinger."))


def debtor() -> pain001.Debtor:
    return pain001.Debtor(settings.PAYMENT_DEBTOR_NAME, settings.PAYMENT_DEBTOR_ORGNR,
                          settings.PAYMENT_DEBTOR_ACCOUNT)


def export_payments(actor: User, *, today: dt.date | None = None) -> PaymentExport:
    """Every approved payment not yet exported, in one new export. The rows are locked and
    stamped in one transaction, so two exports at once never carry the same payment."""
    require_payment_staff(actor)
    today = today or timezone.localdate()
    with transaction.atomic():
        payments = list(Payment.objects.select_for_update().filter(
            state=Payment.State.APPROVED, export__isnull=True).order_by("id"))
        records = []
        for payment in Payment.objects.filter(pk__in=[p.pk for p in payments]).select_related(
                "refund__grant", "refund__case__organisation"):
            organisation = payment.refund.case.organisation
            records.append(pain001.PaymentRecord.in_kroner(
                payment.reference, payment.amount_kr, organisation.orgnr, organisation.name,
                payment.account_number,
                _("Refusjon ekspertbistand, tilsagn %(number)s") % {
                    "number": payment.refund.grant.number}))
        export_id = f"EB-{today:%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"
        try:
            built = pain001.build_export(export_id, records, debtor=debtor(),
                                         created_at=timezone.now(), execution_date=today)
        except pain001.PaymentExportError as error:
            raise RefundInvalid({"export": error.problems}) from error
        export = PaymentExport.objects.create(export_id=export_id, created_by=actor,
                                              pain001=pain001.to_pain001(built),
                                              json=pain001.to_json(built))
        stamped = Payment.objects.filter(pk__in=[p.pk for p in payments],
                                         export__isnull=True).update(
            export=export, state=Payment.State.EXPORTED)
        if stamped != len(payments):  # cannot happen under the lock; refuse rather than pay twice
            raise NotAllowed(_("Betalingene ble tatt ut av noen andre samtidig. Prøv igjen."))
        audit.record("payments_exported", actor=actor, role=Role.CASEWORKER,
                     export=export_id, count=len(payments))
    return export


def _exported(payment: Payment) -> tuple[Payment, Refund]:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state != Payment.State.EXPORTED:
        raise NotAllowed(_("Betalingen %(reference)s er «%(state)s» og kan ikke endres nå.")
                         % {"reference": payment.reference, "state": payment.get_state_display()})
    return payment, Refund.objects.select_for_update().select_related("grant").get(
        pk=payment.refund_id)


def mark_paid(actor: User, payment: Payment) -> Payment:
    """The bank paid: the refund spends from the budget and the rest of the grant is released;
    the receipt is archived once."""
    require_payment_staff(actor)
    with transaction.atomic():
        payment, refund = _exported(payment)
        payment.state = Payment.State.PAID
        payment.save()
        if refund.state in (RefundState.APPROVED.value, RefundState.PAYMENT_FAILED.value):
            _set_state(refund, RefundState.PAID)
        refund.paid_kr += payment.amount_kr
        refund.save()
        audit.record("refund_paid", actor=actor, role=Role.CASEWORKER, case=refund.case,
                     public=True, grant=refund.grant.number, amount_kr=payment.amount_kr)
        outbox.enqueue("archive_refund_receipt", f"{refund.pk}:{payment.reference}",
                       refund_id=refund.pk, reference=payment.reference)
        outbox.enqueue("notify_refund", f"paid:{payment.reference}", refund_id=refund.pk,
                       event="paid")
    return payment


def mark_failed(actor: User, payment: Payment, *, reason: str) -> Payment:
    require_payment_staff(actor)
    if not reason.strip():
        raise RefundInvalid({"reason": [_("Skriv hva banken svarte, for eksempel «ukjent "
                                          "konto».")]})
    with transaction.atomic():
        payment, refund = _exported(payment)
        payment.state, payment.failure_reason = Payment.State.FAILED, reason.strip()
        payment.save()
        if refund.state == RefundState.APPROVED.value:
            _set_state(refund, RefundState.PAYMENT_FAILED)
            refund.save()
        audit.record("refund_payment_failed", actor=actor, role=Role.CASEWORKER,
                     case=refund.case, public=True, grant=refund.grant.number)
        outbox.enqueue("notify_refund", f"failed:{payment.reference}", refund_id=refund.pk,
                       event="failed")
    return payment


def retry_payment(actor: User, grant: Grant) -> Refund:
    """After a failed payment: the account is read again from the register and a new payment
    is approved for the next export."""
    require_nav(actor, grant)
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(grant=grant)
        if refund.state != RefundState.PAYMENT_FAILED.value:
            raise NotAllowed(_("Bare en utbetaling som feilet kan prøves på nytt."))
        account = registered_account(grant.case)
        if account is None:
            raise RefundInvalid({"account": [_(
                "%(name)s har fortsatt ikke registrert kontonummer. Be arbeidsgiveren registrere "
                "det i Altinn før du prøver igjen.") % {"name": grant.case.organisation.name}]})
        refund.account_number = account
        _set_state(refund, RefundState.APPROVED)
        refund.save()
        _new_payment(refund, refund.refund_kr)
        audit.record("refund_payment_retried", actor=actor, role=Role.CASEWORKER,
                     case=grant.case, grant=grant.number)
    return refund
