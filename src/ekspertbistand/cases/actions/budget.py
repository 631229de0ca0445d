"""NAV's budget frames per year, nationally or per NAV county unit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit
from ekspertbistand.cases.models import BudgetFrame, UnitMembership, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.reference.models import NavUnit


def can_set_frame(actor: User, unit: NavUnit | None) -> bool:
    """NAV administrators set every frame; a decider sets their own unit's frame."""
    if actor.is_staff:
        return True
    return unit is not None and UnitMembership.objects.filter(
        user=actor, unit=unit, role=UnitMembership.Role.DECIDER).exists()


def set_frame(actor: User, year: int, unit: NavUnit | None, amount_kr: int) -> BudgetFrame:
    if not can_set_frame(actor, unit):
        raise NotAllowed(_("Bare NAV-administratorer og besluttere i enheten kan sette "
                           "budsjettrammen."))
    if amount_kr < 0:
        raise ValueError(_("Rammen må være et positivt beløp i hele kroner."))
    with transaction.atomic():
        frame, _created = BudgetFrame.objects.update_or_create(
            year=year, unit=unit, defaults={"amount_kr": amount_kr, "set_by": actor,
                                            "set_at": timezone.now()})
        audit.record("budget_frame_set", actor=actor, role=Role.CASEWORKER, year=year,
                     unit=unit.number if unit else "", amount_kr=amount_kr)
    return frame
