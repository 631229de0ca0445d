from functools import cache

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from ekspertbistand.cases.models import Notice
from ekspertbistand.cases.permissions import ROLE_LABELS
from ekspertbistand.portal.auth import current_role


@cache
def _unread_sql(by_national_id: bool) -> str:
    quote, meta = connection.ops.quote_name, Notice._meta
    recipient = meta.get_field("recipient_national_id" if by_national_id else "recipient").column
    return (f"SELECT COUNT(*) FROM {quote(meta.db_table)} "  # noqa: S608 - names only
            f"WHERE {quote(meta.get_field('read_at').column)} IS NULL "
            f"AND {quote(recipient)} = %s")


def unread_notices(user: object, role: str) -> int:
    """The header's «Varsler (N nye)»: the person's unread notices (an employee's by their
    fødselsnummer). Written out because it runs on every page (decision 0018)."""
    national_id = getattr(user, "national_id", "")
    by_national_id = role == "employee" and bool(national_id)
    with connection.cursor() as cursor:
        cursor.execute(_unread_sql(by_national_id),
                       [national_id if by_national_id else getattr(user, "pk", None)])
        return int(cursor.fetchone()[0])


def service_context(request: HttpRequest) -> dict[str, object]:
    role = current_role(request)
    unread = 0
    if role is not None and role not in ("caseworker", "admin"):  # their header shows none
        unread = unread_notices(request.user, role)
    return {
        "test_login_enabled": settings.TEST_LOGIN_ENABLED,
        "current_role": role,
        "current_role_label": ROLE_LABELS.get(role) if role else "",
        "unread_notices": unread,
    }
