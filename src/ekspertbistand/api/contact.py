"""Talking to NAV: the talk before the application, and the message threads on a case.

The same forms, rules and messages as the pages (``contact/forms.py``, the actions). Reading a
thread marks the other side's messages read and is audit-logged, as on the pages. Attachments
are sent and fetched on the pages only in v1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from ekspertbistand.api.auth import acting
from ekspertbistand.api.cases import REFUSALS
from ekspertbistand.api.errors import INVALID_REQUEST, state_conflicts
from ekspertbistand.api.schemas import ErrorOut, ValidationErrorOut
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import contact as contact_actions
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.models import User
from ekspertbistand.cases.permissions import Role, organisations_of
from ekspertbistand.contact import selectors as contact_selectors
from ekspertbistand.contact.forms import RecordTalkForm, TalkRequestForm
from ekspertbistand.contact.models import TalkRequest, Thread
from ekspertbistand.contact.permissions import THREAD_OF_ROLE
from ekspertbistand.contact.selectors import MessageView

router = Router(tags=["Kontakt med NAV"])

THREAD_NOT_FOUND = "Fant ikke meldingstråden. Bruk thread=employer eller thread=employee."


# --- Schemas -------------------------------------------------------------------------------

class MessageOut(Schema):
    id: int
    sender: str = Field(description="Avsender slik du får se den: «Du», navn og virksomhet, "
                                    "eller saksbehandler og NAV-enhet (bare «NAV» der enheten "
                                    "ikke kan vises).")
    side: str = Field(description="`nav`, `employer` eller `employee`.")
    mine: bool = Field(description="Sendt fra din side av tråden.")
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None = Field(description="Når den andre siden åpnet meldingen.")
    attachment_name: str | None = None


class ThreadOut(Schema):
    thread: str = Field(description="`talk`, `employer` eller `employee`.")
    messages: list[MessageOut]


class MessageIn(Schema):
    body: str = Field(description="Meldingen, høyst 4000 tegn. Ikke skriv helseopplysninger.",
                      max_length=4000)
    confirm_health: bool = Field(False, description="Send selv om teksten ser ut til å ha "
                                                    "helseopplysninger (etter et 422-svar).")


class CaseMessageIn(MessageIn):
    thread: Literal["employer", "employee"] | None = Field(
        None, description="Bare for NAV: tråden med arbeidsgiveren eller arbeidstakeren.")


class TalkIn(Schema):
    orgnr: str = Field(description="Virksomheten samtalen gjelder (du må ha tilgang til den).")
    description: str = Field(description="Hva dere vil snakke om, uten helseopplysninger.")
    availability: str = Field(description="Når dere kan snakke.")


class TalkRecordIn(Schema):
    talk_date: dt.date
    nav_participant: str
    employer_participants: str
    outcome: Literal["relevant", "try_first", "not_suitable"]
    outcome_note: str = ""


class TalkLinkIn(Schema):
    talk_id: UUID | None = Field(description="Samtalen søknaden viser til; `null` fjerner "
                                             "koblingen.")


class TalkOut(Schema):
    id: UUID
    organisation: str
    unit: str = Field(description="NAV-enheten forespørselen er sendt til.")
    status: str = Field(description="`new`, `taken` eller `recorded`.")
    status_label: str
    description: str
    availability: str
    created_at: dt.datetime
    assigned_to: str | None
    talk_date: dt.date | None
    nav_participant: str
    employer_participants: str
    outcome: str = Field(description="`relevant`, `try_first`, `not_suitable`, eller tom.")
    outcome_label: str
    outcome_note: str
    application_id: UUID | None = Field(description="Søknaden som viser til samtalen.")


class TalkDetailOut(TalkOut):
    messages: list[MessageOut]


# --- Helpers ---------------------------------------------------------------------------------

def _message_out(m: MessageView) -> dict[str, Any]:
    return {"id": m.id, "sender": m.sender, "side": m.side, "mine": m.mine, "body": m.body,
            "sent_at": m.sent_at, "read_at": m.read_at,
            "attachment_name": m.attachment.original_name if m.attachment else None}


def _talk_out(talk: TalkRequest) -> dict[str, Any]:
    return {"id": talk.public_id, "organisation": talk.organisation.name, "unit": talk.unit.name,
            "status": talk.status, "status_label": talk.get_status_display(),
            "description": talk.description, "availability": talk.availability,
            "created_at": talk.created_at,
            "assigned_to": talk.assigned_to.display_name() if talk.assigned_to else None,
            "talk_date": talk.talk_date, "nav_participant": talk.nav_participant,
            "employer_participants": talk.employer_participants, "outcome": talk.outcome,
            "outcome_label": talk.get_outcome_display() if talk.outcome else "",
            "outcome_note": talk.outcome_note,
            "application_id": talk.case.public_id if talk.case else None}


def _form_errors(form: Any) -> Status[dict[str, Any]]:
    return Status(422, {"detail": INVALID_REQUEST, "errors": {"body": {
        k: [str(m) for m in v] for k, v in form.errors.items()}}})


def _health_refusal(warning: message_actions.HealthDetailsSuspected) -> Status[dict[str, Any]]:
    return Status(422, {"detail": str(warning), "errors": {"body": {"body": [
        f.message for f in warning.findings]}}})


def _send(send: Any) -> Any:
    try:
        with state_conflicts():
            return send()
    except message_actions.HealthDetailsSuspected as warning:
        return _health_refusal(warning)


def _detail(user: User, role: Role, talk: TalkRequest) -> dict[str, Any]:
    thread = contact_selectors.open_talk_thread(user, role, talk)
    return {**_talk_out(talk), "messages": [_message_out(m) for m in thread]}


# --- The talk before the application -----------------------------------------------------

@router.get("/talks", response={200: list[TalkOut], **REFUSALS}, summary="Samtaler med NAV")
def list_talks(request: HttpRequest) -> list[dict[str, Any]]:
    """As employer: the requests of the organisations you may act for, newest first. As NAV
    case worker: your units' queue, open requests first."""
    user, role = acting(request, Role.EMPLOYER, Role.CASEWORKER)
    talks = (contact_selectors.talks_for_employer(user) if role is Role.EMPLOYER
             else contact_selectors.talk_queue(selectors.units_of(user)))
    return [_talk_out(t) for t in talks.select_related("assigned_to", "case")[:200]]


@router.post("/talks", response={201: TalkDetailOut, 422: ValidationErrorOut, **REFUSALS},
             summary="Be om en samtale med NAV")
def request_talk(request: HttpRequest, payload: TalkIn) -> Status[dict[str, Any]]:
    """Send the request to the NAV unit covering the organisation's municipality."""
    user, role = acting(request, Role.EMPLOYER)
    organisations = {o.orgnr: o for o in organisations_of(user)}
    form = TalkRequestForm(payload.model_dump(exclude={"orgnr"}) | {
        "organisation": payload.orgnr}, organisations=[(k, k) for k in organisations])
    if not form.is_valid():
        return _form_errors(form)
    talk = contact_actions.request_talk(user, organisations[payload.orgnr],
                                        description=form.cleaned_data["description"],
                                        availability=form.cleaned_data["availability"])
    return Status(201, _detail(user, role, talk))


@router.get("/talks/{talk_id}", response={200: TalkDetailOut, **REFUSALS}, summary="Én samtale")
def get_talk(request: HttpRequest, talk_id: UUID) -> dict[str, Any]:
    """The request, NAV's record of the talk, and the messages (marked read)."""
    user, role = acting(request, Role.EMPLOYER, Role.CASEWORKER)
    return _detail(user, role, contact_selectors.get_talk(user, role, talk_id))


@router.post("/talks/{talk_id}/messages",
             response={201: MessageOut, 409: ErrorOut, 422: ValidationErrorOut, **REFUSALS},
             summary="Skriv en melding om samtalen")
def talk_message(request: HttpRequest, talk_id: UUID, payload: MessageIn) -> Any:
    """422 when the text looks like it holds health details: send again with
    `confirm_health: true` if they are needed."""
    user, role = acting(request, Role.EMPLOYER, Role.CASEWORKER)
    talk = contact_selectors.get_talk(user, role, talk_id)
    result = _send(lambda: message_actions.send_talk_message(
        user, role, talk, payload.body, confirmed=payload.confirm_health))
    if isinstance(result, Status):
        return result
    return Status(201, {"id": result.pk, "sender": "Du", "side": result.side, "mine": True,
                        "body": result.body, "sent_at": result.sent_at, "read_at": None})


@router.post("/talks/{talk_id}/take", response={200: TalkOut, 409: ErrorOut, **REFUSALS},
             summary="Ta forespørselen (NAV)")
def take_talk(request: HttpRequest, talk_id: UUID) -> dict[str, Any]:
    """409 when a colleague has taken it already."""
    user, role = acting(request, Role.CASEWORKER)
    talk = contact_selectors.get_talk(user, role, talk_id)
    with state_conflicts():
        return _talk_out(contact_actions.take_talk(user, talk))


@router.post("/talks/{talk_id}/record",
             response={200: TalkOut, 409: ErrorOut, 422: ValidationErrorOut, **REFUSALS},
             summary="Skriv ned samtalen (NAV)")
def record_talk(request: HttpRequest, talk_id: UUID, payload: TalkRecordIn) -> Any:
    """The date (not in the future), who took part, and the outcome the employer sees.
    `try_first` needs `outcome_note`. Recording again corrects the record."""
    user, role = acting(request, Role.CASEWORKER)
    talk = contact_selectors.get_talk(user, role, talk_id)
    form = RecordTalkForm(payload.model_dump(mode="json"))
    if not form.is_valid():
        return _form_errors(form)
    with state_conflicts():
        return _talk_out(contact_actions.record_talk(user, talk, form.cleaned_data))


@router.put("/drafts/{draft_id}/nav-talk", response={204: None, 409: ErrorOut, **REFUSALS},
            summary="Knytt søknaden til samtalen")
def link_talk(request: HttpRequest, draft_id: UUID, payload: TalkLinkIn) -> Status[None]:
    """Fill the NAV-contact step (`bht-og-nav`) from a recorded talk and link it, so NAV sees
    it with the application; `talk_id: null` removes the link and keeps what was typed."""
    user, role = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, role, draft_id, purpose="edit")
    with state_conflicts():
        if payload.talk_id is None:
            contact_actions.unlink_talk(user, case)
        else:
            contact_actions.link_talk(user, case, contact_selectors.get_talk(
                user, role, payload.talk_id))
    return Status(204, None)


# --- Threads on a case -----------------------------------------------------------------------

def _kind_for(role: Role, thread: str | None) -> str:
    if role is Role.CASEWORKER:
        if thread not in (Thread.Kind.EMPLOYER, Thread.Kind.EMPLOYEE):
            raise Http404(THREAD_NOT_FOUND)
        return thread
    return THREAD_OF_ROLE[role]


@router.get("/cases/{case_id}/messages", response={200: ThreadOut, **REFUSALS},
            summary="Meldinger i saken")
def case_messages(request: HttpRequest, case_id: UUID, thread: str | None = None
                  ) -> dict[str, Any]:
    """As employer: your thread with the unit handling the case. As employee: your own thread
    with NAV, which the employer never sees. As NAV: `thread=employer` or `thread=employee`."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE, Role.CASEWORKER)
    case = selectors.get_case(user, role, case_id, purpose="messages")
    kind = _kind_for(role, thread)
    return {"thread": kind, "messages": [
        _message_out(m) for m in contact_selectors.open_case_thread(user, role, case, kind)]}


@router.post("/cases/{case_id}/messages",
             response={201: MessageOut, 409: ErrorOut, 422: ValidationErrorOut, **REFUSALS},
             summary="Skriv en melding i saken")
def send_case_message(request: HttpRequest, case_id: UUID, payload: CaseMessageIn) -> Any:
    """A message in your thread (NAV: the one named by `thread`). 422 when the text looks like
    it holds health details: send again with `confirm_health: true` if they are needed."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE, Role.CASEWORKER)
    case = selectors.get_case(user, role, case_id, purpose="message")
    kind = _kind_for(role, payload.thread)
    result = _send(lambda: message_actions.send_case_message(
        user, role, case, kind, payload.body, confirmed=payload.confirm_health))
    if isinstance(result, Status):
        return result
    return Status(201, {"id": result.pk, "sender": "Du", "side": result.side, "mine": True,
                        "body": result.body, "sent_at": result.sent_at, "read_at": None})


# --- «Noe stemmer ikke» on a request to agree (decision 0034) ---------------------------------

class ConsentCommentOut(Schema):
    id: int
    body: str
    created_at: dt.datetime


@router.post("/consent-requests/{request_id}/comments",
             response={201: ConsentCommentOut, 409: ErrorOut, 422: ValidationErrorOut,
                       **REFUSALS},
             summary="Si fra at noe ikke stemmer")
def consent_comment(request: HttpRequest, request_id: int, payload: MessageIn) -> Any:
    """As the employee the request is to: a comment to the employer about what the application
    says, instead of agreeing or declining. The request stays unanswered. 422 when the text
    looks like it holds health details (send again with `confirm_health: true`)."""
    from ekspertbistand.api.consents import _own_request

    user, _role = acting(request, Role.EMPLOYEE)
    consent_request, _case = _own_request(user, request_id)
    result = _send(lambda: contact_actions.comment_on_consent(
        user, consent_request, payload.body, confirmed=payload.confirm_health))
    if isinstance(result, Status):
        return result
    return Status(201, {"id": result.pk, "body": result.body, "created_at": result.created_at})
