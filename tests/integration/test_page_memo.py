"""List pages answered from the markup already made (``portal.page_memo``, decision 0058) are
the pages the person would have got: a change shows on the next load, nobody gets another
person's page, the forms on a kept page post (each answer with its own CSRF token), a flash
message is shown once and never kept, and the key tells apart values that render differently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.test import Client

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.cases.models import Case, EmployerAccess, Notice, Organisation, User
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from ekspertbistand.portal import page_memo
from factories import KARI, filled_draft, login, submitted_case

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The templates ``page_memo`` renders (a page answered from memory renders none)."""
    made: list[str] = []
    real = page_memo.render_to_string

    def counting(template, *args, **kwargs):
        made.append(template)
        return real(template, *args, **kwargs)

    monkeypatch.setattr(page_memo, "render_to_string", counting)
    return made


def text(client: Client, path: str, **query) -> str:
    response = client.get(path, query)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def api_items(client: Client) -> list[dict]:
    return client.get("/api/v1/cases").json()["items"]


# --- (a) a change shows on the next load ----------------------------------------------------

def test_a_draft_saved_with_a_new_name_shows_on_the_next_load(employer, today, renders):
    client = login(Client(), employer, "employer")
    case = filled_draft(employer, today)
    kari = DEMO_PEOPLE[KARI].name
    assert kari in text(client, "/arbeidsgiver/")
    assert [i["employee_name"] for i in api_items(client)] == [kari]
    assert kari in text(client, "/arbeidsgiver/") and renders == ["portal/employer_home.html"]

    step = answers_for(KARI, today)["arbeidstaker"]
    assert app.save_step(employer, case, "arbeidstaker",
                         {**step, "employee_name": "Kari Nordmann Nyberg"}) == {}
    page = text(client, "/arbeidsgiver/")
    assert "Kari Nordmann Nyberg" in page and len(renders) == 2
    assert [i["employee_name"] for i in api_items(client)] == ["Kari Nordmann Nyberg"]


def test_a_withdrawn_case_shows_as_withdrawn_everywhere_on_the_next_load(
        employer, employee, today, caseworker_agder):
    case = submitted_case(employer, employee, today)
    own = login(Client(), employer, "employer")
    nav = login(Client(), caseworker_agder, "caseworker")
    for _ in range(2):  # the second load answered from memory
        assert "Sendt til NAV" in text(own, "/arbeidsgiver/")
        assert [i["status"] for i in api_items(own)] == ["submitted"]
        assert case.reference in text(nav, "/nav/")
        assert nav.get("/api/v1/nav/queue").json()["counts"]["withdrawn"] == 0

    assert own.post(f"/api/v1/cases/{case.public_id}/withdraw",
                    {"reason": "Tilbake i jobb."}, content_type="application/json"
                    ).status_code == 200
    page = text(own, "/arbeidsgiver/")
    assert "Trukket" in page and "Sendt til NAV" not in page
    assert [i["status"] for i in api_items(own)] == ["withdrawn"]
    queue = text(nav, "/nav/")
    assert case.reference not in queue and "Trukket <span class=\"count\">(1)</span>" in queue
    assert case.reference in text(nav, "/nav/", status="withdrawn")


def test_a_notice_read_leaves_the_header_on_the_next_load(employer):
    client = login(Client(), employer, "employer")
    Notice.objects.create(recipient=employer, key="test-varsel-1", subject="NAV har svart",
                          body="Logg inn for å lese svaret.")
    for _ in range(2):
        assert "(1 nye)" in text(client, "/arbeidsgiver/")
    assert "NAV har svart" in text(client, "/varsler/")
    assert "nye)" not in text(client, "/arbeidsgiver/")


# --- (b) nobody gets another person's page --------------------------------------------------

def test_two_employers_of_one_organisation_each_get_their_own_page(employer, today, renders):
    tove = User.objects.create(username="tove", first_name="Tove", last_name="Lien")
    EmployerAccess.objects.create(user=tove, organisation=employer.employer_access.get().organisation)
    filled_draft(employer, today)
    hanne_client = login(Client(), employer, "employer")
    tove_client = login(Client(), tove, "employer")
    for _ in range(2):
        hanne_page, tove_page = text(hanne_client, "/arbeidsgiver/"), text(tove_client,
                                                                           "/arbeidsgiver/")
        assert "Hanne · Arbeidsgiver" in hanne_page and "Tove" not in hanne_page
        assert "Tove Lien · Arbeidsgiver" in tove_page and "Hanne ·" not in tove_page
        assert DEMO_PEOPLE[KARI].name in hanne_page and DEMO_PEOPLE[KARI].name in tove_page
    assert len(renders) == 2  # one page each, each kept for its own person
    # the same person renamed is not given the page made with the old name
    User.objects.filter(pk=tove.pk).update(first_name="Tove Marie")
    assert "Tove Marie Lien · Arbeidsgiver" in text(tove_client, "/arbeidsgiver/")


# --- (c) the forms on a kept page post ------------------------------------------------------

def test_start_ny_soknad_posts_from_a_kept_page_each_answer_with_its_own_token(
        employer, renders):
    client = login(Client(enforce_csrf_checks=True), employer, "employer")
    first, second = text(client, "/arbeidsgiver/"), text(client, "/arbeidsgiver/")
    assert renders == ["portal/employer_home.html"]  # the second answered from memory
    first_tokens, second_tokens = set(TOKEN.findall(first)), set(TOKEN.findall(second))
    assert len(first_tokens) == len(second_tokens) == 1 and first_tokens != second_tokens
    assert "Start ny søknad" in second
    orgnr = employer.employer_access.get().organisation.orgnr
    for token in (*second_tokens, *first_tokens):
        response = client.post("/arbeidsgiver/ny-soknad/",
                               {"csrfmiddlewaretoken": token, "orgnr": orgnr})
        assert response.status_code == 302
        assert response["Location"] == f"/arbeidsgiver/ny-soknad/?orgnr={orgnr}"
    refused = client.post("/arbeidsgiver/ny-soknad/",
                          {"csrfmiddlewaretoken": "x" * 64, "orgnr": orgnr})
    assert refused.status_code == 403
    # another session's copy of the page carries a token only for that session
    other = login(Client(enforce_csrf_checks=True), employer, "employer")
    [theirs] = set(TOKEN.findall(text(other, "/arbeidsgiver/")))
    assert client.post("/arbeidsgiver/ny-soknad/", {"csrfmiddlewaretoken": theirs,
                                                    "orgnr": orgnr}).status_code == 403


def test_ta_saken_posts_from_a_kept_queue_page(employer, employee, today, caseworker_agder,
                                               renders):
    case = submitted_case(employer, employee, today)
    client = login(Client(enforce_csrf_checks=True), caseworker_agder, "caseworker")
    text(client, "/nav/")
    page = text(client, "/nav/")
    assert renders == ["casework/queue.html"]
    action = f"/nav/saker/{case.public_id}/ta/"
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', page)
    assert form is not None and "Ta saken" in form[1]
    [token] = TOKEN.findall(form[1])
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == (
        f"/nav/saker/{case.public_id}/")
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_ASSESSMENT and case.assigned_to == caseworker_agder
    after = text(client, "/nav/")
    assert action not in after and "<td>Deg</td>" in after


# --- (d) a flash message is shown once and never kept ---------------------------------------

def test_a_pending_message_is_shown_once_and_not_kept(employer, renders):
    client = login(Client(), employer, "employer")
    assert "Siden er ikke tilgjengelig" not in text(client, "/arbeidsgiver/")
    assert client.get("/nav/")["Location"] == "/"  # the wrong role: a message, then home
    assert client.get("/")["Location"] == "/arbeidsgiver/"
    assert "Siden er ikke tilgjengelig i rollen du er logget inn med" in text(
        client, "/arbeidsgiver/")
    again = text(client, "/arbeidsgiver/")
    assert "Siden er ikke tilgjengelig" not in again and "Mine saker" in again
    assert renders == ["portal/employer_home.html"]  # the page with the message not kept


# --- (e) the key ----------------------------------------------------------------------------

def test_freeze_refuses_what_it_cannot_compare():
    for value in (object(), [1, object()], {"a": {"b": lambda: 1}}, Client()):
        with pytest.raises(TypeError):
            page_memo.freeze(value)


def test_freeze_tells_apart_values_that_render_differently():
    freeze = page_memo.freeze
    assert freeze(True) != freeze(1) and freeze(False) != freeze(0)
    assert freeze([True]) != freeze([1]) and freeze({"on": True}) != freeze({"on": 1})
    assert freeze(1) != freeze(1.0) and freeze(Decimal("1.0")) != freeze(Decimal("1.00"))
    assert freeze(1) != freeze("1") and freeze(None) != freeze("")
    known = uuid.UUID("6f1c1b7e-0c4e-4f7e-9a37-3d1f6c0b2a11")
    assert freeze(known) != freeze(str(known))
    assert freeze(dt.date(2026, 3, 2)) != freeze(dt.datetime(2026, 3, 2))
    assert freeze((1, 2)) != freeze((2, 1)) and freeze({1, 2}) == freeze({2, 1})
    value = {"a": [1, {"b": (True, None)}], "c": frozenset({"x"})}
    assert freeze(value) == freeze({"a": [1, {"b": (True, None)}], "c": frozenset({"x"})})
    hash(freeze(value))

    @dataclasses.dataclass(frozen=True)
    class Shown:
        label: str
        over: bool

    @dataclasses.dataclass
    class Open:
        rows: list

    assert freeze(Shown("Nye", True)) == freeze(Shown("Nye", True)) != freeze(Shown("Nye", False))
    assert freeze(Open([1])) == freeze(Open([1])) != freeze(Open([1, 2]))


def test_freeze_keys_model_instances_by_their_field_values():
    freeze = page_memo.freeze
    read = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    fjordlys = Organisation(pk=7, orgnr="910825526", name="Fjordlys Omsorg AS", refreshed_at=read)
    same = Organisation(pk=7, orgnr="910825526", name="Fjordlys Omsorg AS", refreshed_at=read)
    renamed = Organisation(pk=7, orgnr="910825526", name="Fjordlys Helse AS", refreshed_at=read)
    assert fjordlys is not same and freeze(fjordlys) == freeze(same)
    assert freeze(fjordlys) != freeze(renamed)
    assert freeze([fjordlys]) != freeze([renamed])
    hanne = User(pk=7, username="hanne", first_name="Hanne", date_joined=read)
    assert freeze(hanne) != freeze(fjordlys)  # the same pk of another model
    assert freeze(hanne) == freeze(User(pk=7, username="hanne", first_name="Hanne",
                                        date_joined=read))
    assert freeze(hanne) != freeze(User(pk=7, username="hanne", first_name="Hanne",
                                        date_joined=read, is_active=False))


def test_freeze_keys_a_list_page_by_its_rows_as_read(employer, today):
    from ekspertbistand.cases import selectors

    filled_draft(employer, today)
    first = selectors.employer_drafts(employer)
    assert page_memo.freeze(first) == page_memo.freeze(selectors.employer_drafts(employer))
    Case.objects.update(employee_name="Endret Navn")
    assert page_memo.freeze(first) != page_memo.freeze(selectors.employer_drafts(employer))


def test_at_most_size_pages_are_kept_the_least_recently_used_dropped(employer, monkeypatch,
                                                                      renders):
    monkeypatch.setattr(page_memo, "SIZE", 2)
    client = login(Client(), employer, "employer")
    for path in ("/arbeidsgiver/", "/arbeidsgiver/?side=2", "/arbeidsgiver/",
                 "/arbeidsgiver/?utkast=2", "/arbeidsgiver/"):
        text(client, path)
    assert len(renders) == 3  # the first page used again kept it; the second was dropped
    text(client, "/arbeidsgiver/?side=2")
    assert len(renders) == 4
