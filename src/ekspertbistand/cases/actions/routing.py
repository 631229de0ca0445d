"""Re-routing a case to another NAV unit, with a reason kept in the history (DOMAIN §3.9)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit
from ekspertbistand.cases import routing as case_routing
from ekspertbistand.cases.actions.texts import clean_text
from ekspertbistand.cases.models import Case, CaseRouting, User
from ekspertbistand.cases.permissions import NotAllowed, Role, require_handling_unit
from ekspertbistand.domain.case_status import CaseStatus, check_transition
from ekspertbistand.domain.routing import Reason, RerouteRefused, check_reroute
from ekspertbistand.reference.models import NavUnit

REROUTABLE = (CaseStatus.SUBMITTED, CaseStatus.UNDER_ASSESSMENT)


def reroute_case(actor: User, case: Case, unit: NavUnit, reason: str) -> Case:
    """Move the case to ``unit``. The new unit receives it as new (nobody has it); the old
    routing stays in the history. A second identical request changes nothing."""
    reason = clean_text(reason, field=_("Begrunnelse"), max_length=1000)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related(
            "routed_unit", "organisation__municipality").get(pk=case.pk)
        if case.routed_unit_id == unit.pk and case.routing_reason == Reason.REROUTED:
            last = case.routings.order_by("-routed_at", "-id").first()
            if last is not None and last.routed_by_id == actor.pk and last.text == reason:
                return case  # the same re-route sent twice
        require_handling_unit(actor, case)
        if case.status_enum not in REROUTABLE:
            raise NotAllowed(_("Saken har status «%(status)s» og kan ikke flyttes.")
                             % {"status": case.status_label})
        assert case.routed_unit is not None
        try:
            check_reroute(case.address_protection, case_routing.as_rule_unit(case.routed_unit),
                          case_routing.as_rule_unit(unit), reason)
        except RerouteRefused as refused:
            raise NotAllowed(str(refused)) from refused
        previous = case.routed_unit
        deciding = case_routing.deciding_unit_for(unit, case)
        if case.status_enum is not CaseStatus.SUBMITTED:
            check_transition(case.status_enum, CaseStatus.SUBMITTED)
            case.status = CaseStatus.SUBMITTED
            case.status_changed_at = timezone.now()
        case.routed_unit = unit
        case.deciding_unit = deciding if deciding.pk != unit.pk else None
        case.routing_reason = Reason.REROUTED
        case.assigned_to = None
        case.updated_at = timezone.now()
        case.save()
        CaseRouting.objects.create(case=case, unit=unit, deciding_unit=deciding,
                                   reason=Reason.REROUTED, text=reason, routed_by=actor)
        audit.record("rerouted", actor=actor, role=Role.CASEWORKER, case=case,
                     from_unit=previous.number, unit=unit.number, deciding_unit=deciding.number)
    return case
