"""'Passer ekspertbistand for oss?' — the questions and their assessment. No login needed:
nothing is stored, and the answers say nothing about a person."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from ekspertbistand.api.schemas import AssessmentIn, AssessmentOut, QuestionOut, ValidationErrorOut
from ekspertbistand.domain import eligibility
from ekspertbistand.domain.eligibility import Outcome

router = Router(tags=["Passer det?"], auth=None)

OUTCOME_TEXT = {
    Outcome.CAN_APPLY: "Dere kan søke om ekspertbistand. Svaret er ikke et vedtak; NAV vurderer "
                       "søknaden.",
    Outcome.DO_FIRST: "Ordningen kan passe, men noe må være på plass før dere søker.",
    Outcome.NOT_ELIGIBLE: "Ekspertbistand passer ikke i denne saken.",
}


@router.get("/questions", response=list[QuestionOut], summary="Spørsmålene i veiviseren")
def questions(request: HttpRequest) -> list[dict[str, object]]:
    """The questions in the order the pages ask them, with their answer options."""
    return [{"key": q.key, "text": q.text, "explanation": q.explanation,
             "options": [{"value": o.value, "label": o.label} for o in q.options]}
            for q in eligibility.QUESTIONS]


@router.post("/assessment", response={200: AssessmentOut, 422: ValidationErrorOut},
             summary="Vurder svarene")
def assessment(request: HttpRequest, payload: AssessmentIn) -> dict[str, object]:
    """Judge the answers with the same rules as the pages. Unknown or missing answers are
    listed in `unanswered`, never assumed."""
    result = eligibility.assess(payload.answers)
    return {
        "outcome": result.outcome.value,
        "outcome_text": OUTCOME_TEXT[result.outcome],
        "findings": [{"question": f.question.key, "question_text": f.question.text,
                      "answer": f.option.value, "answer_label": f.option.label,
                      "outcome": f.option.outcome.value, "advice": f.option.advice}
                     for f in result.findings],
        "unanswered": list(result.unanswered),
    }
