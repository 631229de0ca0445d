"""Address protection (adressebeskyttelse): what each role may see of a protected person, and
of what would let them infer the protection. The one place that decides it; every page, PDF,
API answer, notice and the admin asks these functions (decision 0015, DOMAIN.md §8).

Kode 6 (strengt fortrolig) sends the case to NAV's unit for such cases, NAV Vikafossen; the
unit's name alone tells that the employee has a strictly confidential address. So outside NAV
(employer, employee, expert) a kode 6 case is handled by «NAV», reached on NAV's national
phone numbers. Kode 7 (fortrolig) is routed like any case, so its unit reveals nothing.

The employer typed the employee's name and number into the application; showing them back
to the employer reveals nothing, and hiding them («Skjermet») would itself tell that the
person is protected. So the employer-side sees what it typed, the same for every case. What
is left out for kode 6 and 7 is the person's identity in NAV's lists, in archived copies and
in the admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.integrations import person_register
from ekspertbistand.integrations.folkeregister import CONFIDENTIAL, STRICTLY_CONFIDENTIAL

PROTECTED_CODES = (STRICTLY_CONFIDENTIAL, CONFIDENTIAL)
NAV_ROLES = frozenset({Role.CASEWORKER, Role.ADMIN})

# What a kode 6 case shows outside NAV instead of the handling unit (decision 0015).
NEUTRAL_UNIT_NAME = "NAV"
NAV_EMPLOYER_PHONE = "55 55 33 36"  # NAVs arbeidsgivertelefon
NAV_PERSON_PHONE = "55 55 33 33"  # NAV Kontaktsenter, for personbrukere
SHIELDED = _("Skjermet")


class ProtectedCase(Protocol):
    """What the rules read of a case (a ``Case`` row or a ``.values()``/``.only()`` row)."""

    address_protection: str


@dataclass(frozen=True)
class UnitContact:
    """How a role is told to reach the unit handling a case."""

    name: str
    phone: str
    email: str


def is_protected(case: ProtectedCase) -> bool:
    """Kode 6 or 7."""
    return case.address_protection in PROTECTED_CODES


def is_strictly_confidential(case: ProtectedCase) -> bool:
    """Kode 6: also the handling unit must not be named outside NAV."""
    return case.address_protection == STRICTLY_CONFIDENTIAL


def shows_employee_identity(case: ProtectedCase, role: Role | str, *, in_list: bool = False,
                            archived: bool = False) -> bool:
    """Whether the employee's name and fødselsnummer may be shown to ``role``.

    ``in_list``: a list of cases (NAV's inbox, later queues and statistics); ``archived``:
    an archived copy (NAV's archive), whoever asks for it. The employer and the employee see
    the identity on their own pages, lists and copies: they know it already, and hiding it
    would reveal the protection. The handling unit sees it on the case page, where the work is
    done, and never in a list. Roles without a case (the admin, the expert) never see it.
    """
    if not is_protected(case):
        return True
    if archived:
        return False
    role = Role(role)
    if role in (Role.EMPLOYER, Role.EMPLOYEE):
        return True
    if role is Role.CASEWORKER:
        return not in_list
    return False


def employee_name(case: Case, role: Role | str, *, in_list: bool = False,
                  archived: bool = False) -> str:
    """The employee's name as ``role`` may see it: the name, or «Skjermet»."""
    if shows_employee_identity(case, role, in_list=in_list, archived=archived):
        return case.employee_name
    return str(SHIELDED)


def employee_first_name(case: Case, role: Role | str) -> str:
    """The employee's first name for a notice or heading to ``role``; "" when it may not be
    shown or is not known yet. Never the fødselsnummer."""
    if not shows_employee_identity(case, role):
        return ""
    return case.employee_name.split()[0] if case.employee_name.strip() else ""


def shows_unit(case: ProtectedCase, role: Role | str) -> bool:
    """Whether ``role`` may be told which NAV unit handles the case."""
    return Role(role) in NAV_ROLES or not is_strictly_confidential(case)


def unit_label(case: Case, role: Role | str) -> str:
    """The name of the unit handling ``case`` as ``role`` may see it; "" before routing."""
    if case.routed_unit_id is None:
        return ""
    if not shows_unit(case, role):
        return NEUTRAL_UNIT_NAME
    return case.routed_unit.name  # type: ignore[union-attr]


def unit_contact(case: Case, role: Role | str) -> UnitContact | None:
    """Name, phone and e-mail of the unit as ``role`` may see them; ``None`` before routing.

    For kode 6 outside NAV: «NAV» with the national number (the employer line for employers,
    NAV Kontaktsenter for the employee) and no e-mail."""
    if case.routed_unit_id is None:
        return None
    if not shows_unit(case, role):
        phone = NAV_PERSON_PHONE if Role(role) is Role.EMPLOYEE else NAV_EMPLOYER_PHONE
        return UnitContact(NEUTRAL_UNIT_NAME, phone, "")
    unit = case.routed_unit
    assert unit is not None
    return UnitContact(unit.name, unit.phone, unit.email)


def protected_national_ids() -> QuerySet[Case, str]:
    """The fødselsnumre known to have address protection from the cases about them, as a
    subquery for excluding people from lists."""
    return (Case.objects.filter(address_protection__in=PROTECTED_CODES)
            .exclude(employee_national_id="").values("employee_national_id"))


def protected_people_q() -> Q:
    """Users known to have address protection: flagged at login, or named in a protected
    case. For the admin's lists, which must neither show nor find them."""
    return Q(address_protection__in=PROTECTED_CODES) | Q(national_id__in=protected_national_ids())


def register_protected(national_ids: Iterable[str]) -> set[str]:
    """Those of ``national_ids`` the population register gives address protection."""
    register = person_register()
    found: set[str] = set()
    for national_id in {n for n in national_ids if n}:
        person = register.lookup(national_id)
        if person is not None and person.address_protection in PROTECTED_CODES:
            found.add(national_id)
    return found


def is_protected_person(national_id: str) -> bool:
    """Whether a person has address protection, by their cases or the population register."""
    if not national_id:
        return False
    if Case.objects.filter(employee_national_id=national_id,
                           address_protection__in=PROTECTED_CODES).exists():
        return True
    return bool(register_protected([national_id]))


def refresh_on_login(sender: object, request: object, user: User, **kwargs: Any) -> None:
    """Keep ``User.address_protection`` as the register says, at every login (signal
    ``user_logged_in``), so the admin hides a protected person before any case exists."""
    if not user.national_id:
        return
    person = person_register().lookup(user.national_id)
    protection = person.address_protection if person else ""
    if protection != user.address_protection:
        User.objects.filter(pk=user.pk).update(address_protection=protection)
        user.address_protection = protection
