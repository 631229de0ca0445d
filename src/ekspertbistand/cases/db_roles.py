"""Two database roles on PostgreSQL (decision 0011): the owner runs migrations and owns every
table; the service connects as a role that owns nothing and holds only the grants below.

So what the audit log's trigger refuses (UPDATE, DELETE) cannot be undone from the service:
it may not TRUNCATE, ALTER TABLE … DISABLE TRIGGER, or drop anything, and it has no UPDATE or
DELETE on the audit log at all. ``DATABASE_URL`` is the service's connection;
``DATABASE_OWNER_URL`` the owner's (same host, port and database), used by ``manage.py
migrate`` and, in the tests, to create and empty the test database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Tables the service reads and adds to but never changes or removes rows in.
APPEND_ONLY_TABLES = ("cases_auditevent",)
# Tables the service only reads.
READ_ONLY_TABLES = ("django_migrations",)


def owner_credentials() -> dict[str, Any] | None:
    """The owner's USER and PASSWORD, or None when no separate owner is configured."""
    owner: dict[str, Any] | None = getattr(settings, "DATABASE_OWNER", None)
    return owner


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def as_owner(alias: str = "default") -> Iterator[None]:
    """Run the block on ``alias`` connected as the owner role (a no-op without one)."""
    owner = owner_credentials()
    connection = connections[alias]
    if owner is None or connection.vendor != "postgresql":
        yield
        return
    saved = {key: connection.settings_dict.get(key) for key in owner}
    if saved == owner:
        yield
        return
    connection.close()
    connection.settings_dict.update(owner)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def service_role() -> str | None:
    """The role the service connects as (``DATABASE_URL``'s user), when it is not the owner."""
    owner = owner_credentials()
    if owner is None:
        return None
    service = str(getattr(settings, "DATABASE_SERVICE", {}).get("USER") or "")
    return service if service and service != owner["USER"] else None


def service_credentials() -> dict[str, Any]:
    """The service's USER and PASSWORD from ``DATABASE_URL``."""
    return dict(settings.DATABASE_SERVICE)


def grant_service_role(connection: BaseDatabaseWrapper) -> None:
    """Give the service role exactly what it needs, on every table there is now. Run as the
    owner after each migration, so new tables are covered; idempotent."""
    role = service_role()
    if role is None or connection.vendor != "postgresql":
        return
    service = _quote(connection, role)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = _quote(connection, cursor.fetchone()[0])
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {service}")
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {service}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} "
                       f"TO {service}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {service}")
        tables = set(connection.introspection.table_names(cursor))
        for table in APPEND_ONLY_TABLES + READ_ONLY_TABLES:
            if table in tables:
                kept = "SELECT, INSERT" if table in APPEND_ONLY_TABLES else "SELECT"
                cursor.execute(f"REVOKE ALL ON {_quote(connection, table)} FROM {service}")
                cursor.execute(f"GRANT {kept} ON {_quote(connection, table)} TO {service}")
