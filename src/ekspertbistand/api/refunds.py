"""The refund over the API: the employer's claim (cost lines, the invoice, sending) and NAV's
work (check, approve, return, the deadline exception, correction), the payment export as JSON
and pain.001, and the bank's answer. The same actions, rules and messages as the pages; a case
outside the caller's reach answers 404, a refused claim 422 with the fields, a state 409."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ekspertbistand.api.auth import acting
from ekspertbistand.api.decisions import _Unprocessable
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import ErrorOut, ValidationErrorOut
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import refunds as actions
from ekspertbistand.cases.models import Case, Grant
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.refunds import ClaimCostKind, RefundState
from ekspertbistand.refunds import selectors as rs
from ekspertbistand.refunds.models import Payment

router = Router(tags=["Refusjon"])

REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ACTION: dict[int, Any] = {409: ErrorOut, 422: ValidationErrorOut, **REFUSALS}


class CostLineIn(Schema):
    kind: ClaimCostKind
    hours: str = Field("", description="Timer for ekspertens timer, forberedelse og rapport, "
                                       "for eksempel «7,5».")
    rate_kr: str = Field("", description="Timepris i hele kroner.")
    amount_kr: str = Field("", description="Beløp i hele kroner for reise, kost og losji.")


class ClaimIn(Schema):
    lines: list[CostLineIn]


class SendIn(Schema):
    requested_kr: int | None = Field(None, description="Beløpet dere krever, høyst tilsagnet. "
                                                       "Tomt: kostnadene, høyst tilsagnet.")


class CostLineOut(Schema):
    kind: str
    label: str
    hours_hundredths: int
    hourly_rate_kr: int
    amount_kr: int
    total_kr: int


class MissingOut(Schema):
    field: str
    code: str
    message: str


class RefundOut(Schema):
    grant_number: str
    state: RefundState
    state_label: str
    next_step: str
    grant_amount_kr: int
    refund_deadline: dt.date
    total_costs_kr: int
    refund_kr: int
    employer_share_kr: int = Field(description="Kostnader over tilsagnet, som arbeidsgiveren dekker.")
    account_number: str = Field(description="Fra kontoregisteret ved innsending; aldri skrevet inn.")
    invoice_attached: bool
    report_required_first: bool
    lines: list[CostLineOut]
    missing: list[MissingOut] = Field(description="Det som hindrer innsending nå.")
    exception_reason: str


class ExceptionIn(Schema):
    reason: str


class ReturnIn(Schema):
    comment: str


class CorrectionIn(Schema):
    kind: str = Field(description="«extra_payment» (etterbetaling) eller «recovery» (tilbakekreving).")
    amount_kr: int
    reason: str


class FailedIn(Schema):
    reason: str


class PaymentOut(Schema):
    reference: str
    amount_kr: int
    orgnr: str
    account_number: str
    state: str
    export_id: str | None


def _act(call: Any) -> Any:
    try:
        with state_conflicts():
            return call()
    except actions.RefundInvalid as error:
        raise _Unprocessable(str(error), error.errors) from error


def _grant(case: Case) -> Grant:
    grant = rs.claim_grant(case)
    if grant is None:
        raise HttpError(404, "Saken har ikke noe tilsagn.")
    return grant


def _out(case: Case) -> dict[str, Any]:
    view = rs.overview(case, timezone.localdate())
    if view is None:
        raise HttpError(404, "Saken har ikke noe tilsagn.")
    refund = view.refund
    return {
        "grant_number": view.grant.number, "state": view.state, "state_label": view.label,
        "next_step": view.next_step, "grant_amount_kr": view.grant.amount_kr,
        "refund_deadline": view.grant.refund_deadline,
        "total_costs_kr": view.amounts.total_costs_kr, "refund_kr": view.amounts.refund_kr,
        "employer_share_kr": view.amounts.employer_share_kr,
        "account_number": refund.account_number if refund else "",
        "invoice_attached": bool(refund and refund.invoice_id),
        "report_required_first": view.report_first,
        "lines": [{"kind": line.kind, "label": line.get_kind_display(),
                   "hours_hundredths": line.hours_hundredths,
                   "hourly_rate_kr": line.hourly_rate_kr, "amount_kr": line.amount_kr,
                   "total_kr": line.as_domain().total_kr}
                  for line in (refund.lines.all() if refund else [])],
        "missing": [{"field": p.field, "code": p.code, "message": p.message} for p in view.missing],
        "exception_reason": refund.exception_reason if refund else "",
    }


def _employer(request: HttpRequest, case_id: UUID, purpose: str) -> tuple[Any, Case]:
    user, _ = acting(request, Role.EMPLOYER)
    return user, selectors.get_case(user, Role.EMPLOYER, case_id, purpose=purpose)


def _nav(request: HttpRequest, case_id: UUID, purpose: str) -> tuple[Any, Case]:
    user, _ = acting(request, Role.CASEWORKER)
    return user, selectors.get_case(user, Role.CASEWORKER, case_id, purpose=purpose)


# --- The employer -------------------------------------------------------------------------

@router.get("/cases/{case_id}/refund", response={200: RefundOut, **REFUSALS},
            summary="Refusjonen: status, kostnader og hva som mangler")
def get_refund(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    _user, case = _employer(request, case_id, "refund")
    return _out(case)


@router.put("/cases/{case_id}/refund/lines", response={200: RefundOut, **ACTION},
            summary="Lagre kostnadslinjene fra ekspertens faktura")
def put_lines(request: HttpRequest, case_id: UUID, body: ClaimIn) -> Any:
    """Replaces the stored lines. A bad line is refused (422) and nothing is replaced."""
    user, case = _employer(request, case_id, "refund")
    lines = [actions.LineInput(line.kind.value, line.hours, line.rate_kr, line.amount_kr)
             for line in body.lines]
    _refund, errors = _act(lambda: actions.save_claim(user, _grant(case), lines))
    if errors:
        raise _Unprocessable("Kostnadslinjene har feil. Rett feilene under.", errors)
    return _out(case)


@router.post("/cases/{case_id}/refund/invoice", response={200: RefundOut, **ACTION},
             summary="Last opp ekspertens faktura")
def post_invoice(request: HttpRequest, case_id: UUID,
                 invoice: File[UploadedFile]) -> Any:  # type: ignore[assignment]
    """`multipart/form-data` with `invoice`: a PDF, PNG or JPEG, checked by content (a file
    renamed `.pdf` is refused), at most the upload limit."""
    user, case = _employer(request, case_id, "refund")
    grant = _grant(case)
    stored = [actions.LineInput(line.kind, f"{line.hours_hundredths / 100:g}",
                                str(line.hourly_rate_kr), str(line.amount_kr))
              for line in (rs.refund_of(grant).lines.all() if rs.refund_of(grant) else [])]
    _refund, errors = _act(lambda: actions.save_claim(user, grant, stored, invoice))
    if errors:
        raise _Unprocessable("Fakturaen ble ikke lagret.", errors)
    return _out(case)


@router.post("/cases/{case_id}/refund/send", response={200: RefundOut, **ACTION},
             summary="Send kravet om refusjon til NAV")
def send(request: HttpRequest, case_id: UUID, body: SendIn) -> Any:
    """Refused (422, per field) after the deadline (folketrygdloven § 22-14), above the grant,
    before the report reached NAV where the unit requires it, without lines or invoice, or
    when no account is registered."""
    user, case = _employer(request, case_id, "refund")
    _act(lambda: actions.send_claim(user, _grant(case), requested_kr=body.requested_kr))
    return _out(case)


# --- NAV ----------------------------------------------------------------------------------

@router.get("/nav/cases/{case_id}/refund", response={200: RefundOut, **REFUSALS},
            summary="Refusjonen i saken (NAV)")
def nav_refund(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    _user, case = _nav(request, case_id, "refund")
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/check", response={200: RefundOut, **ACTION},
             summary="Kontroller kravet (første steg der enheten har to trinn)")
def nav_check(request: HttpRequest, case_id: UUID) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.check_refund(user, _grant(case)))
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/approve", response={200: RefundOut, **ACTION},
             summary="Godkjenn utbetalingen (aldri eget kontrollert krav)")
def nav_approve(request: HttpRequest, case_id: UUID) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.approve_refund(user, _grant(case)))
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/return", response={200: RefundOut, **ACTION},
             summary="Send kravet tilbake til arbeidsgiveren")
def nav_return(request: HttpRequest, case_id: UUID, body: ReturnIn) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.return_claim(user, _grant(case), comment=body.comment))
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/exception", response={200: RefundOut, **ACTION},
             summary="Registrer unntak fra fristen, med begrunnelse")
def nav_exception(request: HttpRequest, case_id: UUID, body: ExceptionIn) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.record_exception(user, _grant(case), reason=body.reason))
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/correction", response={200: RefundOut, **ACTION},
             summary="Korriger etter utbetaling (etterbetaling eller tilbakekreving)")
def nav_correct(request: HttpRequest, case_id: UUID, body: CorrectionIn) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.correct_refund(user, _grant(case), kind=body.kind,
                                        amount_kr=body.amount_kr, reason=body.reason))
    return _out(case)


@router.post("/nav/cases/{case_id}/refund/retry", response={200: RefundOut, **ACTION},
             summary="Prøv en feilet utbetaling på nytt")
def nav_retry(request: HttpRequest, case_id: UUID) -> Any:
    user, case = _nav(request, case_id, "refund")
    _act(lambda: actions.retry_payment(user, _grant(case)))
    return _out(case)


@router.post("/nav/payment-exports", response={201: dict[str, Any], **ACTION},
             summary="Lag et uttrekk av alle godkjente utbetalinger (JSON)")
def create_export(request: HttpRequest) -> Any:
    """Each payment is in exactly one export: a second export at the same time gets the
    payments the first did not take, or 422 when none are left. Body: the export as JSON
    (amount, organisasjonsnummer, account number and reference per payment)."""
    user, _ = acting(request, Role.CASEWORKER)
    export = _act(lambda: actions.export_payments(user))
    return Status(201, export.json)


@router.get("/nav/payment-exports/{export_id}", response={200: dict[str, Any], **REFUSALS},
            summary="Et uttrekk som JSON")
def get_export(request: HttpRequest, export_id: str) -> Any:
    user, _ = acting(request, Role.CASEWORKER)
    _act(lambda: actions.require_payment_staff(user))
    export = rs.export_by_id(export_id)
    if export is None:
        raise HttpError(404, "Fant ikke uttrekket.")
    return export.json


@router.get("/nav/payment-exports/{export_id}/pain001", response={200: None, **REFUSALS},
            summary="Et uttrekk som ISO 20022 pain.001.001.09 (XML, NOK)")
def get_pain001(request: HttpRequest, export_id: str) -> HttpResponse:
    user, _ = acting(request, Role.CASEWORKER)
    _act(lambda: actions.require_payment_staff(user))
    export = rs.export_by_id(export_id)
    if export is None:
        raise HttpError(404, "Fant ikke uttrekket.")
    response = HttpResponse(bytes(export.pain001), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{export.export_id}.xml"'
    return response


def _payment(reference: str) -> Payment:
    payment = Payment.objects.filter(reference=reference).select_related("export").first()
    if payment is None:
        raise HttpError(404, "Fant ikke betalingen.")
    return payment


def _payment_out(payment: Payment) -> dict[str, Any]:
    payment.refresh_from_db()
    return {"reference": payment.reference, "amount_kr": payment.amount_kr,
            "orgnr": payment.refund.case.organisation.orgnr,
            "account_number": payment.account_number, "state": payment.state,
            "export_id": payment.export.export_id if payment.export else None}


@router.post("/nav/payments/{reference}/paid", response={200: PaymentOut, **ACTION},
             summary="Marker betalingen som utbetalt")
def payment_paid(request: HttpRequest, reference: str) -> Any:
    user, _ = acting(request, Role.CASEWORKER)
    payment = _payment(reference)
    _act(lambda: actions.mark_paid(user, payment))
    return _payment_out(payment)


@router.post("/nav/payments/{reference}/failed", response={200: PaymentOut, **ACTION},
             summary="Marker betalingen som feilet")
def payment_failed(request: HttpRequest, reference: str, body: FailedIn) -> Any:
    user, _ = acting(request, Role.CASEWORKER)
    payment = _payment(reference)
    _act(lambda: actions.mark_failed(user, payment, reason=body.reason))
    return _payment_out(payment)
