"""The session and the person, read on every request without building ORM queries.

Django's database session store and model backend read one row each through the ORM; with
the rest of a list page written out (decision 0057) those two lookups were a third of a page's
time. These read the same rows with written-out SQL (``cases.list_sql``) and build the same
objects: sessions stay in the database, so logging out in one worker ends the session in all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from ekspertbistand.cases import list_sql


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, loaded with one written-out ``SELECT``."""

    def load(self) -> dict[str, Any]:
        if not self.session_key:
            return {}
        rows = list_sql.fetch(
            f"SELECT {list_sql.q(Session, 'session_data')} FROM {list_sql.q(Session)} "  # noqa: S608
            f"WHERE {list_sql.q(Session, 'session_key')} = %s AND "
            f"{list_sql.q(Session, 'expire_date')} > %s",
            [self.session_key, list_sql.db_datetime(timezone.now())])
        if not rows:
            self._session_key = None  # as Django's: a missing or expired session is new
            return {}
        return dict(self.decode(rows[0][0]))


class UserBackend(ModelBackend):
    """Django's model backend, the person read with one written-out ``SELECT``."""

    def get_user(self, user_id: Any) -> Any:
        from ekspertbistand.cases.models import User

        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = list_sql.instances(User, f"WHERE t.{list_sql.q(User, 'id')} = %s", [pk])
        return found[0] if found and self.user_can_authenticate(found[0]) else None
