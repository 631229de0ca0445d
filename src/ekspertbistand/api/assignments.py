"""The expert's assignment, the report and the follow-up: the same actions, permissions and
messages as the pages. The expert's working notes are not in the API for anyone but the
expert's own pages (they are never exposed here)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ekspertbistand.api.auth import acting
from ekspertbistand.api.decisions import _Unprocessable
from ekspertbistand.api.schemas import ErrorOut, ValidationErrorOut
from ekspertbistand.assignments import selectors as asel
from ekspertbistand.assignments.content import from_json, to_json
from ekspertbistand.assignments.models import Assignment, Phase, Report
from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import assignment as actions
from ekspertbistand.cases.actions import followup
from ekspertbistand.cases.actions import report as report_actions
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.report_privacy import FlagResolution, Resolution
from ekspertbistand.domain.report_template import Measure, Party, ReportContent

router = Router(tags=["Ekspertens oppdrag, rapport og oppfølging"])

REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ACTIONS: dict[int, Any] = {409: ErrorOut, 422: ValidationErrorOut, **REFUSALS}


class AssignmentOut(Schema):
    id: int
    case_reference: str
    employer: str
    grant_number: str
    period_start: dt.date
    period_end: dt.date
    state: str = Field(description="invited, accepted eller declined.")
    report_state: str = Field(description="none, draft, with_employee eller released.")


class InviteIn(Schema):
    email: str = Field("", description="Ekspertens e-post, bare når eksperten ikke er "
                                       "registrert.", max_length=254)


class DeclineIn(Schema):
    reason: str = Field(max_length=2000)


class PhaseIn(Schema):
    held_on: dt.date
    participants: str = Field(max_length=300)
    summary: str = Field("", max_length=4000)
    goal: str = Field("", max_length=4000)
    roles: str = Field("", max_length=4000)
    expectations: str = Field("", max_length=4000)
    agreed_by: list[Literal["employer", "employee", "expert"]] = []


class MeasureIO(Schema):
    party: Party
    description: str = Field(max_length=500)
    responsible: str = Field(max_length=200)
    due: dt.date | None = None


class ReportIO(Schema):
    assignment: str = Field("", max_length=4000)
    work_done: str = Field("", max_length=4000)
    causes: str = Field("", max_length=4000)
    measures: list[MeasureIO] = Field(default_factory=list, max_length=20)
    outcome: str = Field("", max_length=30)
    outcome_note: str = Field("", max_length=1000)
    employee_comments: str = ""


class ResolutionIn(Schema):
    key: str = Field(max_length=80, description="Merknadens nøkkel fra 422-svaret.")
    resolution: Resolution
    reason: str = Field("", max_length=500)


class SubmitIn(Schema):
    report: ReportIO
    resolutions: dict[str, list[ResolutionIn]] = Field(
        default_factory=dict, description="Per tekst (for eksempel `causes`): fjern eller behold "
                                          "hver merknad, med begrunnelse når den beholdes.")


class ReportOut(Schema):
    case_reference: str
    employee_name: str
    state: str
    report: ReportIO
    released_at: dt.datetime | None


class AnswerIn(Schema):
    answer: Literal["approve", "comment"]
    comments: str = Field("", max_length=2000)


class FollowUpIn(Schema):
    measures_done: list[int] = Field(default_factory=list, max_length=20)
    outcome: str = Field(max_length=30, description="Kategori fra Figur 23, se brukerveiledningen.")
    helped: Literal["yes", "partly", "no", "dont_know"]
    comment: str = Field("", max_length=2000)


def _row(item: Assignment) -> dict[str, Any]:
    report = asel.report_of(item)
    return {"id": item.pk, "case_reference": item.case.reference or "",
            "employer": item.case.organisation.name, "grant_number": item.grant.number,
            "period_start": item.grant.period_start, "period_end": item.grant.period_end,
            "state": item.state, "report_state": report.state if report else "none"}


def _content(body: ReportIO) -> ReportContent:
    return ReportContent(
        assignment=body.assignment, work_done=body.work_done, causes=body.causes,
        measures=tuple(Measure(m.party, m.description, m.responsible, m.due)
                       for m in body.measures),
        outcome=body.outcome, outcome_note=body.outcome_note)


def _mine(request: HttpRequest, assignment_id: int) -> tuple[Any, Assignment]:
    user, _role = acting(request, Role.EXPERT)
    try:
        return user, asel.expert_assignment(user, assignment_id)
    except Http404 as missing:
        raise HttpError(404, "Fant ikke oppdraget.") from missing


def _act(call: Any) -> Any:
    try:
        return call()
    except actions.AssignmentInvalid as invalid:
        raise _Unprocessable(str(invalid), {k: [v] for k, v in invalid.errors.items()}) from invalid
    except followup.FollowUpInvalid as invalid:
        raise _Unprocessable(str(invalid), {k: [v] for k, v in invalid.errors.items()}) from invalid
    except report_actions.ReportInvalid as invalid:
        errors = dict(invalid.errors)
        for where, flags in invalid.flags.items():
            errors[f"privacy.{where}"] = [f"{f.key}: «{f.text}» ({f.label}). {f.reason}"
                                          for f in flags]
        raise _Unprocessable(str(invalid), errors) from invalid
    except NotAllowed as refused:
        raise HttpError(409, str(refused)) from refused


def _case(request: HttpRequest, case_id: UUID, *roles: Role) -> tuple[Any, Role, Any]:
    user, role = acting(request, *roles)
    try:
        return user, role, selectors.get_case(user, role, case_id, purpose="report")
    except Http404 as missing:
        raise HttpError(404, "Fant ikke saken.") from missing


@router.post("/cases/{case_id}/expert-invitation", response={201: AssignmentOut, **ACTIONS},
             summary="Inviter eksperten i tilsagnet (arbeidsgiver)")
def invite(request: HttpRequest, case_id: UUID, body: InviteIn) -> Status:
    user, _role, case = _case(request, case_id, Role.EMPLOYER)
    return Status(201, _row(_act(lambda: actions.invite_expert(user, case, email=body.email))))


@router.get("/expert/assignments", response={200: list[AssignmentOut], 401: ErrorOut,
                                             403: ErrorOut},
            summary="Mine oppdrag: invitasjoner og oppdrag (ekspert)")
def my_assignments(request: HttpRequest) -> list[dict[str, Any]]:
    user, _role = acting(request, Role.EXPERT)
    return [_row(a) for a in asel.expert_assignments(user)[:200]]


@router.post("/expert/assignments/{assignment_id}/accept", response={200: AssignmentOut, **ACTIONS},
             summary="Aksepter oppdraget")
def accept(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    user, item = _mine(request, assignment_id)
    return _row(_act(lambda: actions.accept(user, item)))


@router.post("/expert/assignments/{assignment_id}/decline",
             response={200: AssignmentOut, **ACTIONS}, summary="Takk nei, med begrunnelse")
def decline(request: HttpRequest, assignment_id: int, body: DeclineIn) -> dict[str, Any]:
    user, item = _mine(request, assignment_id)
    return _row(_act(lambda: actions.decline(user, item, reason=body.reason)))


@router.put("/expert/assignments/{assignment_id}/phases/{kind}",
            response={200: AssignmentOut, **ACTIONS}, summary="Registrer en fase")
def put_phase(request: HttpRequest, assignment_id: int, kind: Phase.Kind,
              body: PhaseIn) -> dict[str, Any]:
    user, item = _mine(request, assignment_id)
    _act(lambda: actions.save_phase(user, item, kind=kind.value, held_on=body.held_on,
                                    participants=body.participants, summary=body.summary,
                                    goal=body.goal, roles=body.roles,
                                    expectations=body.expectations,
                                    agreed_by=list(body.agreed_by)))
    return _row(item)


@router.get("/expert/assignments/{assignment_id}/report", response={200: ReportIO, **REFUSALS},
            summary="Rapportutkastet")
def get_draft(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    _user, item = _mine(request, assignment_id)
    report = asel.report_of(item)
    return to_json(from_json(report.content if report else {}))


@router.put("/expert/assignments/{assignment_id}/report", response={200: ReportIO, **ACTIONS},
            summary="Lagre rapportutkastet")
def put_draft(request: HttpRequest, assignment_id: int, body: ReportIO) -> dict[str, Any]:
    user, item = _mine(request, assignment_id)
    report = _act(lambda: report_actions.save_draft(user, item, _content(body)))
    return dict(report.content)


@router.post("/expert/assignments/{assignment_id}/report/submit",
             response={200: ReportIO, **ACTIONS},
             summary="Personvernkontroll og send til arbeidstakeren")
def submit(request: HttpRequest, assignment_id: int, body: SubmitIn) -> dict[str, Any]:
    """422 lists what is missing and each open privacy flag under `privacy.<tekst>` as
    «nøkkel: «tekst» (type). Hvorfor det er en risiko». Send it again with a resolution per key."""
    user, item = _mine(request, assignment_id)
    resolutions = {where: [FlagResolution(r.key, r.resolution, r.reason) for r in rows]
                   for where, rows in body.resolutions.items()}
    report = _act(lambda: report_actions.submit_to_employee(user, item, _content(body.report),
                                                            resolutions))
    return dict(report.content)


def _report_out(case: Any, report: Report, role: Role) -> dict[str, Any]:
    return {"case_reference": case.reference or "", "state": report.state,
            "employee_name": privacy.employee_name(case, role), "report": report.content,
            "released_at": report.released_at}


@router.get("/cases/{case_id}/report", response={200: ReportOut, **REFUSALS},
            summary="Rapporten (arbeidstakeren først, så arbeidsgiveren)")
def read_report(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    _user, role, case = _case(request, case_id, Role.EMPLOYER, Role.EMPLOYEE)
    report = asel.case_report(case)
    visible = {Report.State.RELEASED} | ({Report.State.WITH_EMPLOYEE} if role is Role.EMPLOYEE
                                         else set())
    if report is None or report.state not in visible:
        raise HttpError(404, "Rapporten er ikke klar ennå.")
    return _report_out(case, report, role)


@router.post("/cases/{case_id}/report/answer", response={200: ReportOut, **ACTIONS},
             summary="Arbeidstakeren godkjenner eller kommenterer rapporten")
def answer_report(request: HttpRequest, case_id: UUID, body: AnswerIn) -> dict[str, Any]:
    user, role, case = _case(request, case_id, Role.EMPLOYEE)
    report = asel.case_report(case)
    if report is None:
        raise HttpError(404, "Rapporten er ikke klar ennå.")
    done = _act(lambda: report_actions.employee_answer(user, report, answer=body.answer,
                                                       comments=body.comments))
    return _report_out(case, done, role)


@router.get("/nav/cases/{case_id}/report", response={200: ReportOut, **REFUSALS},
            summary="NAVs kopi av rapporten")
def nav_report(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    _user, role, case = _case(request, case_id, Role.CASEWORKER)
    report = asel.released_report(case)
    if report is None:
        raise HttpError(404, "Rapporten er ikke sendt til NAV ennå.")
    return _report_out(case, report, role)


@router.post("/cases/{case_id}/follow-up", response={201: ErrorOut, **ACTIONS},
             summary="Svar på oppfølgingen (arbeidsgiver, og arbeidstaker om de vil)")
def answer_follow_up(request: HttpRequest, case_id: UUID,
                     body: FollowUpIn) -> Status:
    user, role, case = _case(request, case_id, Role.EMPLOYER, Role.EMPLOYEE)
    _act(lambda: followup.answer(user, role, case, measures_done=body.measures_done,
                                 outcome=body.outcome, helped=body.helped, comment=body.comment))
    return Status(201, {"detail": "Takk for svarene."})
