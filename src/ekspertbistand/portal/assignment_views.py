"""The expert's assignment pages, the report and the follow-up (thin: parse, call, render).

The expert's workspace shows the expert's own notes; no page for the employer, the employee
or NAV reads them (``assignments.selectors.expert_notes`` is called only here, for the expert).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.assignments import selectors as asel
from ekspertbistand.assignments.content import from_json
from ekspertbistand.assignments.models import Phase, Report
from ekspertbistand.assignments.tasks import report_document
from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import assignment as actions
from ekspertbistand.cases.actions import followup
from ekspertbistand.cases.actions import report as report_actions
from ekspertbistand.cases.actions.followup import due_on
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.followup import HELPED_LABELS, OUTCOME_CATEGORIES
from ekspertbistand.domain.report_privacy import FlagResolution, Resolution
from ekspertbistand.domain.report_template import (
    OUTCOMES,
    PARTY_LABELS,
    SECTIONS_BY_KEY,
    ReportContent,
)
from ekspertbistand.experts.report_forms import MeasureFormSet, ReportForm, report_content
from ekspertbistand.portal.auth import role_required

PHASE_ORDER = [Phase.Kind.START_MEETING, Phase.Kind.MAPPING, Phase.Kind.WORKPLACE,
               Phase.Kind.CLOSING_MEETING]


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


# --- The employer invites ---------------------------------------------------------------------

@require_POST
@role_required(Role.EMPLOYER)
def invite_expert(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="edit")
    try:
        actions.invite_expert(request.user, case,  # type: ignore[arg-type]
                              email=request.POST.get("email", ""))
    except actions.AssignmentInvalid as invalid:
        request.session["invite_error"] = {"error": invalid.errors["email"],
                                           "email": request.POST.get("email", "")}
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Eksperten er invitert. Du ser svaret på saken."))
    return redirect("portal:case_detail", public_id=case.public_id)


# --- The expert ---------------------------------------------------------------------------

def _workspace(request: HttpRequest, assignment: Any, errors: dict[str, str] | None = None,
               posted: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    case = assignment.case
    recorded = asel.phases(assignment)
    return render(request, "portal/assignments/assignment.html", {
        "assignment": assignment, "case": case,
        "employee_name": privacy.employee_name(case, Role.EXPERT),
        "phases": [(kind, kind.label, recorded.get(kind)) for kind in PHASE_ORDER],
        "notes": (asel.expert_notes(request.user, assignment)  # type: ignore[arg-type]
                  if assignment.state == "accepted" else []),
        "report": asel.report_of(assignment), "errors": errors or {}, "posted": posted or {},
    }, status=status)


@role_required(Role.EXPERT)
def assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    item = asel.expert_assignment(request.user, assignment_id)  # type: ignore[arg-type]
    if request.method != "POST":
        return _workspace(request, item)
    what = request.POST.get("action", "")
    try:
        if what == "accept":
            actions.accept(request.user, item)  # type: ignore[arg-type]
            messages.success(request, _("Du har akseptert oppdraget."))
        elif what == "decline":
            actions.decline(request.user, item,  # type: ignore[arg-type]
                            reason=request.POST.get("reason", ""))
            messages.success(request, _("Du har takket nei. Arbeidsgiveren får beskjed."))
            return redirect("portal:expert_home")
        elif what == "phase":
            post = request.POST
            actions.save_phase(request.user, item, kind=post.get("kind", ""),  # type: ignore[arg-type]
                               held_on=_date(post.get("held_on", "")),
                               participants=post.get("participants", ""),
                               summary=post.get("summary", ""), goal=post.get("goal", ""),
                               roles=post.get("roles", ""),
                               expectations=post.get("expectations", ""),
                               agreed_by=post.getlist("agreed_by"))
            messages.success(request, _("Fasen er registrert."))
        elif what == "note":
            actions.add_note(request.user, item, text=request.POST.get("text", ""))  # type: ignore[arg-type]
            messages.success(request, _("Notatet er lagret. Bare du ser det."))
    except actions.AssignmentInvalid as invalid:
        item.refresh_from_db()
        return _workspace(request, item, invalid.errors,
                          {**request.POST.dict(), "agreed_by": request.POST.getlist("agreed_by")},
                          status=400)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    return redirect("portal:assignment", assignment_id=item.pk)


def _initial(content: ReportContent) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return ({"assignment": content.assignment, "work_done": content.work_done,
             "causes": content.causes, "outcome": content.outcome,
             "outcome_note": content.outcome_note},
            [{"party": m.party.value, "description": m.description,
              "responsible": m.responsible, "due": m.due} for m in content.measures])


def _resolutions(post: Any) -> dict[str, list[FlagResolution]]:
    """The expert's choice per flag, posted as ``res|<where>|<key>`` and ``why|<where>|<key>``."""
    chosen: dict[str, list[FlagResolution]] = {}
    for name, value in post.items():
        if name.startswith("res|") and value in {r.value for r in Resolution}:
            _prefix, where, key = name.split("|", 2)
            chosen.setdefault(where, []).append(FlagResolution(
                key, Resolution(value), post.get(f"why|{where}|{key}", "")))
    return chosen


@role_required(Role.EXPERT)
def report_edit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    item = asel.expert_assignment(request.user, assignment_id)  # type: ignore[arg-type]
    if item.state != "accepted":
        raise Http404(_("Aksepter oppdraget først."))
    stored = asel.report_of(item)
    if stored is not None and stored.state != Report.State.DRAFT:
        return redirect("portal:assignment", assignment_id=item.pk)
    flags: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        form, measures = ReportForm(request.POST), MeasureFormSet(request.POST, prefix="tiltak")
        form.is_valid()
        measures.is_valid()
        content = report_content(form, measures)
        try:
            if request.POST.get("action") == "send":
                report_actions.submit_to_employee(request.user, item, content,  # type: ignore[arg-type]
                                                  _resolutions(request.POST))
                messages.success(request, _("Rapporten er sendt til arbeidstakeren, som leser "
                                            "den først."))
                return redirect("portal:assignment", assignment_id=item.pk)
            report_actions.save_draft(request.user, item, content)  # type: ignore[arg-type]
            messages.success(request, _("Utkastet er lagret."))
            return redirect("portal:report_edit", assignment_id=item.pk)
        except report_actions.ReportInvalid as invalid:
            flags, errors, status = invalid.flags, invalid.errors, 400
    else:
        initial, rows = _initial(from_json(stored.content if stored else {}))
        form, measures = ReportForm(initial=initial), MeasureFormSet(initial=rows, prefix="tiltak")
    texts = dict(report_content(form, measures).texts()) if request.method == "POST" else {}
    flag_rows = [{"where": where, "title": _where_title(where), "text": texts.get(where, ""),
                  "flags": found} for where, found in flags.items()]
    return render(request, "portal/assignments/report_edit.html", {
        "assignment": item, "case": item.case, "form": form, "measures": measures,
        "flag_rows": flag_rows, "errors": errors, "posted": request.POST,
    }, status=status)


def _where_title(where: str) -> str:
    if where.startswith("measures."):
        return _("Tiltak %(n)d") % {"n": int(where.split(".")[1]) + 1}
    if where == "outcome_note":
        return _("Forklaring av resultatet")
    return SECTIONS_BY_KEY[where].title


# --- Reading the report: the employee first, then the employer ------------------------------

def _readable(request: HttpRequest, public_id: Any, purpose: str = "view") -> tuple[Any, Any, Role]:
    role: Role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id, purpose=purpose)  # type: ignore[arg-type]
    report = asel.case_report(case)
    visible = (Report.State.WITH_EMPLOYEE, Report.State.RELEASED) if role is Role.EMPLOYEE \
        else (Report.State.RELEASED,)
    if report is None or report.state not in visible:
        raise Http404(_("Rapporten er ikke klar ennå."))
    return case, report, role


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def report_read(request: HttpRequest, public_id: Any) -> HttpResponse:
    case, report, role = _readable(request, public_id)
    error: dict[str, list[str]] = {}
    if request.method == "POST" and role is Role.EMPLOYEE:
        try:
            report_actions.employee_answer(request.user, report,  # type: ignore[arg-type]
                                           answer=request.POST.get("answer", ""),
                                           comments=request.POST.get("comments", ""))
        except report_actions.ReportInvalid as invalid:
            error = invalid.errors
        except NotAllowed as refused:
            messages.error(request, str(refused))
            return redirect("portal:report_read", public_id=case.public_id)
        else:
            messages.success(request, _("Takk. Rapporten er sendt til arbeidsgiveren og NAV."))
            return redirect("portal:report_read", public_id=case.public_id)
    content = from_json(report.content)
    return render(request, "portal/assignments/report_read.html", {
        "case": case, "report": report, "content": content, "role": role.value,
        "employee_name": privacy.employee_name(case, role), "sections": SECTIONS_BY_KEY,
        "measures": [(PARTY_LABELS[m.party], m) for m in content.measures],
        "outcome": OUTCOMES.get(content.outcome, ""), "errors": error, "posted": request.POST,
        "phases": report.assignment.phases.all(),
    }, status=400 if error else 200)


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def report_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    from ekspertbistand.documents.report import render_report_pdf

    case, report, role = _readable(request, public_id, purpose="pdf")
    pdf = render_report_pdf(report_document(report, archived=False, role=role))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-{case.reference}.pdf"'
    return response


# --- The follow-up ---------------------------------------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def follow_up(request: HttpRequest, public_id: Any) -> HttpResponse:
    role: Role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id)  # type: ignore[arg-type]
    report = asel.released_report(case)
    if report is None:
        raise Http404(_("Oppfølgingen kommer når rapporten er sendt."))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            followup.answer(request.user, role, case,  # type: ignore[arg-type]
                            measures_done=[int(v) for v in request.POST.getlist("measures_done")
                                           if v.isdigit()],
                            outcome=request.POST.get("outcome", ""),
                            helped=request.POST.get("helped", ""),
                            comment=request.POST.get("comment", ""))
        except followup.FollowUpInvalid as invalid:
            errors = invalid.errors
        except NotAllowed as refused:
            messages.error(request, str(refused))
            return redirect("portal:case_detail", public_id=case.public_id)
        else:
            messages.success(request, _("Takk for svarene."))
            return redirect("portal:case_detail", public_id=case.public_id)
    answered = asel.follow_ups(case).get(role.value)
    due = due_on(report)
    return render(request, "portal/assignments/follow_up.html", {
        "case": case, "measures": list(enumerate(
            [(PARTY_LABELS[m.party], m) for m in from_json(report.content).measures])),
        "outcomes": OUTCOME_CATEGORIES.items(),
        "helped": [(h.value, label) for h, label in HELPED_LABELS.items()],
        "errors": errors, "posted": request.POST, "answered": answered, "due": due,
        "open": due is not None and timezone.localdate() >= due,
        "done": [int(v) for v in request.POST.getlist("measures_done") if v.isdigit()],
    }, status=400 if errors else 200)
