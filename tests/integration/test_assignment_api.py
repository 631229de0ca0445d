"""The assignment, report and follow-up endpoints: the same rules and messages as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ekspertbistand.assignments.models import Report
from factories import granted_case, login, make_expert

pytestmark = pytest.mark.django_db
API, JSON = "/api/v1", "application/json"


def body(today: dt.date, causes: str) -> dict:
    due = (today + dt.timedelta(days=30)).isoformat()
    return {"assignment": "Målet er at arbeidstakeren kommer tilbake i egen stilling.",
            "work_done": "Oppstartsmøte, samtaler, arbeidsplassvurdering og avslutningsmøte.",
            "causes": causes, "outcome": "own_job",
            "measures": [{"party": "employee", "description": "Opptrapping",
                          "responsible": "Arbeidstakeren", "due": due},
                         {"party": "employer", "description": "Faste vakter",
                          "responsible": "Leder", "due": due}]}


def test_expert_flow_through_the_api(employer, employee, today):
    case = granted_case(employer, employee, today)
    eva = make_expert("eva")
    boss, expert = login(Client(), employer, "employer"), login(Client(), eva, "expert")
    worker = login(Client(), employee, "employee")
    invited = boss.post(f"{API}/cases/{case.public_id}/expert-invitation", {}, content_type=JSON)
    assert invited.status_code == 201
    assignment_id = invited.json()["id"]
    assert boss.get(f"{API}/expert/assignments").status_code == 403
    listed = expert.get(f"{API}/expert/assignments").json()
    assert [a["state"] for a in listed] == ["invited"]
    base = f"{API}/expert/assignments/{assignment_id}"
    assert expert.post(f"{base}/accept", {}, content_type=JSON).json()["state"] == "accepted"
    phase = expert.put(f"{base}/phases/mapping", {"held_on": today.isoformat(),
                                                  "participants": ""}, content_type=JSON)
    assert phase.status_code == 422 and "Deltakere" in phase.json()["errors"]["body"][
        "participants"][0]
    flagged = expert.post(f"{base}/report/submit",
                          {"report": body(today, "Hun har depresjon og trenger faste vakter.")},
                          content_type=JSON)
    assert flagged.status_code == 422
    message = flagged.json()["errors"]["body"]["privacy.causes"][0]
    key = message.split(": ")[0]
    assert "depresjon" in message
    sent = expert.post(f"{base}/report/submit",
                       {"report": body(today, "Hun har depresjon og trenger faste vakter."),
                        "resolutions": {"causes": [{"key": key, "resolution": "removed"}]}},
                       content_type=JSON)
    assert sent.status_code == 200 and "depresjon" not in sent.json()["causes"]
    assert boss.get(f"{API}/cases/{case.public_id}/report").status_code == 404
    assert worker.get(f"{API}/cases/{case.public_id}/report").json()["state"] == "with_employee"
    answered = worker.post(f"{API}/cases/{case.public_id}/report/answer",
                           {"answer": "approve"}, content_type=JSON)
    assert answered.json()["state"] == Report.State.RELEASED
    assert "faste vakter" in boss.get(f"{API}/cases/{case.public_id}/report").json()[
        "report"]["causes"]
    nav = login(Client(), case.grants.first().caseworker, "caseworker")
    assert nav.get(f"{API}/nav/cases/{case.public_id}/report").status_code == 200
    early = boss.post(f"{API}/cases/{case.public_id}/follow-up",
                      {"outcome": "same_position", "helped": "yes"}, content_type=JSON)
    assert early.status_code == 409 and "Oppfølgingen åpner" in early.json()["detail"]
