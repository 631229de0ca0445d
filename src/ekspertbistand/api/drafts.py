"""The employer's application: organisations, the steps, drafts, consent request, submit.

Every rule and message comes from the same forms and actions the pages use; this module
only translates between JSON and those calls.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from ekspertbistand.api.auth import acting
from ekspertbistand.api.cases import REFUSALS, case_out, organisation_out
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import (
    CaseOut,
    ConsentRequestOut,
    DraftIn,
    DraftOut,
    ErrorOut,
    OrganisationOut,
    StepAnswersIn,
    StepDefinitionOut,
    StepResultOut,
    SubmitIn,
    ValidationErrorOut,
)
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.application import (
    STEPS,
    STEPS_BY_SLUG,
    CostsForm,
    bind_step,
    clean_answers,
    step_errors,
)
from ekspertbistand.cases.models import Case, ConsentRequest, Organisation, User
from ekspertbistand.cases.permissions import NotAllowed, Role, organisations_of, require_employer_access
from ekspertbistand.domain.case_status import CONSENT_LABELS, CaseStatus, ConsentStatus

router = Router(tags=["Søknad"])

STEP_NOT_FOUND = "Fant ikke steget."
NOT_A_DRAFT = "Søknaden er sendt og er ikke lenger et utkast. Se saken under /api/v1/cases/{id}."


# --- Organisations and the shape of the application ----------------------------------------

@router.get("/organisations", response={200: list[OrganisationOut], **REFUSALS},
            summary="Virksomheter jeg kan søke for", tags=["Søknad"])
def list_organisations(request: HttpRequest) -> list[dict[str, Any]]:
    """The organisations you hold the Altinn right «Tilskudd til ekspertbistand» for."""
    user, _ = acting(request, Role.EMPLOYER)
    return [organisation_out(o) for o in organisations_of(user)]


def _field_type(field: forms.Field) -> str:
    if isinstance(field, forms.MultipleChoiceField):
        return "multiple_choice"
    for kind, name in ((forms.ChoiceField, "choice"), (forms.DateField, "date"),
                       (forms.EmailField, "email"), (forms.IntegerField, "integer"),
                       (forms.DecimalField, "decimal")):
        if isinstance(field, kind):
            return name
    return "text" if isinstance(field.widget, forms.Textarea) else "string"


def _choices(field: forms.Field) -> list[dict[str, str]] | None:
    if not isinstance(field, forms.ChoiceField):
        return None
    choices = cast("list[tuple[Any, Any]]", field.choices)
    return [{"value": str(value), "label": str(label)} for value, label in choices]


@router.get("/application-steps", response=list[StepDefinitionOut], auth=None,
            summary="Stegene i søknaden og feltene deres")
def application_steps(request: HttpRequest) -> list[dict[str, Any]]:
    """The steps in order, each with its fields as the page form shows them. Use the field
    names as keys in `PUT /drafts/{id}/steps/{slug}`."""
    steps = []
    for step in STEPS:
        form = step.form()
        steps.append({"slug": step.slug, "title": str(step.title), "fields": [{
            "name": name, "label": str(field.label), "type": _field_type(field),
            "required": field.required, "help_text": str(field.help_text or ""),
            "choices": _choices(field),
        } for name, field in form.fields.items()]})
    return steps


# --- Drafts ---------------------------------------------------------------------------------

def _draft(user: User, draft_id: UUID, purpose: str = "edit") -> Case:
    case = selectors.get_case(user, Role.EMPLOYER, draft_id, purpose=purpose)
    if case.status != CaseStatus.DRAFT:
        raise Http404(NOT_A_DRAFT)
    return case


def _draft_out(case: Case) -> dict[str, Any]:
    context = selectors.step_context(case)
    errors = step_errors(context)
    costs = bind_step(STEPS_BY_SLUG["kostnader"], context)
    assert isinstance(costs, CostsForm)
    return {
        "id": case.public_id, "organisation": organisation_out(case.organisation),
        "created_at": case.created_at, "updated_at": case.updated_at,
        "consent_status": case.consent_status,
        "consent_status_label": CONSENT_LABELS[case.consent_enum],
        "max_rate_kr": costs.max_rate(),
        "steps": [{"slug": s.slug, "title": str(s.title), "saved": s.slug in case.answers,
                   "valid": s.slug not in errors,
                   "answers": clean_answers(case.answers.get(s.slug)),
                   "errors": errors.get(s.slug, {})} for s in STEPS],
        "ready_to_submit": not errors and case.consent_status == ConsentStatus.AGREED,
    }


@router.post("/drafts", response={201: DraftOut, 422: ValidationErrorOut, 503: ErrorOut,
                                  **REFUSALS},
             summary="Start en søknad")
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[dict[str, Any]]:
    """Start an empty draft for one of your organisations. Its details are refreshed from
    Enhetsregisteret first."""
    user, _ = acting(request, Role.EMPLOYER)
    organisation = Organisation.objects.filter(orgnr=payload.orgnr).first()
    if organisation is None:
        raise HttpError(403, f"Du har ikke tilgang til å søke for organisasjonsnummer "
                             f"{payload.orgnr}. Se GET /api/v1/organisations for virksomhetene "
                             "du kan søke for.")
    require_employer_access(user, organisation)
    try:
        organisation = app_actions.organisation_from_register(organisation.orgnr)
    except NotAllowed as error:
        return Status(422, {"detail": str(error), "errors": {"body": {"orgnr": [str(error)]}}})
    case = app_actions.create_draft(user, organisation)
    return Status(201, _draft_out(case))


@router.get("/drafts/{draft_id}", response={200: DraftOut, **REFUSALS}, summary="Ett utkast")
def get_draft(request: HttpRequest, draft_id: UUID) -> dict[str, Any]:
    """The answers of every step as typed, each step's errors (judged as of today) and the
    employee's consent. A sent application is no longer a draft: see `GET /cases/{id}`."""
    user, _ = acting(request, Role.EMPLOYER)
    return _draft_out(_draft(user, draft_id))


@router.put("/drafts/{draft_id}/steps/{slug}",
            response={200: StepResultOut, 409: ErrorOut, 422: ValidationErrorOut, **REFUSALS},
            summary="Lagre et steg")
def save_step(request: HttpRequest, draft_id: UUID, slug: str,
              payload: StepAnswersIn) -> dict[str, Any]:
    """Store the step's answers, valid or not (nothing typed is lost, as on the pages), and
    return the step's errors with the pages' messages. The whole step is replaced: a field
    left out is stored as empty."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, draft_id, purpose="edit")
    if slug not in STEPS_BY_SLUG:
        raise Http404(STEP_NOT_FOUND)
    with state_conflicts():
        errors = app_actions.save_step(user, case, slug, payload.model_dump())
    return {"valid": not errors, "errors": errors}


@router.delete("/drafts/{draft_id}", response={204: None, 409: ErrorOut, **REFUSALS},
               summary="Slett utkastet")
def delete_draft(request: HttpRequest, draft_id: UUID) -> Status[None]:
    """Delete a draft and every answer in it. A sent application cannot be deleted (409)."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, draft_id, purpose="delete")
    with state_conflicts():
        app_actions.delete_draft(user, case)
    return Status(204, None)


@router.post("/drafts/{draft_id}/consent-request",
             response={201: ConsentRequestOut, 409: ErrorOut, **REFUSALS},
             summary="Be arbeidstakeren om samtykke")
def request_consent(request: HttpRequest, draft_id: UUID) -> Status[dict[str, Any]]:
    """Ask the employee named in the step `arbeidstaker` to agree. The employee answers when
    logged in as themself. Asking again replaces an earlier unanswered request."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, draft_id, purpose="edit")
    with state_conflicts():
        consent_request = consent_actions.request_consent(user, case)
    return Status(201, consent_request_out(consent_request))


def consent_request_out(consent_request: ConsentRequest) -> dict[str, Any]:
    return {"id": consent_request.pk, "status": consent_request.status,
            "status_label": CONSENT_LABELS[ConsentStatus(consent_request.status)],
            "requested_at": consent_request.requested_at,
            "responded_at": consent_request.responded_at}


@router.post("/drafts/{draft_id}/submit",
             response={200: CaseOut, 201: CaseOut, 409: ErrorOut, 422: ValidationErrorOut,
                       **REFUSALS},
             summary="Send søknaden til NAV")
def submit(request: HttpRequest, draft_id: UUID, payload: SubmitIn) -> Status[dict[str, Any]]:
    """Send the application. 201 with the case and its reference (EB-ÅÅÅÅ-NNNNNN) the first
    time; sending again answers 200 with the same case and creates nothing. 422 lists what is
    missing, per step, with the pages' messages (`samtykke` when the employee has not agreed,
    `oppsummering` for the two confirmations)."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, draft_id, purpose="submit")
    try:
        with state_conflicts():
            sent = app_actions.submit(
                user, case, attested=payload.attest_correct and payload.attest_together)
    except app_actions.ApplicationIncomplete as incomplete:
        return Status(422, {"detail": str(incomplete), "errors": incomplete.errors})
    return Status(201 if sent.first_time else 200, case_out(sent.case))
