"""The audit log is append-only for the service itself (issue 11.8, decision 0011): on
PostgreSQL the service's role owns no table, so it cannot TRUNCATE the audit log, UPDATE or
DELETE in it, or switch its trigger off — while it can do its own work."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from ekspertbistand.cases import audit
from ekspertbistand.cases.models import AuditEvent
from factories import filled_draft

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's roles and grants"),
]

REFUSED = [
    "TRUNCATE cases_auditevent",
    "TRUNCATE cases_auditevent CASCADE",
    "DELETE FROM cases_auditevent",
    "UPDATE cases_auditevent SET action = 'rewritten'",
    "ALTER TABLE cases_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE cases_auditevent DISABLE TRIGGER cases_auditevent_append_only",
    "DROP TRIGGER cases_auditevent_append_only ON cases_auditevent",
    "DROP TABLE cases_auditevent CASCADE",
    "ALTER TABLE cases_case DISABLE TRIGGER ALL",
    "TRUNCATE cases_case CASCADE",
    "DELETE FROM django_migrations",
    "CREATE TABLE eb_not_allowed (id int)",
]


def scalar(sql: str, *params: object):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_the_service_connects_as_a_role_that_owns_nothing():
    role = scalar("SELECT current_user")
    assert role != "postgres", "run the PostgreSQL tests with scripts/with-postgres.sh"
    assert not scalar("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                      "WHERE rolname = %s", role)
    assert scalar("SELECT count(*) FROM pg_tables WHERE tableowner = %s", role) == 0
    assert scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'cases_auditevent'") != role


@pytest.mark.parametrize("sql", REFUSED)
def test_the_service_role_is_refused(employer, today, sql):
    case = filled_draft(employer, today, upto="kontaktperson")
    before = AuditEvent.objects.filter(case=case).count()
    assert before > 0
    with (pytest.raises(DatabaseError) as refused, transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql)
    assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value)
    assert AuditEvent.objects.filter(case=case).count() == before


def test_the_service_role_can_do_its_work(employer, today):
    case = filled_draft(employer, today, upto="kontaktperson")  # inserts, updates, locks
    audit.record("viewed", actor=employer, role="employer", case=case, purpose="test")
    assert AuditEvent.objects.filter(case=case, action="viewed").exists()
