"""NAV's refund work: check, approve, return, the deadline exception, retry and correction on
the case page; the payment export (pain.001 and JSON) and the bank's answer on «Utbetalinger».

Thin: parse the form, call ``cases/actions/refunds.py``, redirect; a refusal shows the case page
again with the message beside the form and what was typed (nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases.actions import refunds as actions
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.casework.views._common import case_page, open_case
from ekspertbistand.portal.auth import role_required
from ekspertbistand.refunds import selectors as rs
from ekspertbistand.refunds.models import Payment


def _message(error: Exception) -> str:
    if isinstance(error, actions.RefundInvalid):
        return " ".join(m for messages_ in error.errors.values() for m in messages_)
    return str(error)


def _on_case(request: HttpRequest, public_id: Any, act: Callable[[Any, Any], Any],
             done: str) -> HttpResponse:
    case = open_case(request, public_id, purpose="refund")
    grant = rs.claim_grant(case)
    if grant is None:
        raise Http404("Saken har ikke noe tilsagn.")
    try:
        act(request.user, grant)
    except (NotAllowed, actions.RefundInvalid) as error:
        values = {k: request.POST.get(k, "") for k in ("comment", "reason", "kind", "amount_kr")}
        return case_page(request, case, form="refund", error=_message(error), values=values,
                         status=400)
    messages.success(request, done)
    return redirect(reverse("casework:case_detail", args=[case.public_id]) + "#refusjon")


@role_required(Role.CASEWORKER)
@require_POST
def check(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _on_case(request, public_id, lambda user, grant: actions.check_refund(user, grant),
                    _("Kravet er kontrollert. En beslutter godkjenner utbetalingen."))


@role_required(Role.CASEWORKER)
@require_POST
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _on_case(request, public_id, lambda user, grant: actions.approve_refund(user, grant),
                    _("Utbetalingen er godkjent og kommer med i neste uttrekk."))


@role_required(Role.CASEWORKER)
@require_POST
def return_claim(request: HttpRequest, public_id: Any) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _on_case(request, public_id,
                    lambda user, grant: actions.return_claim(user, grant, comment=comment),
                    _("Kravet er sendt tilbake til arbeidsgiveren."))


@role_required(Role.CASEWORKER)
@require_POST
def exception(request: HttpRequest, public_id: Any) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _on_case(request, public_id,
                    lambda user, grant: actions.record_exception(user, grant, reason=reason),
                    _("Unntaket fra fristen er registrert. Arbeidsgiveren kan sende kravet."))


@role_required(Role.CASEWORKER)
@require_POST
def retry(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _on_case(request, public_id, lambda user, grant: actions.retry_payment(user, grant),
                    _("Utbetalingen kommer med i neste uttrekk."))


@role_required(Role.CASEWORKER)
@require_POST
def correct(request: HttpRequest, public_id: Any) -> HttpResponse:
    raw = request.POST.get("amount_kr", "").strip().replace(" ", "")
    amount = int(raw) if raw.isdigit() else None
    kind, reason = request.POST.get("kind", ""), request.POST.get("reason", "")
    return _on_case(request, public_id, lambda user, grant: actions.correct_refund(
        user, grant, kind=kind, amount_kr=amount, reason=reason), _("Korrigeringen er registrert."))


# --- Payments -------------------------------------------------------------------------------

@role_required(Role.CASEWORKER)
def payments(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            export = actions.export_payments(request.user)  # type: ignore[arg-type]
            messages.success(request, _("Uttrekk %(id)s er laget.") % {"id": export.export_id})
            return redirect("casework:payments")
        except (NotAllowed, actions.RefundInvalid) as refused:
            error = _message(refused)
    return render(request, "casework/payments.html", {
        "waiting": rs.payments_to_export(), "exports": rs.exports(), "error": error,
        "exported": Payment.objects.filter(state=Payment.State.EXPORTED).select_related(
            "export", "refund__case"),
    }, status=400 if error else 200)


def _export(export_id: str) -> Any:
    export = rs.export_by_id(export_id)
    if export is None:
        raise Http404("Fant ikke uttrekket.")
    return export


@role_required(Role.CASEWORKER)
def export_xml(request: HttpRequest, export_id: str) -> HttpResponse:
    actions.require_payment_staff(request.user)  # type: ignore[arg-type]
    export = _export(export_id)
    response = HttpResponse(bytes(export.pain001), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{export.export_id}.xml"'
    return response


@role_required(Role.CASEWORKER)
def export_json(request: HttpRequest, export_id: str) -> HttpResponse:
    actions.require_payment_staff(request.user)  # type: ignore[arg-type]
    return JsonResponse(_export(export_id).json)


@role_required(Role.CASEWORKER)
@require_POST
def payment_result(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise Http404("Fant ikke betalingen.")
    try:
        if request.POST.get("result") == "paid":
            actions.mark_paid(request.user, payment)  # type: ignore[arg-type]
        else:
            actions.mark_failed(request.user, payment,  # type: ignore[arg-type]
                                reason=request.POST.get("reason", ""))
    except (NotAllowed, actions.RefundInvalid) as error:
        messages.error(request, _message(error))
    return redirect("casework:payments")
