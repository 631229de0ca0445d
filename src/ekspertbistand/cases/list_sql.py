"""The lists every page load asks for, written out in SQL (decision 0057).

«Mine saker», ``GET /api/v1/cases`` and NAV's work queue run a handful of small indexed
statements per request. Through the ORM, building those statements cost ten to twenty times
running them, so here they are written out once per process: table and column names come from
the models (``_meta``), every value is a parameter, and the values read back are converted as
the ORM would (UUIDs, aware datetimes), on SQLite and PostgreSQL alike. What each list means
stays in ``selectors`` and ``queue``; tests compare these statements with the ORM's answers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils.dateparse import parse_datetime


def q(model: type[Model], field: str | None = None) -> str:
    """The quoted table of ``model``, or the quoted column of its ``field``."""
    quote = connection.ops.quote_name
    if field is None:
        return quote(model._meta.db_table)
    return quote(model._meta.get_field(field).column)  # type: ignore[union-attr]


def as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def as_datetime(value: Any) -> dt.datetime | None:
    """A stored datetime as the ORM returns it: aware, in UTC (SQLite stores text)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = parse_datetime(str(value))
        if value is None:
            raise ValueError("unreadable datetime")
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def db_datetime(value: dt.datetime) -> Any:
    """``value`` as a parameter compared with a stored datetime column."""
    return connection.ops.adapt_datetimefield_value(value)


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


CASE_ROW_ALIASES = tuple(f"r{i}" for i in range(14))


@cache
def case_row_select() -> str:
    """The columns of ``selectors.CaseRow``, in its order (named ``r0`` …), from a case ``c``
    with its organisation ``o`` and that one's municipality ``m``."""
    from ekspertbistand.cases.models import Case, Organisation
    from ekspertbistand.reference.models import Municipality

    columns = [f"c.{q(Case, f)}" for f in (
        "id", "public_id", "reference", "status", "employee_name", "address_protection",
        "consent_status", "updated_at", "submitted_at")]
    columns += [f"o.{q(Organisation, 'name')}", f"o.{q(Organisation, 'orgnr')}",
                f"m.{q(Municipality, 'name')}", f"c.{q(Case, 'steps_done')}",
                f"c.{q(Case, 'resume_step')}"]
    named = ", ".join(f"{c} AS {a}" for c, a in zip(columns, CASE_ROW_ALIASES, strict=True))
    return (f"SELECT {named} "  # noqa: S608 - names only
            f"FROM {q(Case)} c JOIN {q(Organisation)} o ON o.{q(Organisation, 'id')} = "
            f"c.{q(Case, 'organisation')} LEFT JOIN {q(Municipality)} m ON "
            f"m.{q(Municipality, 'id')} = o.{q(Organisation, 'municipality')}")


def case_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row of ``case_row_select`` with its values converted (``selectors.CaseRow``'s)."""
    (pk, public_id, reference, status, name, protection, consent, updated, submitted,
     *rest) = values
    return (pk, as_uuid(public_id), reference, status, name, protection, consent,
            as_datetime(updated), as_datetime(submitted), *rest)


ModelT = TypeVar("ModelT", bound=Model)


@cache
def _loader(model: type[Model]) -> tuple[str, tuple[str, ...], tuple[tuple[Any, list[Any]], ...]]:
    """``SELECT`` of every concrete column of ``model`` (as ``t``), the field names, and each
    column's converters as the ORM applies them (the backend's, then the field's)."""
    fields = model._meta.concrete_fields
    columns = ", ".join(f"t.{connection.ops.quote_name(f.column)}" for f in fields)
    converters = []
    for field in fields:
        column = field.get_col("t")
        converters.append((column, [*connection.ops.get_db_converters(column),
                                    *column.get_db_converters(connection)]))
    return (f"SELECT {columns} FROM {q(model)} t",  # noqa: S608 - names only
            tuple(f.attname for f in fields), tuple(converters))


def instances(model: type[ModelT], where: str, params: Sequence[Any]) -> list[ModelT]:
    """The rows of ``model`` (as ``t``) meeting ``where``, as model instances the way the ORM
    builds them (``Model.from_db``), without building the query through the ORM."""
    select, names, converters = _loader(model)
    found = []
    for row in fetch(f"{select} {where}", params):
        values = []
        for value, (column, steps) in zip(row, converters, strict=True):
            for step in steps:
                value = step(value, column, connection)
            values.append(value)
        found.append(model.from_db(connection.alias, list(names), values))
    return found
