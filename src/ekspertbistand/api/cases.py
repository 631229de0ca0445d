"""Cases (saker): the employer's and the employee's lists, one case, and withdrawal."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from ekspertbistand.api.auth import acting
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import CaseOut, CasePageOut, ErrorOut
from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case, Organisation
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CONSENT_LABELS
from ekspertbistand.portal import page_memo

router = Router(tags=["Saker"])


class WithdrawIn(Schema):
    reason: str = Field("", max_length=1000,
                        description="Valgfri begrunnelse som NAV ser. Ikke helseopplysninger.")

REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def organisation_out(organisation: Organisation) -> dict[str, Any]:
    return {"orgnr": organisation.orgnr, "name": organisation.name,
            "municipality": organisation.municipality.name if organisation.municipality else None}


def case_summary_out(case: Case) -> dict[str, Any]:
    return {"id": case.public_id, "reference": case.reference, "status": case.status,
            "status_label": case.status_label, "organisation": organisation_out(case.organisation),
            "employee_name": case.employee_name, "updated_at": case.updated_at,
            "submitted_at": case.submitted_at}


def json_moment(value: dt.datetime) -> str:
    """``value`` as the API's JSON writes a datetime (Django's encoder: ISO 8601, to the
    millisecond, UTC as «Z»), done here so a page of 50 is not handed to the encoder's
    fallback 150 times."""
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def case_row_out(row: selectors.CaseRow) -> dict[str, Any]:
    """A case as the list gives it: the same fields as ``case_summary_out``, its id and
    times already as their JSON text."""
    return {"id": str(row.public_id), "reference": row.reference, "status": row.status,
            "status_label": row.status_label,
            "organisation": {"orgnr": row.organisation_orgnr, "name": row.organisation_name,
                             "municipality": row.municipality_name},
            "employee_name": row.employee_name, "updated_at": json_moment(row.updated_at),
            "submitted_at": json_moment(row.submitted_at) if row.submitted_at else None}


def case_out(case: Case, role: Role = Role.EMPLOYER) -> dict[str, Any]:
    """One case as ``role`` may see it; the unit's name and phone as ``cases.privacy`` says."""
    unit = privacy.unit_contact(case, role)
    return {
        **case_summary_out(case),
        "consent_status": case.consent_status,
        "consent_status_label": CONSENT_LABELS[case.consent_enum],
        "period_start": case.period_start, "period_end": case.period_end,
        "amount_applied_kr": case.amount_applied, "max_rate_kr": case.max_rate,
        "routed_unit": unit.name if unit else None,
        "routed_unit_phone": (unit.phone or None) if unit else None,
        "timeline": [{"at": e.at, "text": e.text} for e in selectors.timeline(case)],
        "next_step": selectors.next_step(case),
    }


PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
BAD_CURSOR = ("Ugyldig «cursor». Bruk verdien av «next_cursor» fra forrige side, eller utelat "
              "den for å begynne på første side.")


def encode_cursor(position: tuple[dt.datetime, int]) -> str:
    value, pk = position
    return base64.urlsafe_b64encode(f"{value.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value, pk = text.split("|")
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(cursor)
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError([{"loc": ("query", "cursor"), "type": "value_error",
                                "ctx": {"error": BAD_CURSOR}}]) from error


@router.get("/cases", response={200: CasePageOut, **REFUSALS},
            summary="Mine saker")
def list_cases(request: HttpRequest, cursor: str | None = None,
               limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
                                  description="Saker per side, 1–100 (50 om ikke oppgitt).")
               ) -> HttpResponse:
    """As employer: every case and draft of the organisations you may act for, newest change
    first. As employee: the applications about you that have been sent to NAV, newest first.

    A page at a time (50 unless `limit` says otherwise): follow `next` (or pass `next_cursor`
    as `cursor`) until it is `null`."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE)
    after = decode_cursor(cursor) if cursor else None
    page = (selectors.employer_cases(user, size=limit, after=after) if role is Role.EMPLOYER
            else selectors.employee_cases(user, size=limit, after=after))

    def make() -> HttpResponse:
        position = page.next_position
        next_cursor = encode_cursor(position) if position else None
        next_url = (f"{request.path}?{urlencode({'cursor': next_cursor, 'limit': limit})}"
                    if next_cursor else None)
        return rendered(request, {"items": [case_row_out(c) for c in page.rows],
                                  "limit": limit, "next_cursor": next_cursor, "next": next_url})

    return page_memo.answer(request, (role, limit, page), make)


def rendered(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """``data`` as the API renders an answer, without passing each item through the response
    schema's validation: for a page of 50 cases that validation cost more than the rest of
    the request (decision 0018). The fields, their order and their JSON are the schema's
    (``CasePageOut``); tests/integration/test_list_speed.py checks the answer against it."""
    from ekspertbistand.api.v1 import api  # the API's renderer; v1 imports this module

    return api.create_response(request, data, status=200)


@router.get("/cases/{case_id}", response={200: CaseOut, **REFUSALS}, summary="Én sak")
def get_case(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """Status, reference, period, amounts, the NAV unit handling it, the timeline and what
    happens next. A case you may not see answers 404, as if it did not exist."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE)
    return case_out(selectors.get_case(user, role, case_id), role)


def _optional_reason(request: HttpRequest) -> str:
    """The optional JSON body ``{"reason": "…"}``; no JSON body is no reason (as v1 clients
    have always called it)."""
    if request.content_type != "application/json" or not request.body.strip():
        return ""
    try:
        return WithdrawIn.model_validate_json(request.body).reason
    except ValueError as error:
        message = "Send {\"reason\": \"<tekst, høyst 1000 tegn>\"}, eller ikke noe innhold."
        raise ValidationError([{"loc": ("body", "payload", "reason"), "type": "value_error",
                                "msg": message, "ctx": {"error": message}}]) from error


@router.post("/cases/{case_id}/withdraw",
             response={200: CaseOut, 409: ErrorOut, **REFUSALS},
             summary="Trekk søknaden",
             openapi_extra={"requestBody": {"required": False, "content": {"application/json": {
                 "schema": WithdrawIn.model_json_schema()}}}})
def withdraw(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """Withdraw a sent application, optionally with `{"reason": "…"}` that NAV sees.
    Withdrawing twice changes nothing; a case past the point where it can be withdrawn
    answers 409."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, case_id, purpose="withdraw")
    reason = _optional_reason(request)
    with state_conflicts():
        case = app_actions.withdraw_application(user, case, reason)
    return case_out(case)
