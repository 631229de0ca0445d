"""The employee's side: requests to agree to the assistance, and the answer."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from ekspertbistand.api.auth import acting
from ekspertbistand.api.cases import REFUSALS, organisation_out
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import (
    ConsentAnswerIn,
    ConsentAnswerOut,
    ConsentDetailOut,
    ErrorOut,
    PendingConsentOut,
)
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.models import Case, ConsentRequest, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CONSENT_LABELS, ConsentStatus

router = Router(tags=["Samtykke"])

REQUEST_NOT_FOUND = "Fant ikke forespørselen om samtykke."


def _own_request(user: User, request_id: int) -> tuple[ConsentRequest, Case]:
    """The request if it is addressed to the caller, and its case (read access audit-logged)."""
    consent_request = (ConsentRequest.objects.select_related("case", "case__organisation")
                       .filter(pk=request_id, employee_national_id=user.national_id or "-")
                       .first())
    if consent_request is None:
        raise Http404(REQUEST_NOT_FOUND)
    case = selectors.get_case(user, Role.EMPLOYEE, consent_request.case.public_id,
                              purpose="consent")
    return consent_request, case


def _pending_out(consent_request: ConsentRequest) -> dict[str, Any]:
    return {"id": consent_request.pk, "case_id": consent_request.case.public_id,
            "organisation": organisation_out(consent_request.case.organisation),
            "requested_at": consent_request.requested_at, "status": consent_request.status,
            "status_label": CONSENT_LABELS[ConsentStatus(consent_request.status)]}


@router.get("/consent-requests", response={200: list[PendingConsentOut], **REFUSALS},
            summary="Forespørsler om samtykke til meg")
def list_pending(request: HttpRequest) -> list[dict[str, Any]]:
    """Employers' requests that you agree to expert assistance, on applications not yet
    sent: unanswered ones, and answered ones whose answer you can still change."""
    user, _ = acting(request, Role.EMPLOYEE)
    return [_pending_out(r) for r in selectors.pending_consents_for(user)
            .select_related("case__organisation__municipality")]


@router.get("/consent-requests/{request_id}", response={200: ConsentDetailOut, **REFUSALS},
            summary="Én forespørsel, med det som står i søknaden om meg")
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    """What you are asked to agree to: the parts of the application about you, the need,
    the expert and the period."""
    user, _ = acting(request, Role.EMPLOYEE)
    consent_request, case = _own_request(user, request_id)
    sections = [s for s in selectors.application_summary(selectors.step_context(case))
                if s.slug in app_actions.STEPS_SHOWN_TO_EMPLOYEE]
    return {**_pending_out(consent_request),
            "application": [{"slug": s.slug, "title": s.title,
                             "rows": [{"label": label, "value": value} for label, value in s.rows]}
                            for s in sections]}


@router.post("/consent-requests/{request_id}",
             response={200: ConsentAnswerOut, 409: ErrorOut, **REFUSALS},
             summary="Svar på forespørselen")
def answer(request: HttpRequest, request_id: int, payload: ConsentAnswerIn) -> dict[str, Any]:
    """Agree (`agree: true`) or decline. Only the person the application is about can
    answer; you can change your answer until the application is sent. A request that no
    longer applies (the employer changed the employee, or sent the application) answers 409."""
    user, _ = acting(request, Role.EMPLOYEE)
    consent_request, case = _own_request(user, request_id)
    with state_conflicts():
        consent_request = consent_actions.respond_to_consent(user, consent_request,
                                                             agree=payload.agree)
    return {"id": consent_request.pk, "case_id": case.public_id, "status": consent_request.status,
            "status_label": CONSENT_LABELS[ConsentStatus(consent_request.status)],
            "responded_at": consent_request.responded_at}
