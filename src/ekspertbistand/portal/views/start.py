"""The front page, the test login and the health check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import selectors
from ekspertbistand.cases.models import User
from ekspertbistand.cases.permissions import (
    ROLE_LABELS,
    Role,
    organisations_of,
    roles_of,
)
from ekspertbistand.portal.auth import SESSION_ROLE, current_role

ROLE_HOME = {
    Role.EMPLOYER: "portal:employer_home",
    Role.EMPLOYEE: "portal:employee_home",
    Role.EXPERT: "portal:expert_home",
    Role.CASEWORKER: "casework:inbox",
    Role.ADMIN: "admin:index",
}


# --- Start, login -------------------------------------------------------------------------

def home(request: HttpRequest) -> HttpResponse:
    role = current_role(request)
    if role is not None:
        return redirect(ROLE_HOME[role])
    return render(request, "portal/home.html")


def login_page(request: HttpRequest) -> HttpResponse:
    """The demo login: pick a demo person and a role. Production uses ID-porten / Entra ID."""
    if not settings.TEST_LOGIN_ENABLED:
        raise Http404(_("Testinnlogging er ikke tilgjengelig."))
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST":
        user = User.objects.filter(username=request.POST.get("username", "")).first()
        role_value = request.POST.get("role", "")
        if user is None or role_value not in {r.value for r in roles_of(user)}:
            messages.error(request, _("Velg en testperson og en rolle."))
            return redirect("portal:login")
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        request.session[SESSION_ROLE] = role_value
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect(ROLE_HOME[Role(role_value)])
    groups: dict[Role, list[dict[str, Any]]] = {role: [] for role in Role}
    for user in User.objects.filter(is_active=True).order_by("last_name", "first_name"):
        for role in roles_of(user):
            groups[role].append({
                "user": user,
                "orgs": organisations_of(user) if role is Role.EMPLOYER else [],
                "units": selectors.units_of(user) if role is Role.CASEWORKER else [],
            })
    return render(request, "portal/login.html", {
        "groups": [(role.value, ROLE_LABELS[role], people)
                   for role, people in groups.items() if people],
        "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Du er logget ut. Utkast er lagret."))
    return redirect("portal:home")


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
