"""NAV's case handling in /api/v1: the work queue, a case, «Ta saken», questions to the
employer, notes and re-routing (for NAV staff), and the employer's answer to a question.

The same actions and permissions as the pages: a case outside one's units is 404; an action
the caller's unit may not take is 403; a case in a state that does not allow it is 409.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.responses import Status

from ekspertbistand.api.auth import acting
from ekspertbistand.api.cases import REFUSALS
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import ErrorOut
from ekspertbistand.cases import handling, selectors
from ekspertbistand.cases import queue as queues
from ekspertbistand.cases.actions import handling as handling_actions
from ekspertbistand.cases.actions import information as information_actions
from ekspertbistand.cases.actions import routing as routing_actions
from ekspertbistand.cases.actions.texts import InvalidText
from ekspertbistand.cases.models import Case, CaseNote, InformationRequest, User
from ekspertbistand.cases.permissions import Role, works_in_handling_unit
from ekspertbistand.reference.models import NavUnit

router = Router(tags=["Saksbehandling (NAV)"])
employer_router = Router(tags=["Saker"])

NOT_HANDLING = "Bare ansatte i enheten som behandler saken kan gjøre dette."
UNIT_NOT_FOUND = "Fant ingen NAV-enhet med dette enhetsnummeret."


class QueueFilter(Schema):
    status: str = Field("open", description="`open` (standard: nye, under behandling, venter "
                        "på arbeidsgiver, til beslutning), `new`, `in_progress`, `waiting`, "
                        "`awaiting_decision`, `decided`, `withdrawn` eller `all`.")
    sort: str = Field("received", description="`received` (eldste først), `-received`, "
                      "`start` (planlagt oppstart) eller `reference`.")
    q: str = Field("", max_length=100, description="Søk på saksnummer, organisasjonsnummer "
                   "eller virksomhetens navn (uavhengig av store og små bokstaver).")
    unit: str = Field("", description="Bare denne enheten (enhetsnummer); standard er alle "
                      "enhetene dine.")
    page: int = Field(1, ge=1, description="Side, fra 1. 25 saker per side.")


class QueueRowOut(Schema):
    id: UUID
    reference: str
    organisation: str = Field(description="Virksomhetens navn.")
    employee: str = Field(description="Arbeidstakerens navn, eller «Skjermet» ved "
                          "adressebeskyttelse. Aldri fødselsnummer.")
    status: str
    status_label: str
    unit: str = Field(description="Enheten som behandler saken.")
    assigned_to: str = Field(description="Saksbehandleren som har saken, eller tom.")
    days_since_received: int
    overdue: bool = Field(description="Eldre enn enhetens mål for behandlingstid.")
    target_days: int
    planned_start: dt.date | None


class QueueOut(Schema):
    count: int = Field(description="Antall saker som passer filteret, telt opp til 1000.")
    count_over_limit: bool = Field(description="Sant når filteret har flere enn 1000 saker "
                                   "(`count` er da 1000).")
    page: int
    pages: int | None = Field(description="Antall sider; `null` når filteret har flere enn "
                              "1000 saker (bla da med `next_page`).")
    page_size: int
    next_page: int | None
    previous_page: int | None
    counts: dict[str, int] = Field(description="Antall saker per filter (med søket), hvert "
                                   "telt opp til 1000.")
    counts_over_limit: list[str] = Field(description="Filtrene med flere enn 1000 saker.")
    items: list[QueueRowOut]


class RoutingOut(Schema):
    unit: str
    unit_number: str
    deciding_unit: str
    reason: str = Field(description="Årsakskode, f.eks. `delegated_office`, `employee_elsewhere`, "
                        "`no_prior_contact`, `address_protection`, `rerouted`.")
    reason_label: str
    text: str
    routed_at: dt.datetime
    routed_by: str | None


class InformationRequestOut(Schema):
    id: int
    question: str
    asked_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    attachments: list[str] = Field(description="Filnavnene som fulgte svaret.")
    reminder_sent_at: dt.datetime | None


class NoteOut(Schema):
    id: int
    text: str
    author: str
    written_at: dt.datetime


class NavCaseOut(Schema):
    id: UUID
    reference: str
    status: str
    status_label: str
    organisation: str
    orgnr: str
    employee_name: str
    address_protection: bool
    submitted_at: dt.datetime | None
    period_start: dt.date | None
    period_end: dt.date | None
    amount_applied_kr: int | None
    assigned_to: str | None
    preparing_unit: str | None
    deciding_unit: str | None
    withdrawal_reason: str
    routing: list[RoutingOut] = Field(description="Hvor saken har vært, eldste først.")
    information_requests: list[InformationRequestOut]


class QuestionIn(Schema):
    question: str = Field(min_length=1, max_length=4000)


class NoteIn(Schema):
    text: str = Field(min_length=1, max_length=4000)
    key: UUID | None = Field(None, description="Valgfri idempotensnøkkel: samme nøkkel to "
                             "ganger lagrer ett notat.")


class RerouteIn(Schema):
    unit_number: str = Field(description="Enhetsnummeret saken skal til.")
    reason: str = Field(min_length=1, max_length=1000)


def invalid(field: str, message: str, part: str = "body") -> ValidationError:
    """A 422 in the API's validation shape: ``errors[part][field] = [message]``."""
    return ValidationError([{"loc": (part, "payload", field), "type": "value_error",
                             "msg": message, "ctx": {"error": message}}])


@contextmanager
def conflicts(field: str) -> Iterator[None]:
    """Bad input is 422 (something to fix, under ``field``); any other refusal is 409."""
    with state_conflicts():
        try:
            yield
        except InvalidText as error:
            raise invalid(error.field or field, str(error)) from error


def _nav_case(user: User, case_id: UUID, purpose: str = "api") -> Case:
    return selectors.get_case(user, Role.CASEWORKER, case_id, purpose=purpose)


def _require_handling(user: User, case: Case) -> None:
    if not works_in_handling_unit(user, case):
        raise HttpError(403, NOT_HANDLING)


def information_out(request: InformationRequest) -> dict[str, Any]:
    return {"id": request.pk, "question": request.question, "asked_at": request.asked_at,
            "answer": request.answer, "answered_at": request.answered_at,
            "attachments": [a.original_name for a in request.attachments.all()],
            "reminder_sent_at": request.reminder_sent_at}


def nav_case_out(case: Case) -> dict[str, Any]:
    preparing, deciding = handling.preparing_unit(case), handling.deciding_unit(case)
    return {
        "id": case.public_id, "reference": case.reference or "", "status": case.status,
        "status_label": case.status_label, "organisation": case.organisation.name,
        "orgnr": case.organisation.orgnr, "employee_name": case.employee_name,
        "address_protection": bool(case.address_protection),
        "submitted_at": case.submitted_at, "period_start": case.period_start,
        "period_end": case.period_end, "amount_applied_kr": case.amount_applied,
        "assigned_to": case.assigned_to.display_name() if case.assigned_to else None,
        "preparing_unit": preparing.name if preparing else None,
        "deciding_unit": deciding.name if deciding else None,
        "withdrawal_reason": case.withdrawal_reason,
        "routing": [{"unit": r.unit.name, "unit_number": r.unit.number,
                     "deciding_unit": r.deciding_unit.name, "reason": r.reason,
                     "reason_label": handling.reason_label(r.reason), "text": r.text,
                     "routed_at": r.routed_at,
                     "routed_by": r.routed_by.display_name() if r.routed_by else None}
                    for r in handling.routing_history(case)],
        "information_requests": [information_out(r)
                                 for r in handling.information_requests(case)],
    }


def note_out(note: CaseNote) -> dict[str, Any]:
    return {"id": note.pk, "text": note.text, "author": note.author.display_name(),
            "written_at": note.written_at}


@router.get("/queue", response={200: QueueOut, **REFUSALS}, summary="Arbeidskøen")
def work_queue(request: HttpRequest, filters: Query[QueueFilter]) -> dict[str, Any]:
    """The cases of the units you work in, 25 a page. Withdrawn cases are left out unless you
    ask for `withdrawn` or `all`."""
    user, _ = acting(request, Role.CASEWORKER)
    units = selectors.units_of(user)
    shown = [u for u in units if u.number == filters.unit] or units
    queue = queues.work_queue(user, shown, status=filters.status, sort=filters.sort,
                              text=filters.q, page=filters.page)
    page = queue.page
    return {
        "count": page.count, "count_over_limit": page.count_over_limit, "page": page.number,
        "pages": page.num_pages, "page_size": queues.PAGE_SIZE,
        "next_page": page.number + 1 if page.has_next else None,
        "previous_page": page.number - 1 if page.has_previous else None,
        "counts": queue.counts, "counts_over_limit": sorted(queue.over_limit),
        "items": [{"id": r.public_id, "reference": r.reference, "organisation": r.organisation,
                   "employee": r.employee, "status": r.status, "status_label": r.status_label,
                   "unit": r.unit, "assigned_to": r.assigned_to,
                   "days_since_received": r.days_since_received, "overdue": r.overdue,
                   "target_days": r.target_days, "planned_start": r.planned_start}
                  for r in queue.rows],
    }


@router.get("/cases/{case_id}", response={200: NavCaseOut, **REFUSALS},
            summary="Én sak (NAV)")
def get_case(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """The case with where it has been and why, and its questions to the employer."""
    user, _ = acting(request, Role.CASEWORKER)
    return nav_case_out(_nav_case(user, case_id))


@router.post("/cases/{case_id}/take", response={200: NavCaseOut, 409: ErrorOut, **REFUSALS},
             summary="Ta saken")
def take(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """Assign the case to yourself: `submitted` → `under_assessment`. Taking a case you have
    already taken changes nothing; a case someone else took answers 409 with their name."""
    user, _ = acting(request, Role.CASEWORKER)
    case = _nav_case(user, case_id, "take")
    _require_handling(user, case)
    with conflicts("case"):
        case = handling_actions.take_case(user, case)
    return nav_case_out(_nav_case(user, case_id))


@router.post("/cases/{case_id}/information-requests",
             response={201: InformationRequestOut, 409: ErrorOut, **REFUSALS},
             summary="Be arbeidsgiveren om flere opplysninger")
def ask_employer(request: HttpRequest, case_id: UUID, payload: QuestionIn) -> Any:
    """`under_assessment` → `waiting_for_employer`; the employer is notified. The same
    question twice gives one request."""
    user, _ = acting(request, Role.CASEWORKER)
    case = _nav_case(user, case_id, "information_request")
    _require_handling(user, case)
    with conflicts("question"):
        question = information_actions.request_information(user, case, payload.question)
    return Status(201, information_out(question))


@router.get("/cases/{case_id}/notes", response={200: list[NoteOut], **REFUSALS},
            summary="Notater (bare for NAV)")
def list_notes(request: HttpRequest, case_id: UUID) -> list[dict[str, Any]]:
    user, _ = acting(request, Role.CASEWORKER)
    case = _nav_case(user, case_id, "notes")
    return [note_out(n) for n in handling.notes(user, case)[:200]]


@router.post("/cases/{case_id}/notes", response={201: NoteOut, 409: ErrorOut, **REFUSALS},
             summary="Skriv et notat")
def add_note(request: HttpRequest, case_id: UUID, payload: NoteIn) -> Any:
    user, _ = acting(request, Role.CASEWORKER)
    case = _nav_case(user, case_id, "note")
    with conflicts("text"):
        note = handling_actions.add_note(user, case, payload.text, payload.key)
    return Status(201, note_out(note))


@router.post("/cases/{case_id}/reroute", response={200: NavCaseOut, 409: ErrorOut, **REFUSALS},
             summary="Flytt saken til en annen enhet")
def reroute(request: HttpRequest, case_id: UUID, payload: RerouteIn) -> dict[str, Any]:
    """The new unit receives the case as new; the reason is kept in the routing history.
    After the move you no longer see the case unless you also work in the new unit."""
    user, _ = acting(request, Role.CASEWORKER)
    case = _nav_case(user, case_id, "reroute")
    _require_handling(user, case)
    unit = NavUnit.objects.filter(number=payload.unit_number).first()
    if unit is None:
        raise invalid("unit_number", UNIT_NOT_FOUND)
    with conflicts("reason"):
        case = routing_actions.reroute_case(user, case, unit, payload.reason)
    case.refresh_from_db()
    return nav_case_out(case)


# --- The employer's side --------------------------------------------------------------------


@employer_router.get("/cases/{case_id}/information-requests",
                     response={200: list[InformationRequestOut], **REFUSALS},
                     summary="NAVs spørsmål på saken")
def employer_questions(request: HttpRequest, case_id: UUID) -> list[dict[str, Any]]:
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, case_id)
    return [information_out(r) for r in handling.information_requests(case)]


@employer_router.post("/cases/{case_id}/information-requests/{request_id}/answer",
                      response={200: InformationRequestOut, 409: ErrorOut, **REFUSALS},
                      summary="Svar på NAVs spørsmål")
def answer_question(request: HttpRequest, case_id: UUID, request_id: int,
                    answer: Form[str] = "",  # type: ignore[assignment]
                    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
                    ) -> dict[str, Any]:
    """`multipart/form-data` with `answer` (text) and up to five `files` (PDF, PNG or JPEG,
    checked by content, at most 10 MB each). The case goes back to the case worker. An answer
    sent twice stores the first."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, case_id, purpose="answer")
    question = handling.information_request(case, request_id)
    with conflicts("answer"):
        question = information_actions.answer_information(user, question, answer, files or [])
    return information_out(question)
