"""The authorization matrix over the contact endpoints (issue 15): every page and API call
about a talk or a thread, tried by each person. Nobody reads or writes another
organisation's or another person's thread; the employer never reaches the employee's."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent, contact
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.contact.models import Message
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import (
    FJORDLYS,
    NORDLYS,
    filled_draft,
    login,
    make_employer,
    make_person,
    submitted_case,
)

pytestmark = pytest.mark.django_db

EMPLOYER_SECRET = "Hemmelig fra arbeidsgiver"
EMPLOYEE_SECRET = "Hemmelig fra arbeidstaker"
TALK_SECRET = "Hemmelig om samtalen"
ACTORS = {  # person → the role they log in with
    "hanne": "employer", "geir": "employer", "kari": "employee", "per": "employee",
    "aud": "caseworker", "nils": "caseworker",
}


@dataclass
class World:
    people: dict[str, User]
    ids: dict[str, Any]


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _caseworker(name: str, municipality: str, today: dt.date) -> User:
    user = User.objects.create(username=name, first_name=name.title())
    UnitMembership.objects.create(user=user, unit=worklife_centre_for(municipality, today))
    return user


@pytest.fixture
def world(db: None) -> World:
    today = dt.date.today()
    people = {"hanne": make_employer("hanne", FJORDLYS), "geir": make_employer("geir", NORDLYS),
              "kari": make_person(0), "per": make_person(3),
              "aud": _caseworker("aud", "4204", today), "nils": _caseworker("nils", "1804", today)}
    case = submitted_case(people["hanne"], people["kari"], today)
    file = SimpleUploadedFile("a.pdf", _pdf(), content_type="application/pdf")
    employer_msg = message_actions.send_case_message(people["hanne"], Role.EMPLOYER, case,
                                                     "employer", EMPLOYER_SECRET, upload=file)
    file = SimpleUploadedFile("b.pdf", _pdf(), content_type="application/pdf")
    employee_msg = message_actions.send_case_message(people["kari"], Role.EMPLOYEE, case,
                                                     "employee", EMPLOYEE_SECRET, upload=file)
    talk = contact.request_talk(people["hanne"], case.organisation, description=TALK_SECRET,
                                availability="Mandag", today=today)
    message_actions.send_talk_message(people["hanne"], Role.EMPLOYER, talk, TALK_SECRET)
    draft = app.create_draft(people["hanne"], case.organisation)
    asked = consent.request_consent(people["hanne"], filled_draft(people["hanne"], today))
    Message.objects.update(read_at=None)
    return World(people, {"case": case.public_id, "talk": talk.public_id,
                          "draft": draft.public_id, "employer_msg": employer_msg.pk,
                          "employee_msg": employee_msg.pk, "today": today.isoformat(),
                          "consent": asked.pk})


RECORD = {"talk_date": "{today}", "nav_participant": "Aud", "employer_participants": "Hanne",
          "outcome": "relevant", "outcome_note": ""}
# (method, path, body, who may) — body: form data for pages, JSON (``json:``) for the API.
ENDPOINTS: list[tuple[str, str, Any, set[str]]] = [
    ("get", "/arbeidsgiver/samtaler/{talk}/", None, {"hanne"}),
    ("post", "/samtykke/{consent}/noe-stemmer-ikke/", {"body": "Feil stilling"}, {"kari"}),
    ("post", "/api/v1/consent-requests/{consent}/comments",
     "json:" + json.dumps({"body": "Feil stilling"}), {"kari"}),
    ("post", "/arbeidsgiver/samtaler/{talk}/", {"body": "Svar"}, {"hanne"}),
    ("post", "/arbeidsgiver/samtaler/{talk}/start-soknad/", {}, {"hanne"}),
    ("post", "/soknad/{draft}/samtale-med-nav/velg/", {"talk": ""}, {"hanne"}),
    ("get", "/nav/samtaler/{talk}/", None, {"aud"}),
    ("post", "/nav/samtaler/{talk}/ta/", {}, {"aud"}),
    ("post", "/nav/samtaler/{talk}/svar/", {"body": "Svar"}, {"aud"}),
    ("post", "/nav/samtaler/{talk}/skriv-ned/", RECORD, {"aud"}),
    ("get", "/saker/{case}/", None, {"hanne", "kari"}),
    ("post", "/saker/{case}/meldinger/", {"body": "Hei"}, {"hanne", "kari"}),
    ("get", "/saker/{case}/meldinger/{employer_msg}/vedlegg/", None, {"hanne"}),
    ("get", "/saker/{case}/meldinger/{employee_msg}/vedlegg/", None, {"kari"}),
    ("get", "/nav/saker/{case}/", None, {"aud"}),
    ("post", "/nav/saker/{case}/meldinger/employer/", {"body": "Hei"}, {"aud"}),
    ("post", "/nav/saker/{case}/meldinger/employee/", {"body": "Hei"}, {"aud"}),
    ("get", "/nav/saker/{case}/meldinger/{employer_msg}/vedlegg/", None, {"aud"}),
    ("get", "/nav/saker/{case}/meldinger/{employee_msg}/vedlegg/", None, {"aud"}),
    ("get", "/api/v1/talks/{talk}", None, {"hanne", "aud"}),
    ("post", "/api/v1/talks/{talk}/messages", "json:" + json.dumps({"body": "Hei"}),
     {"hanne", "aud"}),
    ("post", "/api/v1/talks/{talk}/take", "json:{}", {"aud"}),
    ("post", "/api/v1/talks/{talk}/record", "json:" + json.dumps(RECORD), {"aud"}),
    ("put", "/api/v1/drafts/{draft}/nav-talk", "json:" + json.dumps({"talk_id": None}),
     {"hanne"}),
    ("get", "/api/v1/cases/{case}/messages", None, {"hanne", "kari"}),
    ("get", "/api/v1/cases/{case}/messages?thread=employer", None, {"hanne", "kari", "aud"}),
    ("get", "/api/v1/cases/{case}/messages?thread=employee", None, {"hanne", "kari", "aud"}),
    ("post", "/api/v1/cases/{case}/messages", "json:" + json.dumps({"body": "Hei"}),
     {"hanne", "kari"}),
    ("post", "/api/v1/cases/{case}/messages",
     "json:" + json.dumps({"body": "Hei", "thread": "employee"}), {"hanne", "kari", "aud"}),
]


def _call(client: Client, method: str, path: str, body: Any) -> Any:
    if isinstance(body, str) and body.startswith("json:"):
        return getattr(client, method)(path, data=body[5:], content_type="application/json")
    if method == "get":
        return client.get(path)
    return client.post(path, body or {})


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    # The pages send a person in the wrong role to the front page or the login.
    return response.status_code == 302 and response.url in ("/", ) or (
        response.status_code == 302 and response.url.startswith("/logg-inn/"))


def _content(response: Any) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, _b, _a in ENDPOINTS])
def test_only_the_people_of_the_thread_get_through(world: World, method: str, path: str,
                                                   body: Any, allowed: set[str]) -> None:
    url = path.format(**world.ids)
    if isinstance(body, dict):
        body = {k: v.format(**world.ids) for k, v in body.items()}
    elif isinstance(body, str):
        body = body.replace("{today}", world.ids["today"])
    # Those refused go first, so nothing an allowed person changes hides a leak.
    for name in sorted(ACTORS, key=lambda n: n in allowed):
        client = login(Client(), world.people[name], ACTORS[name])
        response = _call(client, method, url, body)
        content = _content(response)
        if name in allowed:
            assert not _refused(response), (name, response.status_code)
        else:
            assert _refused(response), (name, response.status_code, content[:300])
        # Whatever the answer, nobody sees a thread that is not theirs.
        if name not in ("hanne", "aud"):
            assert EMPLOYER_SECRET not in content and TALK_SECRET not in content, name
        if name not in ("kari", "aud"):
            assert EMPLOYEE_SECRET not in content, name


def test_the_employer_never_reads_the_employees_thread_even_when_asking_for_it(world: World):
    client = login(Client(), world.people["hanne"], "employer")
    answer = client.get(f"/api/v1/cases/{world.ids['case']}/messages?thread=employee").json()
    assert answer["thread"] == "employer"
    assert EMPLOYEE_SECRET not in json.dumps(answer, ensure_ascii=False)
    sent = client.post(f"/api/v1/cases/{world.ids['case']}/messages",
                       data=json.dumps({"body": "Til arbeidstakeren?", "thread": "employee"}),
                       content_type="application/json")
    assert sent.status_code == 201
    assert Message.objects.get(body="Til arbeidstakeren?").thread.kind == "employer"
