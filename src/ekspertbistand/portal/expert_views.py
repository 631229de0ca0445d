"""Pages of the experts register: the neutral public list (no login), the employer's pick from
it into the application, the expert's own profile, and NAV's check of qualifications."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import selectors as case_selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import CaseNotFound, NotAllowed, Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.experts import actions, selectors
from ekspertbistand.experts.forms import ListFilterForm, ProfileForm, QualificationForm
from ekspertbistand.portal.auth import current_role, role_required


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("side", "1")))
    except ValueError:
        return 1


def _draft_to_pick_for(request: HttpRequest) -> Case | None:
    """The employer's draft named by ``?soknad=``, when they came from its expert step."""
    raw = request.GET.get("soknad", "")
    if current_role(request) is not Role.EMPLOYER or not raw:
        return None
    try:
        public_id = uuid.UUID(raw)
        case = case_selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                                       purpose="expert_list")
    except (ValueError, CaseNotFound):
        return None
    return case if case.status == CaseStatus.DRAFT else None


def expert_list(request: HttpRequest) -> HttpResponse:
    counties = selectors.county_choices()
    form = ListFilterForm(request.GET, counties=counties)
    competence, county = form.value("kompetanse"), form.value("fylke")
    page = selectors.public_list(competence=competence, county=county,
                                 page=_page_number(request))
    draft = _draft_to_pick_for(request)
    keep = {k: v for k, v in (("kompetanse", competence), ("fylke", county),
                              ("soknad", str(draft.public_id) if draft else "")) if v}
    return render(request, "portal/experts/list.html", {
        "form": form, "page": page, "draft": draft, "query": urlencode(keep),
        "filtered": bool(competence or county),
    })


@require_POST
@role_required(Role.EMPLOYER)
def pick_expert(request: HttpRequest, public_id: uuid.UUID, expert_id: int) -> HttpResponse:
    case = case_selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                                   purpose="pick_expert")
    expert = selectors.listed_expert(expert_id)
    if expert is None:
        raise Http404(_("Fant ikke eksperten i ekspertlisten."))
    try:
        errors = actions.pick_for_application(request.user, case, expert)  # type: ignore[arg-type]
    except NotAllowed as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('portal:expert_list')}?{urlencode({'soknad': str(case.public_id)})}")
    if "planned_assistance" in errors:
        text = _("%(name)s fra ekspertlisten er fylt inn. Se over, og skriv hva eksperten skal "
                 "gjøre.")
    else:
        text = _("%(name)s fra ekspertlisten er fylt inn. Se over før du går videre.")
    messages.success(request, text % {"name": expert.name})
    return redirect("portal:application_step", public_id=case.public_id, slug="ekspert")


@require_POST
@role_required(Role.EMPLOYER)
def find_expert(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """«Lagre og finn en ekspert i ekspertlisten» on the expert step: what was typed is saved
    (valid or not, as «Lagre og fortsett senere» does), then the list opens for this draft."""
    case = case_selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                                   purpose="find_expert")
    app_actions.save_step(request.user, case, "ekspert", request.POST)  # type: ignore[arg-type]
    return redirect(f"{reverse('portal:expert_list')}?{urlencode({'soknad': str(case.public_id)})}")


def _profile_initial(expert: Any) -> dict[str, Any]:
    provider = expert.provider
    return {
        "orgnr": expert.orgnr, "competence_areas": expert.competence_areas,
        "education": expert.education, "authorisation_number": expert.authorisation_number,
        "counties": expert.counties, "presentation": expert.presentation,
        "listed": expert.listed,
        "website": provider.website if provider else "",
        "email": provider.email if provider else "",
        "phone": provider.phone if provider else "",
    }


@role_required(Role.EXPERT)
def expert_profile(request: HttpRequest) -> HttpResponse:
    expert = selectors.profile_of(request.user)  # type: ignore[arg-type]
    counties = selectors.county_choices()
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, counties=counties)
        if form.is_valid():
            try:
                cleared = actions.update_profile(request.user, expert, form.cleaned_data)  # type: ignore[arg-type]
            except actions.ProviderNotFound as error:
                form.add_error("orgnr", str(error))
            else:
                messages.success(request, _("Profilen er lagret."))
                if cleared:
                    messages.warning(request, _("Du endret utdanning, autorisasjon eller "
                                                "virksomhet. NAV må kontrollere kvalifikasjonen "
                                                "på nytt før du vises i ekspertlisten igjen."))
                return redirect("portal:expert_profile")
        status = 400
    else:
        form = ProfileForm(initial=_profile_initial(expert), counties=counties)
    in_list = selectors.listed_experts().filter(pk=expert.pk).exists()
    return render(request, "portal/experts/profile.html", {
        "form": form, "expert": expert, "in_list": in_list,
    }, status=status)


@role_required(Role.CASEWORKER, Role.ADMIN)
def expert_checks(request: HttpRequest) -> HttpResponse:
    checked = request.GET.get("vis") == "kontrollert"
    page = selectors.for_qualification_check(awaiting=not checked, page=_page_number(request))
    return render(request, "portal/experts/checks.html", {"page": page, "checked": checked})


@role_required(Role.CASEWORKER, Role.ADMIN)
def expert_check(request: HttpRequest, expert_id: int) -> HttpResponse:
    expert = selectors.expert_for_check(expert_id)
    if expert is None:
        raise Http404(_("Fant ikke eksperten."))
    role: Role = request.role  # type: ignore[attr-defined]
    form = QualificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            actions.clear_qualification_check(request.user, role, expert)  # type: ignore[arg-type]
            messages.success(request, _("Kontrollen er tatt tilbake. %(name)s vises ikke i "
                                        "ekspertlisten.") % {"name": expert.name})
            return redirect("portal:expert_checks")
        if form.is_valid():
            actions.mark_qualification_checked(request.user, role, expert,  # type: ignore[arg-type]
                                               form.cleaned_data["note"])
            messages.success(request, _("%(name)s er markert som kontrollert.")
                             % {"name": expert.name})
            return redirect("portal:expert_checks")
    return render(request, "portal/experts/check.html", {"expert": expert, "form": form},
                  status=400 if form.errors else 200)
