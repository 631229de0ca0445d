"""Assessment, proposal, approval, return, one-step decisions, grant changes and letters.

Thin: parse the form, call the action, redirect to the case page. What was typed and what is
wrong is kept in the session until the case page shows it again (nothing typed is lost)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import decision as actions
from ekspertbistand.cases.actions import grants as grant_actions
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.casework.decision_forms import (
    ApproveForm,
    CancelGrantForm,
    ChangeGrantForm,
    DecisionForm,
    ReturnForm,
)
from ekspertbistand.domain.assessment import CONDITIONS, Verdict
from ekspertbistand.portal.auth import role_required

SESSION_KEY = "decision_forms"


def keep(request: HttpRequest, case: Any, form_name: str, data: Any,
         errors: dict[str, list[str]]) -> None:
    """Keep what was typed and what is wrong until the case page has shown it."""
    stored = request.session.get(SESSION_KEY, {})
    stored[str(case.public_id)] = {"form": form_name, "errors": errors,
                                   "data": {k: data.get(k) for k in data if k != "csrfmiddlewaretoken"}}
    request.session[SESSION_KEY] = stored


def take_kept(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """What ``keep`` stored, once per request (both panels of the page may ask)."""
    if not hasattr(request, "_kept_decision_form"):
        stored = request.session.get(SESSION_KEY, {})
        kept = stored.pop(str(case.public_id), None)
        if kept is not None:
            request.session[SESSION_KEY] = stored
        request._kept_decision_form = kept  # type: ignore[attr-defined]
    return request._kept_decision_form  # type: ignore[attr-defined, no-any-return]


def _case(request: HttpRequest, public_id: Any, purpose: str) -> Any:
    return selectors.get_case(request.user, Role.CASEWORKER, public_id,  # type: ignore[arg-type]
                              purpose=purpose)


def _back(case: Any, anchor: str = "vedtak") -> HttpResponse:
    response = redirect("casework:case_detail", public_id=case.public_id)
    response["Location"] += f"#{anchor}"
    return response


def _form_errors(form: Any) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


@require_POST
@role_required(Role.CASEWORKER)
def save_assessment(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id, "assessment")
    entries = {}
    for condition in CONDITIONS:
        value = request.POST.get(f"verdict_{condition.key}", Verdict.NOT_ASSESSED)
        verdict = Verdict(value) if value in set(Verdict) else Verdict.NOT_ASSESSED
        entries[condition.key] = (verdict, request.POST.get(f"comment_{condition.key}", ""))
    try:
        errors = actions.save_assessment(request.user, case, entries)  # type: ignore[arg-type]
    except NotAllowed as error:
        messages.error(request, str(error))
        return _back(case, "vurdering")
    if errors:
        keep(request, case, "assessment", request.POST, errors)
        messages.error(request, _("Vurderingen er lagret, men noe må rettes."))
    else:
        messages.success(request, _("Vurderingen er lagret."))
    return _back(case, "vurdering")


def _decision_args(form: DecisionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"outcome": data["outcome"], "amount_kr": data["amount_kr"],
            "period_start": data["period_start"], "period_end": data["period_end"],
            "lowered_reason": data["lowered_reason"], "reason": data["reason"]}


def _run(request: HttpRequest, case: Any, form_name: str, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except actions.OverBudget as error:
        keep(request, case, form_name, request.POST, {"confirm_over_budget": [str(error)]})
    except (actions.DecisionInvalid, grant_actions.GrantInvalid) as error:
        keep(request, case, form_name, request.POST, error.errors)
    except NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(case)


@require_POST
@role_required(Role.CASEWORKER)
def propose(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id, "propose")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        keep(request, case, "decision", request.POST, _form_errors(form))
        return _back(case)
    return _run(request, case, "decision",
                lambda: actions.propose_decision(request.user, case, **_decision_args(form)),  # type: ignore[arg-type]
                _("Forslaget er sendt til beslutter."))


@require_POST
@role_required(Role.CASEWORKER)
def decide(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id, "decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        keep(request, case, "decision", request.POST, _form_errors(form))
        return _back(case)
    return _run(request, case, "decision", lambda: actions.decide(
        request.user, case, confirm_over_budget=form.cleaned_data["confirm_over_budget"],  # type: ignore[arg-type]
        **_decision_args(form)), _("Vedtaket er fattet. Brevet sendes til arbeidsgiveren."))


@require_POST
@role_required(Role.CASEWORKER)
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id, "approve")
    form = ApproveForm(request.POST)
    form.is_valid()
    return _run(request, case, "approve", lambda: actions.approve_decision(
        request.user, case,  # type: ignore[arg-type]
        confirm_over_budget=form.cleaned_data.get("confirm_over_budget", False)),
        _("Forslaget er godkjent og vedtaket fattet. Brevet sendes til arbeidsgiveren."))


@require_POST
@role_required(Role.CASEWORKER)
def return_proposal(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id, "return")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        keep(request, case, "return", request.POST, _form_errors(form))
        return _back(case)
    return _run(request, case, "return", lambda: actions.return_proposal(
        request.user, case, comment=form.cleaned_data["comment"]),  # type: ignore[arg-type]
        _("Forslaget er sendt tilbake til saksbehandleren."))


@require_POST
@role_required(Role.CASEWORKER)
def change_grant(request: HttpRequest, public_id: Any, number: str) -> HttpResponse:
    case = _case(request, public_id, "change_grant")
    grant = ds.grant_by_number(case, number)
    form = ChangeGrantForm(request.POST)
    name = f"change:{number}"
    if not form.is_valid():
        keep(request, case, name, request.POST, _form_errors(form))
        return _back(case)
    data = form.cleaned_data
    return _run(request, case, name, lambda: grant_actions.change_grant(
        request.user, grant, period_start=data["period_start"],  # type: ignore[arg-type]
        period_end=data["period_end"], amount_kr=data["amount_kr"], reason=data["reason"],
        expert_name=data["expert_name"] or None, expert_company=data["expert_company"] or None),
        _("Tilsagnet er endret. Det nye brevet sendes til arbeidsgiveren."))


@require_POST
@role_required(Role.CASEWORKER)
def cancel_grant(request: HttpRequest, public_id: Any, number: str) -> HttpResponse:
    case = _case(request, public_id, "cancel_grant")
    grant = ds.grant_by_number(case, number)
    form = CancelGrantForm(request.POST)
    name = f"cancel:{number}"
    if not form.is_valid():
        keep(request, case, name, request.POST, _form_errors(form))
        return _back(case)
    return _run(request, case, name, lambda: grant_actions.cancel_grant(
        request.user, grant, reason=form.cleaned_data["reason"]),  # type: ignore[arg-type]
        _("Tilsagnet er annullert. Brevet sendes til arbeidsgiveren."))


def letter_response(case: Any, kind: str, key: str, audience: str) -> HttpResponse:
    from ekspertbistand.documents.letters import FILE_NAMES, file_name, render_letter_pdf

    if kind not in FILE_NAMES:
        raise Http404(_("Fant ikke brevet."))
    try:
        pdf = ds.archived_letter(case, kind, key) if audience == "archive" else None
        if pdf is None:
            pdf = render_letter_pdf(case, kind, key, audience=audience)
    except (LookupError, ObjectDoesNotExist, ValueError) as error:
        raise Http404(_("Fant ikke brevet.")) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name(case, kind, key)}"'
    return response


@require_GET
@role_required(Role.CASEWORKER)
def letter(request: HttpRequest, public_id: Any, kind: str, key: str) -> HttpResponse:
    """NAV's copy: the archived PDF/A once the outbox has archived it."""
    case = _case(request, public_id, "letter")
    return letter_response(case, kind, key, "archive")
