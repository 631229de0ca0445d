"""Security headers (issue 11.9): a Content-Security-Policy without inline script or style on
every page (the API docs page has its own), Referrer-Policy, Permissions-Policy; HTTPS only,
HSTS and the proxy's protocol header in production; ``check --deploy`` clean."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from ekspertbistand.cases.models import User
from factories import filled_draft, login, submitted_case

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", re.I)


def policy(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: set(part.split()[1:])
            for part in header.split(";") if part.strip()}


def assert_strict(response, path: str) -> None:
    directives = policy(response)
    assert directives.get("default-src") == {"'none'"}, path
    assert directives.get("script-src") == {"'self'"}, path
    assert directives.get("style-src") == {"'self'"}, path
    assert directives.get("frame-ancestors") == {"'none'"}, path
    assert directives.get("object-src") == {"'none'"}, path
    assert directives.get("form-action") == {"'self'"}, path
    assert response.headers["Referrer-Policy"] == "same-origin", path
    assert "camera=()" in response.headers["Permissions-Policy"], path
    assert "geolocation=()" in response.headers["Permissions-Policy"], path
    assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_every_page_has_the_strict_policy_and_needs_no_inline_script_or_style(
        employer, employee, today, caseworker_agder):
    case = submitted_case(employer, employee, today)
    draft = filled_draft(employer, today)
    anonymous = Client()
    pages = {anonymous: ["/", "/logg-inn/", "/passer-det/", "/helse/", "/api/v1/eligibility/questions",
                         "/admin/login/"]}
    pages[login(Client(), employer, "employer")] = [
        "/arbeidsgiver/", f"/saker/{case.public_id}/", f"/saker/{case.public_id}/kvittering/",
        *[f"/soknad/{draft.public_id}/{slug}/" for slug in (
            "kontaktperson", "arbeidstaker", "tiltak", "bht-og-nav", "behov", "ekspert",
            "periode", "kostnader", "samtykke", "oppsummering")],
        "/api/v1/cases", "/varsler/"]
    pages[login(Client(), employee, "employee")] = ["/arbeidstaker/"]
    pages[login(Client(), caseworker_agder, "caseworker")] = ["/nav/", f"/nav/saker/{case.public_id}/"]
    admin = User.objects.create(username="admin", is_staff=True, is_superuser=True)
    pages[login(Client(), admin, "caseworker")] = ["/admin/", "/admin/cases/outboxtask/"]
    for client, paths in pages.items():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_strict(response, path)
            if response["Content-Type"].startswith("text/html"):
                html = response.content.decode()
                assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html))
                assert not INLINE_STYLE.search(html), (path, INLINE_STYLE.search(html))


def test_the_api_docs_page_has_its_own_policy_scripts_still_only_from_here():
    response = Client().get("/api/v1/docs")
    directives = policy(response)
    assert directives["script-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'", "'unsafe-inline'"}  # Swagger UI's own styling
    assert directives["img-src"] == {"'self'", "data:"}
    assert directives["frame-ancestors"] == {"'none'"}


def _production(code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("EB_", "DJANGO_", "DATABASE_"))}
    environment.update({
        "EB_DEMO": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://eb_service@db.example:5432/ekspertbistand",
        "DJANGO_ALLOWED_HOSTS": "ekspertbistand.nav.example",
        "DJANGO_SETTINGS_MODULE": "ekspertbistand.config.settings", **extra})
    return subprocess.run([sys.executable, "-c", code], env=environment, cwd=PROJECT_DIR,
                          capture_output=True, text=True, check=False, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = _production("import sys; from django.core.management import execute_from_command_line; "
                         "execute_from_command_line(['manage.py', 'check', '--deploy', "
                         "'--fail-level', 'WARNING'])")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only_behind_the_proxy_with_hsts():
    code = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ekspertbistand.nav.example")
plain = client.get("/logg-inn/")
health = client.get("/helse/")
secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({"plain": [plain.status_code, plain.headers.get("Location")],
                  "health": health.status_code,
                  "secure": [secure.status_code, secure.headers.get("Strict-Transport-Security"),
                             secure.headers.get("Content-Security-Policy")]}))
"""
    result = _production(code)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://ekspertbistand.nav.example/logg-inn/"]
    assert seen["health"] == 200  # the platform's probe over plain HTTP
    status, hsts, csp = seen["secure"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in csp
