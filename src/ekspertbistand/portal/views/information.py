"""The employer's answer to NAV's question, and the files on a case (access-checked)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import handling, selectors
from ekspertbistand.cases.actions import information as information_actions
from ekspertbistand.cases.permissions import CaseNotFound, NotAllowed, Role
from ekspertbistand.casework.views.case import attachment_response
from ekspertbistand.domain.case_status import InvalidTransition
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.form_state import remember
from ekspertbistand.portal.views.cases import case_page


@role_required(Role.EMPLOYER)
@require_POST
def answer_information(request: HttpRequest, public_id: Any, request_id: int) -> HttpResponse:
    case = selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="answer")
    question = handling.information_request(case, request_id)
    answer = request.POST.get("answer", "")
    try:
        information_actions.answer_information(request.user, question, answer,  # type: ignore[arg-type]
                                               request.FILES.getlist("files"))
    except (NotAllowed, InvalidTransition) as error:
        remember(request, "answer", str(error), {"answer": answer})
        return case_page(request, case, Role.EMPLOYER, status=400)
    messages.success(request, _("Svaret er sendt til NAV. Saksbehandleren fortsetter med "
                                "søknaden."))
    return redirect("portal:case_detail", public_id=case.public_id)


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def attachment(request: HttpRequest, public_id: Any, attachment_id: int) -> HttpResponse:
    """Files sent to NAV are for the employer side; to the employee (who sees the case but was
    not asked) they look missing, like any file they may not see."""
    role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id,  # type: ignore[arg-type]
                              purpose="attachment")
    if role != Role.EMPLOYER:
        raise CaseNotFound("Fant ikke vedlegget.")
    return attachment_response(handling.attachment_for(
        request.user, role, case, attachment_id))  # type: ignore[arg-type]
