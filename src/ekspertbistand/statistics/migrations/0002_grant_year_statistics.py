"""The planner's count of grant years (decision 0057).

The statistics group counted grants by ``EXTRACT(YEAR FROM period_start)``. PostgreSQL keeps no
statistics on an expression unless asked, so it guesses 200 years, multiplies that by the
municipalities and expects as many groups as grants: it then sorts every grant (on disk)
instead of hashing a few thousand groups. Extended statistics on the expression (PostgreSQL 14
and later) give it the true number of years. Nothing changes on SQLite or in the data.
"""

from django.db import migrations

NAME = "statistics_grant_year"


def _supported(schema_editor) -> bool:  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    return connection.vendor == "postgresql" and connection.pg_version >= 140000


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if not _supported(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'CREATE STATISTICS IF NOT EXISTS "{NAME}" '
                       f'ON (EXTRACT(YEAR FROM "period_start")) FROM "cases_grant"')
        cursor.execute('ANALYZE "cases_grant"')


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'DROP STATISTICS IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0001_initial"),
        ("cases", "0070_refund_receipt_document"),
    ]

    operations = [migrations.RunPython(create, drop)]
