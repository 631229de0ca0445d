"""Who may see and do what. Every action and every case read calls one of these first.

Access is per organisation for employers (the Altinn right), per person for employees, per
unit for NAV staff. A refused case looks like a missing one (404), so its existence is not
revealed.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import (
    Case,
    EmployerAccess,
    Expert,
    Organisation,
    UnitMembership,
    User,
)
from ekspertbistand.domain.case_status import CaseStatus


class Role(StrEnum):
    EMPLOYER = "employer"
    EMPLOYEE = "employee"
    EXPERT = "expert"
    CASEWORKER = "caseworker"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.EMPLOYER: _("Arbeidsgiver"),
    Role.EMPLOYEE: _("Arbeidstaker"),
    Role.EXPERT: _("Ekspert"),
    Role.CASEWORKER: _("NAV-saksbehandler"),
    Role.ADMIN: _("NAV-administrator"),
}


class CaseNotFound(Http404):
    pass


class NotAllowed(PermissionError):
    """The actor may not do this. The message is Norwegian and says what to do."""


def roles_of(user: User) -> set[Role]:
    """The roles ``user`` holds now, read from the data in one query."""
    roles: set[Role] = set()
    if not user.is_authenticated:
        return roles
    held = (User.objects.filter(pk=user.pk).annotate(
        employer=Exists(EmployerAccess.objects.filter(user=OuterRef("pk"))),
        expert_row=Exists(Expert.objects.filter(user=OuterRef("pk"))),
        caseworker=Exists(UnitMembership.objects.filter(user=OuterRef("pk"))),
    ).values("employer", "expert_row", "caseworker").first()) or {}
    if held.get("employer"):
        roles.add(Role.EMPLOYER)
    if user.national_id:
        roles.add(Role.EMPLOYEE)
    if held.get("expert_row"):
        roles.add(Role.EXPERT)
    if held.get("caseworker"):
        roles.add(Role.CASEWORKER)
    if user.is_staff:
        roles.add(Role.ADMIN)
    return roles


def organisations_of(user: User) -> list[Organisation]:
    return list(Organisation.objects.filter(access__user=user).order_by("name"))


def can_act_for(user: User, organisation: Organisation) -> bool:
    return EmployerAccess.objects.filter(user=user, organisation=organisation).exists()


def require_employer_access(user: User, organisation: Organisation) -> None:
    if not can_act_for(user, organisation):
        raise NotAllowed(
            _("Du har ikke tilgang til å søke for %(name)s. Be en med "
            "rettighetsforvaltning i virksomheten om å gi deg Altinn-rettigheten "
            "«Tilskudd til ekspertbistand».") % {"name": organisation.name}
        )


def can_see_case(user: User, role: Role, case: Case) -> bool:
    if role is Role.EMPLOYER:
        return can_act_for(user, case.organisation)
    if role is Role.EMPLOYEE:
        # The employee sees their case once they have been asked to agree, and after.
        return bool(user.national_id) and user.national_id == case.employee_national_id and (
            case.status != CaseStatus.DRAFT or case.consent_requests.filter(
                employee_national_id=user.national_id, active=True).exists()
        )
    if role is Role.CASEWORKER:
        # The handling unit, and the deciding unit where the handling office only recommends
        # (cases/routing.py).
        units = {u for u in (case.routed_unit_id, case.deciding_unit_id) if u is not None}
        return case.status != CaseStatus.DRAFT and bool(units) and (
            user.unit_memberships.filter(unit_id__in=units).exists()
        )
    return False


def works_in_handling_unit(user: User, case: Case) -> bool:
    return case.routed_unit_id is not None and user.unit_memberships.filter(
        unit_id=case.routed_unit_id).exists()


def require_handling_unit(user: User, case: Case) -> None:
    """Taking, asking the employer, and re-routing belong to the unit handling the case."""
    if not works_in_handling_unit(user, case):
        raise NotAllowed(_("Bare ansatte i %(unit)s kan behandle saken.")
                         % {"unit": case.routed_unit.name if case.routed_unit else "NAV"})
