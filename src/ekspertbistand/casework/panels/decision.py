"""The case page's «decision» section: the proposal or one-step decision form, the open
proposal for a decider to approve or return, and the decision, grants and letters
(see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case, Grant
from ekspertbistand.cases.permissions import Role
from ekspertbistand.casework.decision_forms import (
    ApproveForm,
    CancelGrantForm,
    ChangeGrantForm,
    DecisionForm,
    ReturnForm,
)
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.money import format_kr

# From «Ta saken» on, including any status case handling adds (waiting for the employer).
SHOWN = tuple(s for s in CaseStatus if s not in (
    CaseStatus.DRAFT, CaseStatus.DELETED, CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN))


def _bound(form_class: type, kept: dict[str, Any] | None, name: str, initial: dict[str, Any]
           ) -> Any:
    if kept and kept["form"] == name:
        form = form_class(kept["data"])
        form.is_valid()
        for field, messages in kept["errors"].items():
            target = field if field in form.fields else None
            for message in messages:
                if message not in form.errors.get(target or "__all__", []):
                    form.add_error(target, message)
        return form
    return form_class(initial=initial)


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER or case.status_enum not in SHOWN:
        return {}
    from ekspertbistand.casework.views.decision import take_kept

    kept = take_kept(request, case)
    user = request.user
    proposal = ds.open_proposal(case)
    decider = ds.is_decider(user, case)  # type: ignore[arg-type]
    two_step = ds.is_two_step(case)
    unit = ds.deciding_unit(case)
    year = case.period_start.year if case.period_start else None
    budget = ds.budget_use(year, ds.budget_unit_for(unit)) if year else None
    grants = ds.grants_of(case)
    return {
        "case": case, "proposal": proposal, "decider": decider, "two_step": two_step,
        "deciding_unit": unit,
        "own_proposal": proposal is not None and proposal.proposed_by_id == user.pk,
        "can_decide_directly": decider and not two_step,
        "decision_form": _bound(DecisionForm, kept, "decision", {
            "amount_kr": case.amount_applied, "period_start": case.period_start,
            "period_end": case.period_end}),
        "approve_form": _bound(ApproveForm, kept, "approve", {}),
        "return_form": _bound(ReturnForm, kept, "return", {}),
        "returned": ds.returned_proposals(case),
        "final": ds.final_decision(case),
        "grants": [{
            "grant": g, "amount": format_kr(g.amount_kr),
            "active": g.state == Grant.State.ACTIVE,
            "change_form": _bound(ChangeGrantForm, kept, f"change:{g.number}", {
                "amount_kr": g.amount_kr, "period_start": g.period_start,
                "period_end": g.period_end}),
            "cancel_form": _bound(CancelGrantForm, kept, f"cancel:{g.number}", {}),
            "open": bool(kept and kept["form"] in (f"change:{g.number}", f"cancel:{g.number}")),
        } for g in grants],
        "letters": ds.letters_of(case),
        "budget": budget, "applied": format_kr(case.amount_applied or 0),
    }
