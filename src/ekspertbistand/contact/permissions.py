"""Who may see and write which conversation with NAV.

- A talk request: the employers who may act for its organisation, and the staff of the unit
  it was sent to.
- A case's employer thread: the employers of the case's organisation and the staff of the
  unit handling the case, once the case is sent (NAV never sees drafts).
- A case's employee thread: the employee the case is about and the unit's staff; never the
  employer, whatever rights the employer has.

A refused thread looks like a missing one (404), as cases do.
"""

from __future__ import annotations

from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import Role, can_act_for, can_see_case
from ekspertbistand.contact.models import Message, TalkRequest, Thread
from ekspertbistand.domain.case_status import CaseStatus

# Which side of a case thread each role writes from.
SIDE_OF_ROLE = {Role.EMPLOYER: Message.Side.EMPLOYER, Role.EMPLOYEE: Message.Side.EMPLOYEE,
                Role.CASEWORKER: Message.Side.NAV}
THREAD_OF_ROLE = {Role.EMPLOYER: Thread.Kind.EMPLOYER, Role.EMPLOYEE: Thread.Kind.EMPLOYEE}


def can_see_talk(user: User, role: Role, talk: TalkRequest) -> bool:
    if role is Role.EMPLOYER:
        return can_act_for(user, talk.organisation)
    if role is Role.CASEWORKER:
        return user.unit_memberships.filter(unit_id=talk.unit_id).exists()
    return False


def can_use_case_thread(user: User, role: Role, case: Case, kind: str) -> bool:
    """Whether ``user`` acting as ``role`` may read and write the case's ``kind`` thread."""
    if case.status in (CaseStatus.DRAFT, CaseStatus.DELETED) or case.routed_unit_id is None:
        return False
    if role is Role.CASEWORKER:
        return kind in (Thread.Kind.EMPLOYER, Thread.Kind.EMPLOYEE) and can_see_case(
            user, role, case)
    return THREAD_OF_ROLE.get(role) == kind and can_see_case(user, role, case)
