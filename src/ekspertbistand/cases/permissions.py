"""Who may see and do what. Every action and every case read calls one of these first.

Access is per organisation for employers (the Altinn right), per person for employees, per
unit for NAV staff. A refused case looks like a missing one (404), so its existence is not
revealed.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from django.db import connection
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.list_sql import q
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


@cache
def _held_sql() -> str:
    quote = connection.ops.quote_name
    tables = [(quote(model._meta.db_table), quote(model._meta.get_field("user").column))
              for model in (EmployerAccess, Expert, UnitMembership)]
    exists = [f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)"  # noqa: S608 - names only
              for table, column in tables]
    return f"SELECT {', '.join(exists)}"


def _held(user_id: int) -> tuple[bool, bool, bool]:
    """(has an employer access, is an expert, works in a NAV unit): one small SQL statement
    over three indexed ``user_id`` columns. Written out because it runs on every request and
    building it through the ORM cost ten times the query itself (decision 0018)."""
    with connection.cursor() as cursor:
        cursor.execute(_held_sql(), [user_id] * 3)
        row = cursor.fetchone()
    return bool(row[0]), bool(row[1]), bool(row[2])


def roles_of(user: User) -> set[Role]:
    """The roles ``user`` holds now, read from the data in one query."""
    roles: set[Role] = set()
    if not user.is_authenticated:
        return roles
    employer, expert, caseworker = _held(user.pk)
    held = {"employer": employer, "expert_row": expert, "caseworker": caseworker}
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


STATISTICS_PERMISSION = ("statistics", "view_statistics")  # app label, codename (decision 0056)


@cache
def _permission_sql() -> str:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    held, member, granted = (User.user_permissions.through, User.groups.through,
                             Group.permissions.through)
    permission = (f"JOIN {q(Permission)} p ON p.{q(Permission, 'id')} = {{via}} "
                  f"JOIN {q(ContentType)} ct ON ct.{q(ContentType, 'id')} = "
                  f"p.{q(Permission, 'content_type')} WHERE p.{q(Permission, 'codename')} = %s "
                  f"AND ct.{q(ContentType, 'app_label')} = %s")
    direct = (f"SELECT 1 FROM {q(held)} h "  # noqa: S608 - names only
              + permission.format(via=f"h.{q(held, 'permission')}")
              + f" AND h.{q(held, 'user')} = %s")
    by_group = (f"SELECT 1 FROM {q(member)} m JOIN {q(granted)} g ON "  # noqa: S608
                f"g.{q(granted, 'group')} = m.{q(member, 'group')} "
                + permission.format(via=f"g.{q(granted, 'permission')}")
                + f" AND m.{q(member, 'user')} = %s")
    return f"SELECT EXISTS ({direct}) OR EXISTS ({by_group})"


def has_statistics_right(user: User) -> bool:
    """The statistics right (``statistics.view_statistics``), held directly or through a
    group such as «Statistikk», or as a superuser; never by an inactive account. The same
    answer as ``user.has_perm`` in one small statement, since NAV's work queue asks on every
    load (decision 0058)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    app_label, codename = STATISTICS_PERMISSION
    with connection.cursor() as cursor:
        cursor.execute(_permission_sql(), [codename, app_label, user.pk] * 2)
        return bool(cursor.fetchone()[0])
