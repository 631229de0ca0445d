"""Case handling for NAV staff: the assessment, proposals, approval and return, one-step
decisions, grants (list, change, cancel), letters and the budget. The same actions and
permissions as the NAV pages; a case outside your units answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ekspertbistand.api.auth import acting
from ekspertbistand.api.schemas import ErrorOut, ValidationErrorOut
from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import budget as budget_actions
from ekspertbistand.cases.actions import decision as actions
from ekspertbistand.cases.actions import grants as grant_actions
from ekspertbistand.cases.models import Decision, Grant
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.assessment import Verdict
from ekspertbistand.domain.case_status import InvalidTransition
from ekspertbistand.reference.models import NavUnit

router = Router(tags=["NAV: vurdering og vedtak"])

REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# 409 bodies also say ``over_budget`` (true when the decision would pass a budget frame and
# must be sent again with ``confirm_over_budget: true``); 422 bodies name the fields under
# ``errors.body``, as for a request ninja refuses itself.
ACTION_RESPONSES: dict[int, Any] = {409: ErrorOut, 422: ValidationErrorOut, **REFUSALS}


class ConditionOut(Schema):
    key: str
    text: str
    source: str = Field(description="Hjemmel og kilde for vilkåret.")
    answers: list[list[str]] = Field(description="Søknadens svar: [etikett, verdi].")
    verdict: Verdict
    verdict_label: str
    comment: str


class VerdictIn(Schema):
    verdict: Verdict
    comment: str = ""


class AssessmentIn(Schema):
    conditions: dict[str, VerdictIn] = Field(
        description="Vurdering per vilkår (nøkkel fra GET). Vilkår som ikke er med, endres ikke.")


class DecisionIn(Schema):
    outcome: Decision.Outcome = Field(description="`grant` (innvilge) eller `reject` (avslå).")
    amount_kr: int | None = Field(None, description="Tilsagnsbeløp, opptil (kr).")
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    lowered_reason: str = Field("", description="Påkrevd når beløpet er lavere enn søkt.")
    reason: str = Field("", description="Begrunnelse for avslag.")


class DirectDecisionIn(DecisionIn):
    confirm_over_budget: bool = False


class ApproveIn(Schema):
    confirm_over_budget: bool = False


class ReturnIn(Schema):
    comment: str


class DecisionOut(Schema):
    id: int
    outcome: str
    state: str = Field(description="`proposed`, `returned` eller `decided`.")
    amount_kr: int | None
    period_start: dt.date | None
    period_end: dt.date | None
    lowered_reason: str
    reason: str
    failed_conditions: list[str]
    proposed_by: str
    decided_by: str | None
    decided_at: dt.datetime | None
    return_comment: str
    case_status: str


class GrantOut(Schema):
    number: str
    state: str
    amount_kr: int = Field(description="Opptil (kr).")
    period_start: dt.date
    period_end: dt.date
    refund_deadline: dt.date
    account_number: str
    expert_name: str
    expert_company: str
    caseworker: str
    decider: str
    replaces: str | None
    letter_url: str


class ChangeGrantIn(Schema):
    amount_kr: int
    period_start: dt.date
    period_end: dt.date
    reason: str
    expert_name: str | None = None
    expert_company: str | None = None


class CancelGrantIn(Schema):
    reason: str


class BudgetLineOut(Schema):
    unit: str | None = Field(description="Enhetsnummer; null for hele landet.")
    unit_name: str
    frame_kr: int | None
    committed_kr: int
    spent_kr: int
    remaining_kr: int | None
    forecast_kr: int


class FrameIn(Schema):
    unit: str | None = Field(None, description="Enhetsnummer; null for hele landet.")
    amount_kr: int = Field(ge=0)


def _nav(request: HttpRequest, case_id: UUID, purpose: str) -> tuple[Any, Any]:
    user, _ = acting(request, Role.CASEWORKER)
    return user, selectors.get_case(user, Role.CASEWORKER, case_id, purpose=purpose)


def _decision_out(decision: Decision) -> dict[str, Any]:
    decision.case.refresh_from_db(fields=["status"])
    return {
        "id": decision.pk, "outcome": decision.outcome, "state": decision.state,
        "amount_kr": decision.amount_kr, "period_start": decision.period_start,
        "period_end": decision.period_end, "lowered_reason": decision.lowered_reason,
        "reason": decision.reason, "failed_conditions": decision.failed_conditions,
        "proposed_by": decision.proposed_by.display_name(),
        "decided_by": decision.decided_by.display_name() if decision.decided_by else None,
        "decided_at": decision.decided_at, "return_comment": decision.return_comment,
        "case_status": decision.case.status,
    }


def _grant_out(grant: Grant) -> dict[str, Any]:
    kind = "grant_change_letter" if grant.replaces_id else "grant_letter"
    return {
        "number": grant.number, "state": grant.state, "amount_kr": grant.amount_kr,
        "period_start": grant.period_start, "period_end": grant.period_end,
        "refund_deadline": grant.refund_deadline, "account_number": grant.account_number,
        "expert_name": grant.expert_name, "expert_company": grant.expert_company,
        "caseworker": grant.caseworker.display_name(), "decider": grant.decider.display_name(),
        "replaces": grant.replaces.number if grant.replaces_id else None,  # type: ignore[union-attr]
        "letter_url": f"/api/v1/nav/cases/{grant.case.public_id}/letters/{kind}/{grant.number}",
    }


def _act(call: Any) -> Any:
    """Refusals after access is granted: 422 for what must be fixed, 409 for the state."""
    try:
        return call()
    except (actions.DecisionInvalid, grant_actions.GrantInvalid) as error:
        raise _Unprocessable(str(error), error.errors) from error
    except actions.OverBudget as error:
        raise _Conflict(str(error), over_budget=True) from error
    except actions.CaseChanged as error:
        raise _Conflict(str(error)) from error
    except InvalidTransition as error:
        raise _Conflict(str(error)) from error


class _Unprocessable(HttpError):
    def __init__(self, detail: str, errors: dict[str, list[str]]) -> None:
        super().__init__(422, detail)
        self.errors = errors


class _Conflict(HttpError):
    def __init__(self, detail: str, *, over_budget: bool = False) -> None:
        super().__init__(409, detail)
        self.over_budget = over_budget


def install(api: Any) -> None:
    """Bodies for the refusals above (ninja's HttpError carries only a message)."""

    @api.exception_handler(_Unprocessable)
    def unprocessable(request: HttpRequest, exc: _Unprocessable) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "errors": {"body": exc.errors}},
                                   status=422)

    @api.exception_handler(_Conflict)
    def conflict(request: HttpRequest, exc: _Conflict) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc),
                                             "over_budget": exc.over_budget}, status=409)


@router.get("/nav/cases/{case_id}/assessment", response={200: list[ConditionOut], **REFUSALS},
            summary="Vilkårene med søknadens svar og vurderingen")
def get_assessment(request: HttpRequest, case_id: UUID) -> list[dict[str, Any]]:
    """Every condition (forskrift § 4) with the application's answers and the assessment."""
    _user, case = _nav(request, case_id, "assessment")
    return [{**row.__dict__, "answers": [list(a) for a in row.answers]}
            for row in ds.assessment_rows(case)]


@router.put("/nav/cases/{case_id}/assessment",
            response={200: list[ConditionOut], **ACTION_RESPONSES},
            summary="Lagre vurderingen av vilkårene")
def put_assessment(request: HttpRequest, case_id: UUID, body: AssessmentIn) -> Any:
    """Store the given verdicts. A condition «not_met» needs a comment (422; the others are
    stored)."""
    user, case = _nav(request, case_id, "assessment")
    entries = {key: (v.verdict, v.comment) for key, v in body.conditions.items()}
    errors = _act(lambda: actions.save_assessment(user, case, entries))
    if errors:
        raise _Unprocessable("Vurderingen er lagret, men noe må rettes.", errors)
    return get_assessment(request, case_id)


@router.get("/nav/cases/{case_id}/decisions", response={200: list[DecisionOut], **REFUSALS},
            summary="Forslag og vedtak i saken")
def list_decisions(request: HttpRequest, case_id: UUID) -> list[dict[str, Any]]:
    _user, case = _nav(request, case_id, "decisions")
    return [_decision_out(d) for d in case.decisions.select_related(
        "proposed_by", "decided_by", "case")]


@router.post("/nav/cases/{case_id}/proposal", response={201: DecisionOut, **ACTION_RESPONSES},
             summary="Foreslå vedtak (saksbehandler)")
def propose(request: HttpRequest, case_id: UUID, body: DecisionIn) -> Any:
    """Under assessment → awaiting decision. A grant needs every condition met, the amount
    and period within the rules, and an account number registered for the employer."""
    user, case = _nav(request, case_id, "propose")
    decision = _act(lambda: actions.propose_decision(user, case, **body.dict()))
    return Status(201, _decision_out(decision))


@router.post("/nav/cases/{case_id}/proposal/approve",
             response={200: DecisionOut, **ACTION_RESPONSES},
             summary="Godkjenn forslaget (beslutter)")
def approve(request: HttpRequest, case_id: UUID, body: ApproveIn) -> Any:
    """A decider in the deciding unit, never the proposer. Over the budget frame: 409 with
    `over_budget: true` until sent with `confirm_over_budget: true`."""
    user, case = _nav(request, case_id, "approve")
    return _decision_out(_act(lambda: actions.approve_decision(
        user, case, confirm_over_budget=body.confirm_over_budget)))


@router.post("/nav/cases/{case_id}/proposal/return",
             response={200: DecisionOut, **ACTION_RESPONSES},
             summary="Send forslaget tilbake (beslutter)")
def return_proposal(request: HttpRequest, case_id: UUID, body: ReturnIn) -> Any:
    user, case = _nav(request, case_id, "return")
    return _decision_out(_act(lambda: actions.return_proposal(user, case, comment=body.comment)))


@router.post("/nav/cases/{case_id}/decision", response={201: DecisionOut, **ACTION_RESPONSES},
             summary="Fatt vedtak direkte (beslutter, enhet med ett trinn)")
def decide(request: HttpRequest, case_id: UUID, body: DirectDecisionIn) -> Any:
    user, case = _nav(request, case_id, "decide")
    decision = _act(lambda: actions.decide(user, case, **body.dict()))
    return Status(201, _decision_out(decision))


@router.get("/nav/cases/{case_id}/grants", response={200: list[GrantOut], **REFUSALS},
            summary="Tilsagn i saken")
def list_grants(request: HttpRequest, case_id: UUID) -> list[dict[str, Any]]:
    _user, case = _nav(request, case_id, "grants")
    return [_grant_out(g) for g in ds.grants_of(case)]


@router.post("/nav/cases/{case_id}/grants/{number}/change",
             response={200: GrantOut, **ACTION_RESPONSES}, summary="Endre tilsagnet (beslutter)")
def change_grant(request: HttpRequest, case_id: UUID, number: str, body: ChangeGrantIn) -> Any:
    """A new period in the same year, another expert or a lower amount: a new grant with the
    next number replaces this one, with a new letter."""
    user, case = _nav(request, case_id, "change_grant")
    grant = ds.grant_by_number(case, number)
    try:
        return _grant_out(_act(lambda: grant_actions.change_grant(user, grant, **body.dict())))
    except NotAllowed as error:
        raise _Conflict(str(error)) from error


@router.post("/nav/cases/{case_id}/grants/{number}/cancel",
             response={200: GrantOut, **ACTION_RESPONSES},
             summary="Annuller tilsagnet (beslutter)")
def cancel_grant(request: HttpRequest, case_id: UUID, number: str, body: CancelGrantIn) -> Any:
    user, case = _nav(request, case_id, "cancel_grant")
    grant = ds.grant_by_number(case, number)
    try:
        return _grant_out(_act(lambda: grant_actions.cancel_grant(user, grant,
                                                                  reason=body.reason)))
    except NotAllowed as error:
        raise _Conflict(str(error)) from error


@router.get("/nav/cases/{case_id}/letters/{kind}/{key}", response={200: None, **REFUSALS},
            summary="Last ned brev (PDF, arkivkopi)", openapi_extra={"responses": {200: {
                "description": "PDF", "content": {"application/pdf": {}}}}})
def nav_letter(request: HttpRequest, case_id: UUID, kind: str, key: str) -> HttpResponse:
    from ekspertbistand.casework.views.decision import letter_response

    _user, case = _nav(request, case_id, "letter")
    return letter_response(case, kind, key, "archive")


@router.get("/cases/{case_id}/letters/{kind}/{key}", response={200: None, **REFUSALS},
            tags=["Saker"], summary="Last ned vedtaks- eller tilsagnsbrev (arbeidsgiver)",
            openapi_extra={"responses": {200: {"description": "PDF",
                                                 "content": {"application/pdf": {}}}}})
def employer_letter(request: HttpRequest, case_id: UUID, kind: str, key: str) -> HttpResponse:
    from ekspertbistand.casework.views.decision import letter_response

    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, case_id, purpose="letter")
    return letter_response(case, kind, key, "employer")


@router.get("/nav/budget/{year}", response={200: list[BudgetLineOut], **REFUSALS},
            summary="Budsjett: ramme, bundet, brukt, igjen og prognose")
def get_budget(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    acting(request, Role.CASEWORKER, Role.ADMIN)
    return [{"unit": line.unit.number if line.unit else None,
             "unit_name": line.unit.name if line.unit else "Hele landet",
             "frame_kr": line.use.frame_kr, "committed_kr": line.use.committed_kr,
             "spent_kr": line.use.spent_kr, "remaining_kr": line.use.remaining_kr,
             "forecast_kr": line.forecast_kr}
            for line in ds.budget_overview(year, timezone.localdate())]


@router.put("/nav/budget/{year}", response={200: list[BudgetLineOut], **REFUSALS},
            summary="Sett budsjettrammen (administrator, eller beslutter for egen enhet)")
def put_budget(request: HttpRequest, year: int, body: FrameIn) -> Any:
    user, _ = acting(request, Role.CASEWORKER, Role.ADMIN)
    unit = NavUnit.objects.filter(number=body.unit).first() if body.unit else None
    if body.unit and unit is None:
        raise HttpError(404, "Fant ikke NAV-enheten. Sjekk enhetsnummeret.")
    budget_actions.set_frame(user, year, unit, body.amount_kr)
    return get_budget(request, year)
