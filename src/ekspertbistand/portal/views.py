"""Pages for employers and employees. Thin: they read through selectors and change through
actions, and translate refusals into Norwegian messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.application import STEPS, STEPS_BY_SLUG, bind_step
from ekspertbistand.cases.models import ConsentRequest, Notice, Organisation, User
from ekspertbistand.cases.permissions import (
    ROLE_LABELS,
    NotAllowed,
    Role,
    can_act_for,
    organisations_of,
    roles_of,
)
from ekspertbistand.domain import eligibility
from ekspertbistand.domain.case_status import CONSENT_LABELS, CaseStatus, ConsentStatus
from ekspertbistand.domain.money import employer_share, format_kr
from ekspertbistand.domain.rates import rate_for_period
from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable
from ekspertbistand.portal.auth import SESSION_ROLE, current_role, role_required
from ekspertbistand.portal.panels import panels_for

ROLE_HOME = {
    Role.EMPLOYER: "portal:employer_home",
    Role.EMPLOYEE: "portal:employee_home",
    Role.EXPERT: "portal:expert_home",
    Role.CASEWORKER: "casework:inbox",
    Role.ADMIN: "admin:index",
}
ALL_STEP_SLUGS = [s.slug for s in STEPS] + ["samtykke", "oppsummering"]
STEP_TITLES = {s.slug: s.title for s in STEPS} | {
    "samtykke": _("Arbeidstakerens samtykke"), "oppsummering": _("Oppsummering")}


# --- Start, login -------------------------------------------------------------------------

def home(request: HttpRequest) -> HttpResponse:
    role = current_role(request)
    if role is not None:
        return redirect(ROLE_HOME[role])
    return render(request, "portal/home.html")


def login_page(request: HttpRequest) -> HttpResponse:
    """The demo login: pick a demo person and a role. Production uses ID-porten / Entra ID."""
    from django.conf import settings

    if not settings.TEST_LOGIN_ENABLED:
        raise Http404(_("Testinnlogging er ikke tilgjengelig."))
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST":
        user = User.objects.filter(username=request.POST.get("username", "")).first()
        role_value = request.POST.get("role", "")
        if user is None or role_value not in {r.value for r in roles_of(user)}:
            messages.error(request, _("Velg en testperson og en rolle."))
            return redirect("portal:login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_ROLE] = role_value
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect(ROLE_HOME[Role(role_value)])
    people = []
    for user in User.objects.filter(is_active=True).order_by("last_name", "first_name"):
        roles = sorted(roles_of(user), key=list(Role).index)
        if roles:
            people.append({"user": user, "roles": [(r.value, ROLE_LABELS[r]) for r in roles],
                           "orgs": organisations_of(user)})
    return render(request, "portal/login.html", {"people": people, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Du er logget ut. Utkast er lagret."))
    return redirect("portal:home")


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


# --- The employer's cases and the application ---------------------------------------------

@role_required(Role.EMPLOYER)
def employer_home(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.cases_for_employer(request.user))  # type: ignore[arg-type]
    return render(request, "portal/employer_home.html", {
        "drafts": [c for c in cases if c.status == CaseStatus.DRAFT],
        "cases": [c for c in cases if c.status != CaseStatus.DRAFT],
        "organisations": organisations_of(request.user),  # type: ignore[arg-type]
    })


@role_required(Role.EMPLOYER)
@require_POST
def new_application(request: HttpRequest) -> HttpResponse:
    organisation = Organisation.objects.filter(orgnr=request.POST.get("orgnr", "")).first()
    if organisation is None or not can_act_for(request.user, organisation):  # type: ignore[arg-type]
        messages.error(request, _("Velg virksomheten dere søker for."))
        return redirect("portal:employer_home")
    try:
        organisation = app_actions.organisation_from_register(organisation.orgnr)
        case = app_actions.create_draft(request.user, organisation)  # type: ignore[arg-type]
    except NotAllowed as error:
        messages.error(request, str(error))
        return redirect("portal:employer_home")
    except RegisterUnavailable:
        messages.error(request, _("Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt; "
                                "ingenting er lagret ennå."))
        return redirect("portal:employer_home")
    return redirect("portal:application_step", public_id=case.public_id, slug=STEPS[0].slug)


def _employer_case(request: HttpRequest, public_id: Any) -> Any:
    return selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="edit")


def _step_nav(case: Any, slug: str) -> dict[str, Any]:
    index = ALL_STEP_SLUGS.index(slug)
    context = selectors.step_context(case)
    done = {s.slug for s in STEPS if (f := bind_step(s, context)).is_bound and f.is_valid()}
    if case.consent_status == ConsentStatus.AGREED:
        done.add("samtykke")
    return {
        "steps": [(s, STEP_TITLES[s], s in done) for s in ALL_STEP_SLUGS],
        "current": slug, "number": index + 1, "total": len(ALL_STEP_SLUGS),
        "previous": ALL_STEP_SLUGS[index - 1] if index > 0 else None,
        "next": ALL_STEP_SLUGS[index + 1] if index + 1 < len(ALL_STEP_SLUGS) else None,
        "step_title": STEP_TITLES[slug],
    }


@role_required(Role.EMPLOYER)
def application_step(request: HttpRequest, public_id: Any, slug: str) -> HttpResponse:
    case = _employer_case(request, public_id)
    if case.status != CaseStatus.DRAFT:
        return redirect("portal:case_detail", public_id=case.public_id)
    if slug == "samtykke":
        return _consent_step(request, case)
    if slug == "oppsummering":
        return _summary_step(request, case)
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404(_("Fant ikke steget."))
    nav = _step_nav(case, slug)
    status = 200
    if request.method == "POST":
        errors = app_actions.save_step(request.user, case, slug, request.POST)  # type: ignore[arg-type]
        case.refresh_from_db()
        if request.POST.get("action") == "later":
            messages.success(request, _("Utkastet er lagret. Du finner det under «Mine saker»."))
            return redirect("portal:employer_home")
        if not errors:
            return redirect("portal:application_step", public_id=case.public_id,
                            slug=nav["next"])
        status = 400
    context = selectors.step_context(case)
    form = bind_step(step, context)  # a saved step shows its errors again on return
    extra: dict[str, Any] = {}
    if slug == "kostnader":
        extra = _rate_info(context)
        total = form.cleaned_data.get("total_cost") if form.is_bound and form.is_valid() else None
        if total is not None and "max_rate_kr" in extra and total > extra["max_rate_kr"]:
            extra["employer_share"] = format_kr(employer_share(total, extra["max_rate_kr"]))
    return render(request, "portal/application_step.html", {
        "case": case, "form": form, "nav": nav, "step": step, **extra,
        "shown_to_employee": slug in app_actions.STEPS_SHOWN_TO_EMPLOYEE,
    }, status=status)


def _rate_info(context: Any) -> dict[str, Any]:
    period = bind_step(STEPS_BY_SLUG["periode"], context)
    if not period.is_bound or not period.is_valid():
        return {"rate_missing": True}
    rate = rate_for_period(period.cleaned_data["start_date"], context.rate_table)
    return {"max_rate": format_kr(rate), "max_rate_kr": rate,
            "rate_year": period.cleaned_data["start_date"].year}


def _consent_step(request: HttpRequest, case: Any) -> HttpResponse:
    if request.method == "POST":
        try:
            consent_actions.request_consent(request.user, case)  # type: ignore[arg-type]
            messages.success(request, _("Vi har bedt %(employee_name)s om å samtykke. Du får "
                                      "beskjed når hen har svart.") % {"employee_name": case.employee_name})
        except NotAllowed as error:
            messages.error(request, str(error))
        return redirect("portal:application_step", public_id=case.public_id, slug="samtykke")
    return render(request, "portal/application_consent.html", {
        "case": case, "nav": _step_nav(case, "samtykke"),
        "consent_label": CONSENT_LABELS[case.consent_enum],
        "request_obj": case.consent_requests.filter(active=True).first(),
    })


def _summary_step(request: HttpRequest, case: Any) -> HttpResponse:
    errors: dict[str, dict[str, list[str]]] = {}
    attest_error = ""
    if request.method == "POST":
        try:
            case = app_actions.submit_application(
                request.user, case,  # type: ignore[arg-type]
                attested=bool(request.POST.get("attest_correct")
                              and request.POST.get("attest_together")))
            return redirect("portal:receipt", public_id=case.public_id)
        except app_actions.ApplicationIncomplete as incomplete:
            errors = incomplete.errors
            attest_error = errors.pop("oppsummering", {}).get("__all__", [""])[0]
        except NotAllowed as error:
            messages.error(request, str(error))
    context = selectors.step_context(case)
    return render(request, "portal/application_summary.html", {
        "case": case, "nav": _step_nav(case, "oppsummering"),
        "sections": list(selectors.application_summary(context)),
        "errors": errors, "attest_error": attest_error,
        "step_titles": STEP_TITLES,
        "consent_label": CONSENT_LABELS[case.consent_enum],
    }, status=400 if (errors or attest_error) else 200)


def _confirm(request: HttpRequest, case: Any, *, title: str, text: str, button: str,
             back: str) -> HttpResponse:
    return render(request, "portal/confirm.html", {
        "case": case, "title": title, "text": text, "button": button, "back": back})


@role_required(Role.EMPLOYER)
def delete_draft(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _employer_case(request, public_id)
    if request.method != "POST":
        return _confirm(request, case, title=_("Vil du slette utkastet?"),
                        text=_("Alt som er fylt ut i utkastet blir slettet, og kan ikke hentes "
                             "tilbake. Har arbeidstakeren fått en forespørsel om samtykke, "
                             "forsvinner den også."),
                        button=_("Ja, slett utkastet"),
                        back=reverse("portal:application_step", args=[case.public_id,
                                                                      "kontaktperson"]))
    try:
        app_actions.delete_draft(request.user, case)  # type: ignore[arg-type]
        messages.success(request, _("Utkastet er slettet."))
    except NotAllowed as error:
        messages.error(request, str(error))
    return redirect("portal:employer_home")


@role_required(Role.EMPLOYER)
def withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _employer_case(request, public_id)
    if request.method != "POST":
        return _confirm(request, case,
                        title=_("Vil du trekke søknaden %(reference)s?")
                        % {"reference": case.reference},
                        text=_("NAV avslutter behandlingen av søknaden. Dere kan sende en ny "
                             "søknad senere."),
                        button=_("Ja, trekk søknaden"),
                        back=reverse("portal:case_detail", args=[case.public_id]))
    try:
        app_actions.withdraw_application(request.user, case)  # type: ignore[arg-type]
        messages.success(request, _("Søknaden %(reference)s er trukket.") % {"reference": case.reference})
    except (NotAllowed, ValueError) as error:
        messages.error(request, str(error))
    return redirect("portal:case_detail", public_id=case.public_id)


# --- Case pages shared by employer and employee --------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id)  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        if role == Role.EMPLOYER:
            return redirect("portal:application_step", public_id=case.public_id,
                            slug="oppsummering")
        request_obj = case.consent_requests.filter(active=True).first()
        return redirect("portal:consent", request_id=request_obj.pk)  # type: ignore[union-attr]
    return render(request, "portal/case_detail.html", {
        "case": case, "timeline": selectors.timeline(case),
        "unit": privacy.unit_contact(case, role),
        "next_step": selectors.next_step(case),
        "can_withdraw": role == Role.EMPLOYER and case.status == CaseStatus.SUBMITTED,
        "panels": panels_for(request, case, role),
    })


@role_required(Role.EMPLOYER)
def receipt(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.EMPLOYER, public_id)  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        return redirect("portal:application_step", public_id=case.public_id, slug="oppsummering")
    return render(request, "portal/receipt.html", {
        "case": case, "unit": privacy.unit_contact(case, Role.EMPLOYER)})


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def receipt_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    from ekspertbistand.documents.rendering import render_receipt_pdf

    role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id, purpose="pdf")  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        raise Http404(_("Søknaden er ikke sendt ennå."))
    response = HttpResponse(render_receipt_pdf(case, role=role), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kvittering-{case.reference}.pdf"'
    return response


# --- The employee --------------------------------------------------------------------------

@role_required(Role.EMPLOYEE)
def employee_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/employee_home.html", {
        "requests": selectors.pending_consents_for(request.user),  # type: ignore[arg-type]
        "cases": selectors.cases_for_employee(request.user),  # type: ignore[arg-type]
    })


@role_required(Role.EMPLOYEE)
def consent(request: HttpRequest, request_id: int) -> HttpResponse:
    consent_request = get_object_or_404(
        ConsentRequest.objects.select_related("case", "case__organisation"),
        pk=request_id, employee_national_id=request.user.national_id or "-")  # type: ignore[union-attr]
    case = selectors.get_case(request.user, Role.EMPLOYEE, consent_request.case.public_id,  # type: ignore[arg-type]
                              purpose="consent")
    error = ""
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("agree", "decline"):
            error = _("Velg om du samtykker eller ikke.")
        else:
            try:
                consent_actions.respond_to_consent(request.user, consent_request,  # type: ignore[arg-type]
                                                   agree=answer == "agree")
                messages.success(request, _("Takk, svaret ditt er sendt til arbeidsgiveren. ")
                                 + (_("Arbeidsgiveren kan nå sende søknaden til NAV.")
                                    if answer == "agree" else
                                    _("Søknaden kan ikke sendes uten samtykket ditt.")))
                return redirect("portal:employee_home")
            except NotAllowed as form_error:
                error = str(form_error)
    context = selectors.step_context(case)
    sections = [s for s in selectors.application_summary(context)
                if s.slug in app_actions.STEPS_SHOWN_TO_EMPLOYEE]
    return render(request, "portal/consent.html", {
        "consent_request": consent_request, "case": case, "sections": sections, "error": error,
    }, status=400 if error else 200)


# --- The expert ----------------------------------------------------------------------------

@role_required(Role.EXPERT)
def expert_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/expert_home.html", {"expert": request.user.expert})  # type: ignore[union-attr]


# --- Notices -------------------------------------------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE, Role.EXPERT)
def notices(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = Q(recipient=user)
    if request.role == Role.EMPLOYEE and user.national_id:  # type: ignore[attr-defined,union-attr]
        query = Q(recipient_national_id=user.national_id)  # type: ignore[union-attr]
    items = list(Notice.objects.filter(query)[:50])
    Notice.objects.filter(query, read_at=None).update(read_at=timezone.now())
    return render(request, "portal/notices.html", {"notices": items})


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")

