"""Acting on a case from its page: re-route, ask the employer, write a note."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import handling
from ekspertbistand.cases.actions import handling as handling_actions
from ekspertbistand.cases.actions import information as information_actions
from ekspertbistand.cases.actions import routing as routing_actions
from ekspertbistand.cases.permissions import CaseNotFound, NotAllowed, Role
from ekspertbistand.casework.views._common import case_page, open_case
from ekspertbistand.domain.case_status import InvalidTransition
from ekspertbistand.portal.auth import role_required
from ekspertbistand.reference.models import NavUnit


@role_required(Role.CASEWORKER)
@require_POST
def reroute(request: HttpRequest, public_id: Any) -> HttpResponse:
    unit_number = request.POST.get("unit", "")
    reason = request.POST.get("reason", "")
    try:
        case = open_case(request, public_id, purpose="reroute")
    except CaseNotFound:
        if not handling.just_rerouted_by(request.user, public_id):  # type: ignore[arg-type]
            raise
        # A second click after the case left our unit: it is gone from our view, as it should be.
        messages.info(request, _("Saken er flyttet og er ikke lenger hos enhetene dine."))
        return redirect("casework:queue")
    unit = NavUnit.objects.filter(number=unit_number).first()
    values = {"unit": unit_number, "reason": reason}
    if unit is None:
        return case_page(request, case, form="reroute", values=values, status=400,
                         error=_("Ny enhet: velg enheten saken skal flyttes til."))
    try:
        routing_actions.reroute_case(request.user, case, unit, reason)  # type: ignore[arg-type]
    except (NotAllowed, InvalidTransition) as error:
        return case_page(request, case, form="reroute", values=values, error=str(error),
                         status=400)
    messages.success(request, _("Sak %(reference)s er flyttet til %(unit)s.")
                     % {"reference": case.reference, "unit": unit.name})
    return redirect("casework:queue")


@role_required(Role.CASEWORKER)
@require_POST
def ask_employer(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = open_case(request, public_id, purpose="information_request")
    question = request.POST.get("question", "")
    try:
        information_actions.request_information(request.user, case, question)  # type: ignore[arg-type]
    except (NotAllowed, InvalidTransition) as error:
        return case_page(request, case, form="information", values={"question": question},
                         error=str(error), status=400)
    messages.success(request, _("Spørsmålet er sendt til arbeidsgiveren. Saken venter på svar."))
    return redirect("casework:case_detail", public_id=case.public_id)


@role_required(Role.CASEWORKER)
@require_POST
def add_note(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = open_case(request, public_id, purpose="note")
    text = request.POST.get("text", "")
    try:
        key = uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        key = None
    try:
        handling_actions.add_note(request.user, case, text, key)  # type: ignore[arg-type]
    except NotAllowed as error:
        return case_page(request, case, form="note", values={"text": text}, error=str(error),
                         status=400)
    messages.success(request, _("Notatet er lagret."))
    return redirect(reverse("casework:case_detail", args=[case.public_id]) + "#notater")
