"""Request and response bodies of /api/v1. Field names are stable within v1."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, field_validator

from ekspertbistand.domain.identifiers import clean_orgnr

# The identifiers' formats as the API documents them (JSON Schema patterns, ECMA 262). The
# checksums are checked too (python-stdnum), with the same Norwegian messages as the pages.
ORGNR_PATTERN = r"^[0-9]{9}$"
ORGNR_INPUT_PATTERN = r"^\s*([0-9]\s*){9}$"  # spaces between the digits are allowed
NATIONAL_ID_INPUT_PATTERN = r"^[\s.-]*([0-9][\s.-]*){11}$"  # «120378 23560» is allowed

# --- Errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="Hva som gikk galt og hva du kan gjøre, på norsk.")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Kort oppsummering på norsk.")
    errors: dict[str, dict[str, list[str]]] = Field(
        description="Feilmeldinger per steg (eller del av forespørselen: `body`, `query`, `path`) "
                    "og felt. `__all__` gjelder hele steget.",
        examples=[{"samtykke": {"__all__": [
            "Arbeidstakeren må samtykke før dere kan sende søknaden."]}}],
    )


# --- Eligibility ----------------------------------------------------------------------------


class OptionOut(Schema):
    value: str = Field(description="Verdien som sendes i svaret.")
    label: str = Field(description="Svaralternativet slik det vises.")


class QuestionOut(Schema):
    key: str = Field(description="Spørsmålets nøkkel, brukt i `answers`.")
    text: str = Field(description="Spørsmålet.")
    explanation: str = Field(description="Forklaring som vises under spørsmålet.")
    options: list[OptionOut]


class AssessmentIn(Schema):
    answers: dict[str, str] = Field(
        description="Svar per spørsmål: nøkkel → verdi fra `options`. Ubesvarte spørsmål kan "
                    "utelates; de rapporteres i `unanswered`.",
        examples=[{"sick_leave_history": "long", "employment": "yes", "nav_contacted": "no"}],
    )


class FindingOut(Schema):
    question: str = Field(description="Spørsmålets nøkkel.")
    question_text: str
    answer: str = Field(description="Verdien som ble svart.")
    answer_label: str
    outcome: str = Field(description="`do_first` eller `not_eligible`.")
    advice: str = Field(description="Hva dere bør gjøre først, eller hvorfor ordningen ikke passer.")


class AssessmentOut(Schema):
    outcome: str = Field(description="`can_apply`, `do_first` eller `not_eligible`.")
    outcome_text: str = Field(description="Resultatet i klartekst.")
    findings: list[FindingOut] = Field(description="Svarene som stopper eller utsetter søknaden.")
    unanswered: list[str] = Field(description="Nøklene til spørsmål uten gyldig svar.")


# --- Organisations and the application's steps ----------------------------------------------


class OrganisationOut(Schema):
    orgnr: str = Field(description="Organisasjonsnummer (9 siffer).",
                       json_schema_extra={"pattern": ORGNR_PATTERN})
    name: str
    municipality: str | None = Field(None, description="Kommunen virksomheten er registrert i.")


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    name: str = Field(description="Feltnavnet som brukes i svarene.")
    label: str = Field(description="Ledeteksten i skjemaet.")
    type: str = Field(description="`string`, `text`, `email`, `integer`, `decimal`, `date` "
                                  "(ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ), `choice` eller "
                                  "`multiple_choice` (liste av verdier).")
    required: bool
    help_text: str = ""
    choices: list[ChoiceOut] | None = None


class StepDefinitionOut(Schema):
    slug: str = Field(description="Stegets navn i adressen, for eksempel `arbeidstaker`.")
    title: str
    fields: list[FieldOut]


# --- Drafts ---------------------------------------------------------------------------------


class DraftIn(Schema):
    orgnr: str = Field(description="Virksomheten dere søker for: organisasjonsnummeret, 9 siffer "
                                   "(mellomrom mellom sifrene er lov), med gyldig kontrollsiffer.",
                       examples=["910825526"], json_schema_extra={"pattern": ORGNR_INPUT_PATTERN})

    @field_validator("orgnr")
    @classmethod
    def valid_orgnr(cls, value: str) -> str:
        return clean_orgnr(value)  # ValueError with the same Norwegian message as the forms


class StepAnswersIn(BaseModel):
    """The step's fields as ``name: value``; see ``GET /application-steps``. Unknown names
    are ignored. (A plain pydantic model: ninja's ``Schema`` drops undeclared fields.)"""

    model_config = ConfigDict(extra="allow", json_schema_extra={
        "additionalProperties": True,
        # The two identifiers among the steps' fields. Like every answer they are stored as
        # sent; one that does not match is reported in the step's `errors`.
        "properties": {
            "employee_national_id": {
                "type": "string", "pattern": NATIONAL_ID_INPUT_PATTERN,
                "description": "Steget `arbeidstaker`: fødselsnummer eller D-nummer, 11 siffer "
                               "(mellomrom, punktum og bindestrek er lov), gyldige "
                               "kontrollsiffer."},
            "expert_orgnr": {
                "type": "string", "pattern": ORGNR_INPUT_PATTERN,
                "description": "Steget `ekspert`: ekspertvirksomhetens organisasjonsnummer, 9 "
                               "siffer."},
        },
        "example": {"contact_name": "Hanne Lunde", "contact_phone": "91234567",
                    "contact_email": "hanne.lunde@example.no"},
    })


class StepResultOut(Schema):
    valid: bool = Field(description="Om steget er gyldig utfylt. Svarene er lagret uansett.")
    errors: dict[str, list[str]] = Field(description="Feilmeldinger per felt; `__all__` gjelder "
                                                     "hele steget.")


class DraftStepOut(Schema):
    slug: str
    title: str
    saved: bool = Field(description="Om steget er lagret minst én gang.")
    valid: bool
    answers: dict[str, Any] | None = Field(description="Svarene slik de ble sendt inn.")
    errors: dict[str, list[str]]


class ConsentRequestOut(Schema):
    id: int = Field(description="Forespørselens id.")
    status: str = Field(description="`pending`, `agreed` eller `declined`.")
    status_label: str
    requested_at: dt.datetime
    responded_at: dt.datetime | None


class DraftOut(Schema):
    id: UUID = Field(description="Sakens id (`public_id`).")
    organisation: OrganisationOut
    created_at: dt.datetime
    updated_at: dt.datetime
    consent_status: str = Field(description="`not_requested`, `pending`, `agreed`, `declined` "
                                "eller `must_ask_again` (søknaden er endret etter at "
                                "arbeidstakeren ble spurt).")
    consent_status_label: str
    max_rate_kr: int | None = Field(
        description="Maksimal sats for perioden i steget `periode`, når det er gyldig utfylt.")
    steps: list[DraftStepOut]
    ready_to_submit: bool = Field(description="Alle steg er gyldige og arbeidstakeren har samtykket.")


class SubmitIn(Schema):
    attest_correct: bool = Field(
        False, description="Jeg bekrefter at opplysningene er riktige og fullstendige.")
    attest_together: bool = Field(
        False, description="Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige om "
                           "innholdet.")


# --- Cases ----------------------------------------------------------------------------------


class CaseSummaryOut(Schema):
    id: UUID = Field(description="Sakens id (`public_id`).")
    reference: str | None = Field(description="Saksnummer, for eksempel EB-2026-000123. Tomt for "
                                              "utkast.")
    status: str = Field(description="Statuskode, for eksempel `draft` eller `submitted`.")
    status_label: str = Field(description="Statusen på norsk.")
    organisation: OrganisationOut
    employee_name: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None


class CasePageOut(Schema):
    items: list[CaseSummaryOut] = Field(description="Sakene på denne siden.")
    limit: int = Field(description="Største antall saker per side.")
    next_cursor: str | None = Field(description=(
        "Send som `cursor` for å hente neste side; `null` på siste side."))
    next: str | None = Field(description="Adressen til neste side; `null` på siste side.")


class TimelineEntryOut(Schema):
    at: dt.datetime
    text: str


class CaseOut(CaseSummaryOut):
    consent_status: str
    consent_status_label: str
    period_start: dt.date | None
    period_end: dt.date | None
    amount_applied_kr: int | None = Field(description="Beløpet det er søkt om, i hele kroner.")
    max_rate_kr: int | None = Field(description="Maksimal sats som gjaldt for perioden.")
    routed_unit: str | None = Field(description=(
        "NAV-enheten som behandler saken. Har arbeidstakeren strengt fortrolig adresse "
        "(kode 6), står det «NAV» for arbeidsgiver og arbeidstaker."))
    routed_unit_phone: str | None = Field(description=(
        "Telefonnummeret til enheten; for kode 6 NAVs nasjonale nummer (arbeidsgivertelefonen "
        "55 55 33 36 for arbeidsgivere)."))
    timeline: list[TimelineEntryOut]
    next_step: str = Field(description="Hva som skjer videre.")


# --- The employee's consent -----------------------------------------------------------------


class SummaryRowOut(Schema):
    label: str
    value: str


class SummarySectionOut(Schema):
    slug: str
    title: str
    rows: list[SummaryRowOut]


class PendingConsentOut(Schema):
    id: int = Field(description="Forespørselens id, brukt i `POST /consent-requests/{id}`.")
    case_id: UUID
    organisation: OrganisationOut
    requested_at: dt.datetime
    status: str = Field(description="`pending` (ikke besvart), `agreed` eller `declined`. Svaret "
                                    "kan endres til søknaden er sendt.")
    status_label: str


class ConsentDetailOut(PendingConsentOut):
    application: list[SummarySectionOut] = Field(
        description="Det som står i søknaden om arbeidstakeren.")


class ConsentAnswerIn(Schema):
    agree: bool = Field(description="`true` for å samtykke, `false` for å takke nei.")


class ConsentAnswerOut(Schema):
    id: int
    case_id: UUID
    status: str
    status_label: str
    responded_at: dt.datetime | None


class CsrfOut(Schema):
    csrf_token: str = Field(description="Send verdien i headeren `X-CSRFToken` på POST, PUT og "
                                        "DELETE, sammen med cookien `csrftoken`.")
