"""The Enhetsregisteret client against a local server shaped like the real API, the
production guard on the test login, and NAV's admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ekspertbistand.cases import audit
from ekspertbistand.cases.models import AuditEvent, User
from ekspertbistand.integrations.enhetsregisteret import HttpEnhetsregisteret, RegisterUnavailable
from factories import login

UNDERENHET = {
    "organisasjonsnummer": "910825526",
    "navn": "FJORDLYS SYKEHJEM AS",
    "organisasjonsform": {"kode": "BEDR"},
    "naeringskode1": {"kode": "87.101", "beskrivelse": "Drift av sykehjem"},
    "antallAnsatte": 64,
    "overordnetEnhet": "910825534",
    "beliggenhetsadresse": {"kommunenummer": "4204", "kommune": "KRISTIANSAND",
                            "adresse": ["Fjordveien 12", ""], "postnummer": "4631",
                            "poststed": "KRISTIANSAND S"},
}
ENHET = {
    "organisasjonsnummer": "910825534",
    "navn": "FJORDLYS KONSERN AS",
    "institusjonellSektorkode": {"kode": "2100"},
    "forretningsadresse": {"kommunenummer": "0301"},
}


class FakeBrreg(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        routes = {"/enhetsregisteret/api/underenheter/910825526": UNDERENHET,
                  "/enhetsregisteret/api/enheter/910825534": ENHET}
        if self.path == "/enhetsregisteret/api/underenheter/999999999":
            self.send_response(500)
            self.end_headers()
            return
        body = routes.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if body:
            self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def brreg():
    server = HTTPServer(("127.0.0.1", 0), FakeBrreg)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/enhetsregisteret/api"
    server.shutdown()


def test_http_client_reads_a_sub_unit(brreg):
    info = HttpEnhetsregisteret(brreg).lookup("910825526")
    assert info is not None
    assert (info.name, info.municipality_number, info.nace_code, info.employee_count) == (
        "FJORDLYS SYKEHJEM AS", "4204", "87.101", 64)
    assert info.business_address == "Fjordveien 12, 4631 KRISTIANSAND S"


def test_http_client_without_an_address_gives_an_empty_one(brreg):
    info = HttpEnhetsregisteret(brreg).lookup("910825534")
    assert info is not None and info.business_address == ""


def test_http_client_falls_back_to_the_main_unit(brreg):
    info = HttpEnhetsregisteret(brreg).lookup("910825534")
    assert info is not None and info.municipality_number == "0301" and info.sector_code == "2100"


def test_http_client_unknown_number_is_none(brreg):
    assert HttpEnhetsregisteret(brreg).lookup("910825453") is None


def test_http_client_server_error_is_reported_not_hidden(brreg):
    with pytest.raises(RegisterUnavailable):
        HttpEnhetsregisteret(brreg).lookup("999999999")


def _start_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("EB_", "DJANGO_", "DATABASE_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "ekspertbistand.config.settings"},
        capture_output=True, text=True, check=False)


PRODUCTION = {"EB_DEMO": "0", "DJANGO_SECRET_KEY": "x" * 50,
              "DATABASE_URL": "postgres://eb@127.0.0.1:5432/ekspertbistand"}


def test_production_refuses_to_start_with_the_test_login():
    result = _start_settings(**PRODUCTION, EB_TEST_LOGIN="1")
    assert result.returncode != 0
    assert "Testinnloggingen" in result.stderr


def test_production_requires_a_secret_key():
    result = _start_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_requires_postgresql():
    result = _start_settings(EB_DEMO="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_production_starts_without_the_test_login():
    assert _start_settings(**PRODUCTION).returncode == 0


@pytest.mark.django_db
def test_test_login_page_is_gone_in_production(client, settings):
    settings.TEST_LOGIN_ENABLED = False
    assert client.get("/logg-inn/").status_code == 404


@pytest.mark.django_db
def test_admin_shows_reference_data_and_a_read_only_audit_log(client, employer):
    admin = User.objects.create(username="ada", is_staff=True, is_superuser=True)
    login(client, admin, "admin")
    for url in ("/admin/", "/admin/reference/navunit/", "/admin/reference/maxrate/",
                "/admin/cases/outboxtask/", "/admin/cases/auditevent/", "/admin/cases/user/"):
        assert client.get(url).status_code == 200, url
    event = audit.record("viewed", actor=admin, role="admin")
    assert client.post(f"/admin/cases/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
