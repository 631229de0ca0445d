"""The budget page: each year's frame, nationally and per NAV county unit, what grants have
committed, what refunds have spent, what remains, and a forecast from this year's pace."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import budget as budget_actions
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.casework.decision_forms import BudgetFrameForm
from ekspertbistand.portal.auth import role_required
from ekspertbistand.reference.models import NavUnit


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("ar") or request.POST.get("ar") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@role_required(Role.CASEWORKER, Role.ADMIN)
def budget(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if request.method == "POST":
        form = BudgetFrameForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["unit"]
            unit = NavUnit.objects.filter(number=number).first() if number else None
            try:
                budget_actions.set_frame(request.user, year, unit,  # type: ignore[arg-type]
                                         form.cleaned_data["amount_kr"])
                messages.success(request, _("Rammen for %(year)s er lagret.") % {"year": year})
            except NotAllowed as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Ramme (kr): %(error)s")
                           % {"error": " ".join(form.errors.get("amount_kr", []))})
        return redirect(f"{request.path}?ar={year}")
    today = timezone.localdate()
    lines = [{"line": line, "can_edit": budget_actions.can_set_frame(request.user, line.unit)}  # type: ignore[arg-type]
             for line in ds.budget_overview(year, today)]
    return render(request, "casework/budget.html", {
        "year": year, "lines": lines, "years": range(today.year - 2, today.year + 2),
    })
