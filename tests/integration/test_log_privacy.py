"""No fødselsnummer (nor the answers around it) in any log line or error report (issue 11.3).

The path that leaked: a database error on saving a step (PostgreSQL refusing a NUL byte in
the answers' JSON) quoted the row — the neighbouring answers, fødselsnummer included — into
the logged 500, and Django's error report carries POST data and every frame's variables."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.db import DataError, connection
from django.test import Client
from django.views.debug import ExceptionReporter, get_exception_reporter_class

from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case
from ekspertbistand.config import middleware
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from factories import filled_draft, login

pytestmark = pytest.mark.django_db

KARI = DEMO_PEOPLE[0]
NAME = "Kari Nordmann"


@pytest.fixture
def log_output():
    """What the service's own log handlers write, as configured in settings.LOGGING."""
    handlers = [h for h in logging.root.handlers if isinstance(h, logging.StreamHandler)
                and not type(h).__module__.startswith("_pytest")]
    assert handlers
    stream = io.StringIO()
    previous = [h.setStream(stream) for h in handlers]  # type: ignore[attr-defined]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)  # type: ignore[attr-defined]


def employee_step(national_id: str, name: str) -> dict[str, str]:
    return {"employee_national_id": national_id, "employee_name": name,
            "sick_leave_pattern": "long", "on_sick_leave_now": "yes",
            "position_title": "Helsefagarbeider", "position_percent": "80",
            "employed_since": "2015-08-01"}


def assert_no_personal_data(text: str) -> None:
    assert KARI.national_id not in text
    assert f"{KARI.national_id[:6]} {KARI.national_id[6:]}" not in text
    assert NAME not in text and "Nordmann" not in text


def test_a_database_error_on_saving_a_step_logs_no_personal_data(employer, today, monkeypatch,
                                                                  log_output):
    """Forced on both databases: the error quotes the row as PostgreSQL's does."""
    case = filled_draft(employer, today, upto="kontaktperson")

    def refuse(self, *args, **kwargs):
        raise DataError('unsupported Unicode escape sequence\nDETAIL: \\u0000 cannot be '
                        'converted to text.\nCONTEXT: JSON data, line 1: {"arbeidstaker": '
                        f'{{"employee_national_id": "{KARI.national_id}", '
                        f'"employee_name": "{NAME}\\u0000"')

    monkeypatch.setattr(Case, "save", refuse)
    client = login(Client(raise_request_exception=False), employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/arbeidstaker/",
                           employee_step(KARI.national_id, f"{NAME}\x00"))
    assert response.status_code == 500
    logged = log_output.getvalue()
    assert "Internal Server Error" in logged and "DataError" in logged
    assert "personopplysninger" in logged  # the message is replaced, the class kept
    assert_no_personal_data(logged)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own refusal")
def test_postgresql_refusing_a_nul_byte_logs_no_personal_data(employer, today, monkeypatch,
                                                             log_output):
    """The real path: answers stored as typed, as before they were cleaned on the way in (both
    cleanings, the form post's and the steps', switched off here)."""
    case = filled_draft(employer, today, upto="kontaktperson")
    monkeypatch.setattr(middleware, "_clean_form_post", lambda request: None)
    monkeypatch.setattr(app_actions, "raw_answers", lambda form, data: {
        name: data.get(name, "") for name in form().fields})
    client = login(Client(raise_request_exception=False), employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/arbeidstaker/",
                           employee_step(KARI.national_id, f"{NAME}\x00"))
    assert response.status_code == 500
    logged = log_output.getvalue()
    assert "Internal Server Error" in logged and "SQLSTATE" in logged
    assert_no_personal_data(logged)


def test_the_error_report_hides_post_data_variables_and_the_message(rf):
    """Django's report (the DEBUG page, mail to admins) never shows what was typed."""
    request = rf.post("/soknad/x/arbeidstaker/", employee_step(KARI.national_id, NAME))
    national_id, answers = KARI.national_id, {"employee_name": NAME}  # noqa: F841 (locals)
    try:
        raise DataError(f"CONTEXT: JSON data {national_id} {answers}")
    except DataError:
        reporter_class = get_exception_reporter_class(request)
        assert issubclass(reporter_class, ExceptionReporter)
        reporter = reporter_class(request, *sys.exc_info())
        text, html = reporter.get_traceback_text(), reporter.get_traceback_html()
    assert "employee_national_id" in text  # the POST keys are kept, the values hidden
    for report in (text, html):
        assert_no_personal_data(report)


def test_plain_log_lines_mask_identity_numbers(log_output):
    logging.getLogger("ekspertbistand.test").warning("Oppslag på %s feilet", KARI.national_id)
    logging.getLogger("ekspertbistand.test").warning(
        "Oppslag på %s feilet", f"{KARI.national_id[:6]} {KARI.national_id[6:]}")
    logged = log_output.getvalue()
    assert "Oppslag på [fødselsnummer fjernet] feilet" in logged
    assert_no_personal_data(logged)
