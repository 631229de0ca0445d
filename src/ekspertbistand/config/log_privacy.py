"""Keep personal data out of logs and error reports.

What an error can carry into a log line: the exception's message (a database error quotes the
rejected row: PostgreSQL's ``CONTEXT: JSON data, line 1: {...}`` holds the neighbouring
answers, fødselsnummer included), chained exceptions, the request's POST data and the local
variables of each frame (both in Django's error report), and SQL with its parameters (Django's
``django.db.backends`` logger at DEBUG). So:

- ``PersonalDataFilter`` sits on every handler (``settings.LOGGING``): it writes the
  traceback itself, with a database error's message replaced by its class and SQLSTATE, and
  masks every 11-digit number (a fødselsnummer or D-nummer, also written ``DDMMÅÅ NNNNN``) in
  what is left. The mask is the floor, not the fix: names and free text are kept out by not
  printing database messages at all.
- ``PersonalDataReporterFilter`` and ``PersonalDataExceptionReporter`` (Django's
  ``DEFAULT_EXCEPTION_REPORTER_FILTER`` / ``DEFAULT_EXCEPTION_REPORTER``) hide every POST
  value and every local variable, always (also with ``DEBUG`` on), and give the exception's
  message the same treatment.
- SQL is never logged with its parameters: ``django.db.backends`` stays above DEBUG.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from typing import Any

from django.db import Error as DjangoDatabaseError
from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{6}[ .]?\d{5}(?!\d)")
MASK = "[fødselsnummer fjernet]"
DATABASE_DETAIL_REMOVED = "(detaljene er fjernet fordi de kan inneholde personopplysninger)"
HIDDEN = "********************"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def mask_identity_numbers(text: str) -> str:
    return IDENTITY_NUMBER.sub(MASK, text)


def _is_database_error(error: BaseException) -> bool:
    if isinstance(error, DjangoDatabaseError):
        return True
    module = type(error).__module__ or ""
    return module.split(".")[0] in {"psycopg", "psycopg2", "sqlite3"}


def describe(error: BaseException) -> str:
    """The exception's message as it may be logged."""
    if _is_database_error(error):
        cause = error.__cause__ or error
        sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        return f"{DATABASE_DETAIL_REMOVED}{f' SQLSTATE {sqlstate}' if sqlstate else ''}"
    return mask_identity_numbers(str(error))


def _name(error: BaseException) -> str:
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def format_exception(error: BaseException) -> str:
    """A traceback like Python's own, chained exceptions included, with safe messages."""
    parts: list[str] = []
    seen: set[int] = set()

    def walk(current: BaseException) -> None:
        seen.add(id(current))
        if current.__cause__ is not None and id(current.__cause__) not in seen:
            walk(current.__cause__)
            parts.append("\nThe above exception was the direct cause of the following "
                         "exception:\n\n")
        elif (current.__context__ is not None and not current.__suppress_context__
              and id(current.__context__) not in seen):
            walk(current.__context__)
            parts.append("\nDuring handling of the above exception, another exception "
                         "occurred:\n\n")
        if current.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(current.__traceback__))
        parts.append(f"{_name(current)}: {describe(current)}")

    walk(error)
    return mask_identity_numbers("".join(parts))


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so no handler prints personal data (see the module's text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask_identity_numbers(record.getMessage()), ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = format_exception(record.exc_info[1])
        elif record.exc_text:
            record.exc_text = mask_identity_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identity_numbers(record.stack_info)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Django's error report without POST values or local variables, also in DEBUG."""

    cleansed_substitute = HIDDEN
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN", flags=re.IGNORECASE)

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any
                                      ) -> list[tuple[str, str]]:
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class _Safe(str):
    """A message shown in place of an exception in Django's error report."""


class PersonalDataExceptionReporter(ExceptionReporter):
    """Django's error report (the DEBUG page, mail to admins) with safe exception messages
    and no query-string values."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.exc_value is not None:
            data["exception_value"] = describe(self.exc_value)
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = _Safe(describe(frame["exc_cause"]))
        for key in ("unicode_hint", "exception_notes"):
            if data.get(key):
                data[key] = mask_identity_numbers(str(data[key]))
        if "request_GET_items" in data:
            data["request_GET_items"] = [(k, HIDDEN) for k, _v in data["request_GET_items"]]
        return data
