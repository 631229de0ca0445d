"""A bounded schemathesis run against the live test server (issue 11.10): every operation of
/api/v1 as a logged-in employer, generated valid and invalid requests alike; no 5xx, and
every answer — status, content type and body — is one the OpenAPI document describes.

Bounded by the number of examples per operation and a fixed seed, so it takes the same
well-under-a-minute on every run and a failure can be replayed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from factories import filled_draft, login

API = "/api/v1"

ST = Path(sys.executable).with_name("st")
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance,response_headers_conformance")
MAX_EXAMPLES = 20


def test_every_operation_documents_its_refusals_with_the_error_schema():
    document = Client().get(f"{API}/openapi.json").json()
    error, validation = ("#/components/schemas/ErrorOut", "#/components/schemas/ValidationErrorOut")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            expected = {"422"} | ({"400"} if "requestBody" in operation else set()) | (
                {"401", "403"} if operation.get("security") else set()) | (
                {"404"} if "{" in path else set())
            assert expected <= set(responses), (method, path, sorted(responses))
            for code, response in responses.items():
                if code.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]["$ref"]
                    assert schema == (validation if code == "422" else error), (method, path, code)
                    assert response["description"], (method, path, code)
    assert document["paths"][f"{API}/drafts"]["post"]["responses"]["503"]


def test_the_identifiers_patterns_are_documented():
    schemas = Client().get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert schemas["OrganisationOut"]["properties"]["orgnr"]["pattern"] == "^[0-9]{9}$"
    assert schemas["DraftIn"]["properties"]["orgnr"]["pattern"] == r"^\s*([0-9]\s*){9}$"
    answers = schemas["StepAnswersIn"]["properties"]
    assert answers["employee_national_id"]["pattern"] == r"^[\s.-]*([0-9][\s.-]*){11}$"
    assert answers["expert_orgnr"]["pattern"] == r"^\s*([0-9]\s*){9}$"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_fuzzed_against_its_own_openapi_document(live_server, employer, today, tmp_path):
    filled_draft(employer, today)  # something for the logged-in employer to find
    client = login(Client(), employer, "employer")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = client.get(reverse("api-v1:csrf")).json()["csrf_token"]
    command = [
        str(ST if ST.exists() else shutil.which("st")), "run",
        f"{live_server.url.replace('localhost', '127.0.0.1')}/api/v1/openapi.json",
        "--checks", CHECKS,
        # The step answers are stored as sent, valid or not (as on the pages), and reported
        # in the step's `errors`: a request that breaks a documented pattern is answered 200.
        "--exclude-checks", "negative_data_rejection,positive_data_acceptance",
        "--max-examples", str(MAX_EXAMPLES), "--seed", "20261201", "--workers", "1",
        "--phases", "examples,fuzzing", "--no-shrink",
        "--request-timeout", "20", "--warnings", "off",
        "--header", f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}",
        "--header", f"X-CSRFToken: {csrf}",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-15000:] + result.stderr[-3000:]
