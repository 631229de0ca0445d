"""NAV's view of the expert's report (its copy, once released) and the follow-up task."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ekspertbistand.assignments import selectors as asel
from ekspertbistand.assignments.content import from_json
from ekspertbistand.cases import privacy
from ekspertbistand.cases.actions import followup
from ekspertbistand.cases.models import Document
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.casework.views._common import open_case
from ekspertbistand.domain.report_template import OUTCOMES, PARTY_LABELS, SECTIONS_BY_KEY
from ekspertbistand.portal.auth import role_required


@require_GET
@role_required(Role.CASEWORKER)
def report(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = open_case(request, public_id, "report")
    released = asel.released_report(case)
    if released is None:
        raise Http404(_("Rapporten er ikke sendt til NAV ennå."))
    content = from_json(released.content)
    return render(request, "casework/report.html", {
        "case": case, "report": released, "content": content, "sections": SECTIONS_BY_KEY,
        "employee_name": privacy.employee_name(case, Role.CASEWORKER),
        "measures": [(PARTY_LABELS[m.party], m) for m in content.measures],
        "outcome": OUTCOMES.get(content.outcome, ""), "phases": released.assignment.phases.all(),
        "kept_flags": released.kept_flags,
    })


@require_GET
@role_required(Role.CASEWORKER)
def report_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    """NAV's archived copy (PDF/A), once the outbox has archived it."""
    case = open_case(request, public_id, "report_pdf")
    released = asel.released_report(case)
    document = Document.objects.filter(case=case, kind=Document.Kind.EXPERT_REPORT,
                                       key=str(released.pk) if released else "").first()
    if document is None:
        raise Http404(_("Rapporten er ikke arkivert ennå. Prøv igjen om litt."))
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-{case.reference}.pdf"'
    return response


@require_POST
@role_required(Role.CASEWORKER)
def complete_task(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = open_case(request, public_id, "follow_up_task")
    try:
        followup.complete_nav_task(request.user, case)  # type: ignore[arg-type]
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Oppgaven er fullført."))
    return redirect("casework:case_detail", public_id=case.public_id)
