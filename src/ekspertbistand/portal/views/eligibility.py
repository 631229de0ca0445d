"""«Passer ekspertbistand for oss?»: the guided check before the application, no login."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ekspertbistand.domain import eligibility

# --- "Passer ekspertbistand for oss?" ------------------------------------------------------

ELIGIBILITY_SESSION = "eligibility"


def eligibility_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/eligibility_start.html",
                  {"questions": eligibility.QUESTIONS,
                   "first": eligibility.QUESTIONS[0].key})


def eligibility_question(request: HttpRequest, key: str) -> HttpResponse:
    question = eligibility.QUESTIONS_BY_KEY.get(key)
    if question is None:
        raise Http404(_("Fant ikke spørsmålet."))
    answers: dict[str, str] = request.session.get(ELIGIBILITY_SESSION, {})
    keys = [q.key for q in eligibility.QUESTIONS]
    index = keys.index(key)
    error = ""
    if request.method == "POST":
        value = request.POST.get("answer", "")
        if question.option(value) is None:
            error = _("Velg ett av svarene for å gå videre.")
        else:
            answers[key] = value
            request.session[ELIGIBILITY_SESSION] = answers
            if index + 1 < len(keys):
                return redirect("portal:eligibility_question", key=keys[index + 1])
            return redirect("portal:eligibility_result")
    return render(request, "portal/eligibility_question.html", {
        "question": question, "selected": answers.get(key, ""), "error": error,
        "number": index + 1, "total": len(keys),
        "previous": keys[index - 1] if index > 0 else None,
    }, status=400 if error else 200)


def eligibility_result(request: HttpRequest) -> HttpResponse:
    answers = request.session.get(ELIGIBILITY_SESSION, {})
    result = eligibility.assess(answers)
    if result.unanswered and len(result.unanswered) == len(eligibility.QUESTIONS):
        return redirect("portal:eligibility_start")
    return render(request, "portal/eligibility_result.html", {
        "result": result,
        "answered": [(q, q.option(answers.get(q.key, ""))) for q in eligibility.QUESTIONS],
    })
