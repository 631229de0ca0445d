"""The account register's HTTP client against a local stand-in shaped like NAV's
kontoregister: the account on file, none (404), and a register that does not answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable
from ekspertbistand.integrations.kontoregister import (
    WITHOUT_ACCOUNT,
    FakeKontoregister,
    HttpKontoregister,
)

PREFIX = "/kontoregister/api/v1/hent-kontonummer-for-organisasjon/"


class FakeRegister(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        orgnr = self.path.removeprefix(PREFIX)
        assert self.headers["Authorization"] == "Bearer token-1"
        if orgnr == "910825526":
            body = json.dumps({"mottaker": orgnr, "kontonr": "86011117947"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        elif orgnr == "999999999":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def register() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeRegister)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_http_client_reads_the_account_on_file(register):
    client = HttpKontoregister(register, token="token-1")
    assert client.account_for("910825526") == "86011117947"
    assert client.account_for("910825461") is None
    with pytest.raises(RegisterUnavailable):
        client.account_for("999999999")


def test_fake_knows_the_demo_organisations_but_one():
    fake = FakeKontoregister()
    assert fake.account_for("910825526") == "86011117947"
    assert fake.account_for(WITHOUT_ACCOUNT) is None
