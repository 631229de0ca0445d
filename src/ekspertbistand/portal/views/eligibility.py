"""«Passer ekspertbistand for oss?»: the guided check before the application, no login."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ekspertbistand.domain import eligibility

ELIGIBILITY_SESSION = "eligibility"
# «Endre» on the result page sends the user back there after the answer, not onwards.
RETURN_TO_RESULT = "resultat"


def eligibility_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/eligibility_start.html",
                  {"questions": eligibility.QUESTIONS,
                   "first": eligibility.QUESTIONS[0].slug})


def eligibility_question(request: HttpRequest, slug: str) -> HttpResponse:
    question = eligibility.QUESTIONS_BY_SLUG.get(slug)
    if question is None:
        raise Http404(_("Fant ikke spørsmålet."))
    answers: dict[str, str] = request.session.get(ELIGIBILITY_SESSION, {})
    slugs = [q.slug for q in eligibility.QUESTIONS]
    index = slugs.index(slug)
    back_to_result = (request.POST if request.method == "POST" else request.GET).get(
        "tilbake") == RETURN_TO_RESULT
    error = ""
    if request.method == "POST":
        value = request.POST.get("answer", "")
        if question.option(value) is None:
            error = _("Velg ett av svarene for å gå videre.")
        else:
            answers[question.key] = value
            request.session[ELIGIBILITY_SESSION] = answers
            if index + 1 < len(slugs) and not back_to_result:
                return redirect("portal:eligibility_question", slug=slugs[index + 1])
            return redirect("portal:eligibility_result")
    return render(request, "portal/eligibility_question.html", {
        "question": question, "selected": answers.get(question.key, ""), "error": error,
        "number": index + 1, "total": len(slugs),
        "previous": slugs[index - 1] if index > 0 else None,
        "back_to_result": back_to_result,
    }, status=400 if error else 200)


def eligibility_result(request: HttpRequest) -> HttpResponse:
    answers = request.session.get(ELIGIBILITY_SESSION, {})
    result = eligibility.assess(answers)
    if result.unanswered and len(result.unanswered) == len(eligibility.QUESTIONS):
        return redirect("portal:eligibility_start")
    return render(request, "portal/eligibility_result.html", {
        "result": result,
        "first_unanswered": (eligibility.QUESTIONS_BY_KEY[result.unanswered[0]].slug
                             if result.unanswered else None),
        "answered": [(q, q.option(answers.get(q.key, ""))) for q in eligibility.QUESTIONS],
    })
