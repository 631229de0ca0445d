"""/api/v1 for the contact with NAV: the same rules and messages as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from ekspertbistand.cases.actions import application as app
from factories import login, submitted_case

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _post(client: Client, path: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body),
                                   content_type="application/json")


def test_the_talk_through_the_api(employer, caseworker_agder, today):
    hanne = login(Client(), employer, "employer")
    missing = _post(hanne, "/talks", {"orgnr": "910825526", "description": "",
                                      "availability": "Mandag"})
    assert missing.status_code == 422
    assert missing.json()["errors"]["body"]["description"] == [
        "Skriv kort hva dere vil snakke med NAV om."]
    other = _post(hanne, "/talks", {"orgnr": "910825518", "description": "x",
                                    "availability": "y"})
    assert other.status_code == 422 and "organisation" in other.json()["errors"]["body"]
    created = _post(hanne, "/talks", {"orgnr": "910825526", "description": "Lang sykmelding.",
                                      "availability": "Mandag"})
    assert created.status_code == 201
    talk = created.json()
    assert talk["unit"] == "NAV Arbeidslivssenter Agder" and talk["status"] == "new"

    nav = login(Client(), caseworker_agder, "caseworker")
    assert [t["id"] for t in nav.get(f"{API}/talks").json()] == [talk["id"]]
    assert _post(nav, f"/talks/{talk['id']}/take", {}).json()["status"] == "taken"
    future = _post(nav, f"/talks/{talk['id']}/record", {
        "talk_date": (today + dt.timedelta(days=1)).isoformat(), "nav_participant": "Aud",
        "employer_participants": "Hanne", "outcome": "relevant"})
    assert future.status_code == 422
    assert "fram i tid" in future.json()["errors"]["body"]["talk_date"][0]
    recorded = _post(nav, f"/talks/{talk['id']}/record", {
        "talk_date": today.isoformat(), "nav_participant": "Aud Arbeidsliv",
        "employer_participants": "Hanne", "outcome": "relevant"})
    assert recorded.json()["outcome_label"] == "Ekspertbistand kan være aktuelt"
    _post(nav, f"/talks/{talk['id']}/messages", {"body": "Takk for praten."})

    seen = hanne.get(f"{API}/talks/{talk['id']}").json()
    assert seen["messages"][0]["body"] == "Takk for praten."
    assert seen["messages"][0]["sender"].endswith("NAV Arbeidslivssenter Agder")
    draft = app.create_draft(employer, employer.employer_access.first().organisation)
    assert _post(hanne, f"/drafts/{draft.public_id}/nav-talk", {"talk_id": talk["id"]},
                 method="put").status_code == 204
    draft.refresh_from_db()
    assert draft.answers["nav_talk"]["nav_contact_name"] == (
        "Aud Arbeidsliv, NAV Arbeidslivssenter Agder")
    assert hanne.get(f"{API}/talks/{talk['id']}").json()["application_id"] == str(
        draft.public_id)


def test_case_messages_through_the_api_warn_about_health_details(employer, employee,
                                                                  caseworker_agder, today):
    case = submitted_case(employer, employee, today)
    hanne = login(Client(), employer, "employer")
    warned = _post(hanne, f"/cases/{case.public_id}/messages",
                   {"body": "Hun bruker medisiner for migrene."})
    assert warned.status_code == 422
    assert any("«migrene»" in m for m in warned.json()["errors"]["body"]["body"])
    sent = _post(hanne, f"/cases/{case.public_id}/messages",
                 {"body": "Hun bruker medisiner for migrene.", "confirm_health": True})
    assert sent.status_code == 201
    nav = login(Client(), caseworker_agder, "caseworker")
    assert nav.get(f"{API}/cases/{case.public_id}/messages").status_code == 404  # name a thread
    thread = nav.get(f"{API}/cases/{case.public_id}/messages?thread=employer").json()
    assert thread["messages"][0]["body"] == "Hun bruker medisiner for migrene."
    assert hanne.get(f"{API}/cases/{case.public_id}/messages").json()["messages"][0]["read_at"]
