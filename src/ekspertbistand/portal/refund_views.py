"""The employer's refund claim in «Mine saker»: cost lines, the invoice, what is missing, the
account from the register, and sending the claim (DOMAIN §3.7, §8). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import refunds
from ekspertbistand.cases.actions.grants import registered_account
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.money import format_kr
from ekspertbistand.domain.refunds import CLAIM_COST_KIND_LABELS, HOURLY_KINDS, ClaimCostKind
from ekspertbistand.portal.auth import role_required
from ekspertbistand.refunds import selectors as rs


def _rows(posted: Any, refund: Any) -> list[dict[str, Any]]:
    """One row per cost kind, filled from what was posted or else from what is stored."""
    stored = {line.kind: line for line in refund.lines.all()} if refund else {}
    rows = []
    for kind in ClaimCostKind:
        line = stored.get(kind.value)
        if posted is not None:
            hours, rate = posted.get(f"{kind}_hours", ""), posted.get(f"{kind}_rate", "")
            amount = posted.get(f"{kind}_amount", "")
        else:
            hours = (f"{line.hours_hundredths / 100:g}".replace(".", ",")
                     if line and line.hours_hundredths else "")
            rate = str(line.hourly_rate_kr) if line and line.hourly_rate_kr else ""
            amount = str(line.amount_kr) if line and line.amount_kr else ""
        rows.append({"kind": kind.value, "label": CLAIM_COST_KIND_LABELS[kind],
                     "hourly": kind in HOURLY_KINDS, "hours": hours, "rate": rate,
                     "amount": amount})
    return rows


def _anchor(field: str) -> str:
    if field.startswith("line_"):
        kind = field[5:]
        return f"{kind}_hours" if ClaimCostKind(kind) in HOURLY_KINDS else f"{kind}_amount"
    return {"invoice": "invoice", "report": "mangler", "claimed_on": "mangler",
            "account": "konto", "requested_kr": "requested_kr"}.get(field, "kostnader")


@role_required(Role.EMPLOYER)
def refund_claim(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="refund")
    today = timezone.localdate()
    view = rs.overview(case, today)
    if view is None:
        return redirect("portal:case_detail", public_id=case.public_id)
    errors: dict[str, list[str]] = {}
    posted = None
    sent = False
    if request.method == "POST":
        posted = request.POST
        lines = [refunds.LineInput(kind.value, posted.get(f"{kind}_hours", ""),
                                   posted.get(f"{kind}_rate", ""),
                                   posted.get(f"{kind}_amount", "")) for kind in ClaimCostKind]
        try:
            _refund, errors = refunds.save_claim(request.user, view.grant, lines,  # type: ignore[arg-type]
                                                 request.FILES.get("invoice"), today=today)
            requested = posted.get("requested_kr", "").strip().replace(" ", "")
            if requested and not requested.isdigit():
                errors["requested_kr"] = [_("Beløp dere krever: skriv hele kroner, uten komma.")]
            if not errors and posted.get("action") == "send":
                refunds.send_claim(request.user, view.grant,  # type: ignore[arg-type]
                                   requested_kr=int(requested) if requested else None, today=today)
                sent = True
        except refunds.RefundInvalid as error:
            errors = error.errors
        except NotAllowed as error:
            errors = {"state": [str(error)]}
        if sent or (not errors and posted.get("action") != "send"):
            return redirect("portal:refund_claim", public_id=case.public_id)
        view = rs.overview(case, today)
        assert view is not None
    account = None
    account_missing = False
    try:
        account = registered_account(case)
        account_missing = account is None
    except NotAllowed as error:
        errors.setdefault("account", []).append(str(error))
    editable = view.state.value in ("not_yet_claimable", "ready_to_claim", "expired")
    summary = [{"anchor": _anchor(field), "message": message}
               for field, messages in errors.items() for message in messages]
    return render(request, "portal/refund_claim.html", {
        "case": case, "view": view, "grant": view.grant, "refund": view.refund,
        "rows": _rows(posted if errors else None, view.refund), "errors": errors,
        "summary": summary, "account": account, "account_missing": account_missing,
        "editable": editable, "requested": posted.get("requested_kr", "") if posted else "",
        "amount": format_kr(view.grant.amount_kr),
        "total": format_kr(view.amounts.total_costs_kr),
        "refund_kr": format_kr(view.amounts.refund_kr),
        "employer_share": format_kr(view.amounts.employer_share_kr),
        "title": _("Refusjon for tilsagn %(number)s") % {"number": view.grant.number},
    })


@role_required(Role.EMPLOYER)
def refund_receipt(request: HttpRequest, public_id: Any) -> HttpResponse:
    from ekspertbistand.documents.refund_receipt import render_refund_receipt_pdf

    case = selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="refund_receipt")
    view = rs.overview(case, timezone.localdate())
    if view is None or view.refund is None or view.refund.claimed_at is None:
        return redirect("portal:case_detail", public_id=case.public_id)
    response = HttpResponse(render_refund_receipt_pdf(view.refund), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="refusjon-{view.grant.number}.pdf"'
    return response
