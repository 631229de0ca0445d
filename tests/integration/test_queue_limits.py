"""NAV's work queue as a case worker uses it (``cases.queue``, decision 0058): each tab's count,
a tab over the counting limit shown as «over N» and paged without a last page, pages past
the end or not numbers, and the search: literal wildcards, Norwegian letters in any case, part
of a case number, an organisation number. And a recommending office's cases at the deciding
Arbeidslivssenter only once they are for deciding.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re

import pytest
from django.test import Client
from django.utils import timezone

from ekspertbistand.cases import queue as queues
from ekspertbistand.cases.models import Case, Organisation, User
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from ekspertbistand.portal import page_memo
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import FJORDLYS, KARI, login, make_employer, make_nav

pytestmark = pytest.mark.django_db

S = CaseStatus
API = "/api/v1/nav/queue"
_numbers = itertools.count(1)
TABS = {"open": "Åpne saker", "new": "Nye", "in_progress": "Under behandling",
        "waiting": "Venter på arbeidsgiver", "awaiting_decision": "Til beslutning",
        "decided": "Avgjort", "withdrawn": "Trukket", "all": "Alle"}


@pytest.fixture(autouse=True)
def nothing_kept():
    page_memo.forget()
    yield
    page_memo.forget()


@pytest.fixture
def agder(today) -> NavUnit:
    return worklife_centre_for("4204", today)


@pytest.fixture
def aud(agder) -> Client:
    return login(Client(), make_nav("aud", agder), "caseworker")


@pytest.fixture
def fjordlys() -> Organisation:
    return make_employer("hanne", FJORDLYS).employer_access.get().organisation


def make_cases(organisation: Organisation, unit: NavUnit | None, *statuses: CaseStatus,
               deciding: NavUnit | None = None) -> list[Case]:
    """Cases received a minute apart, oldest first, each with its own case number."""
    start = timezone.now() - dt.timedelta(days=2)
    creator = User.objects.get_or_create(username="oppretter")[0]
    made = []
    for status in statuses:
        n = next(_numbers)
        made.append(Case(
            organisation=organisation, created_by=creator, status=status, routed_unit=unit,
            deciding_unit=deciding, reference=None if status == S.DRAFT else f"EB-2026-{610000 + n}",
            employee_name=f"Ansatt {n}", employee_national_id=DEMO_PEOPLE[KARI].national_id,
            submitted_at=None if status == S.DRAFT else start + dt.timedelta(minutes=n)))
    return Case.objects.bulk_create(made)


@pytest.fixture
def agder_cases(agder, fjordlys) -> list[Case]:
    """16 cases in the tabs of NAV Arbeidslivssenter Agder, a draft and a deleted case that
    are in none, and a case of Nordland's."""
    made = make_cases(fjordlys, agder, *[S.SUBMITTED] * 7, S.UNDER_ASSESSMENT,
                      S.UNDER_ASSESSMENT, S.WAITING_FOR_EMPLOYER, S.AWAITING_DECISION,
                      S.GRANTED, S.GRANTED, S.REJECTED, S.CLOSED, S.WITHDRAWN, S.DRAFT,
                      S.DELETED)
    make_cases(fjordlys, worklife_centre_for("1804", timezone.localdate()), S.SUBMITTED)
    return made


EXACT = {"open": 11, "new": 7, "in_progress": 2, "waiting": 1, "awaiting_decision": 1,
         "decided": 4, "withdrawn": 1, "all": 16}


def tab_counts(page: str) -> dict[str, str]:
    """What each tab of the queue page says in brackets after its name."""
    return {key: re.search(rf">{re.escape(label)} <span class=\"count\">\(([^)]*)\)</span>",
                           page)[1] for key, label in TABS.items()}


def references(page: str) -> list[str]:
    """The case numbers listed, in order (each row links its number to the case)."""
    return re.findall(r'">(EB-2026-\d+)</a>', page)


def next_link(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*)">Neste side</a>', page)
    return html.unescape(found[1]) if found else None


def test_each_tab_counts_its_cases_exactly_below_the_limit(aud, agder_cases):
    page = aud.get("/nav/").content.decode()
    assert tab_counts(page) == {key: str(n) for key, n in EXACT.items()}
    answer = aud.get(API, {"status": "all"}).json()
    assert answer["counts"] == EXACT
    assert answer["count"] == 16 and answer["count_over_limit"] is False
    assert answer["pages"] == 1 and answer["counts_over_limit"] == []


def test_a_tab_over_the_limit_says_over_and_pages_to_every_case_once(
        aud, agder_cases, monkeypatch):
    monkeypatch.setattr(queues, "COUNT_LIMIT", 3)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    new = [c.reference for c in agder_cases if c.status == S.SUBMITTED]
    page = aud.get("/nav/", {"status": "new"}).content.decode()
    counts = tab_counts(page)
    assert counts == {"open": "over 3", "new": "over 3", "in_progress": "2", "waiting": "1",
                      "awaiting_decision": "1", "decided": "over 3", "withdrawn": "1",
                      "all": "over 3"}
    assert "1–2 av over 3" in page and "Side 1</span>" in page and "Side 1 av" not in page

    seen, url, pages = [], "/nav/?status=new", 0
    while url:
        page = aud.get(url if url.startswith("/") else "/nav/" + url).content.decode()
        seen += references(page)
        url, pages = next_link(page), pages + 1
    assert seen == new and pages == 4  # oldest first, each once, the last page without «Neste»

    answer = aud.get(API, {"status": "new"}).json()
    assert answer["count_over_limit"] is True and answer["pages"] is None
    assert answer["count"] == 3
    assert answer["counts_over_limit"] == ["all", "decided", "new", "open"]
    seen, number = [], 1
    while number is not None:
        answer = aud.get(API, {"status": "new", "page": number}).json()
        seen += [item["reference"] for item in answer["items"]]
        number = answer["next_page"]
    assert seen == new
    small = aud.get(API, {"status": "in_progress"}).json()
    assert small["count_over_limit"] is False and small["pages"] == 1 and small["count"] == 2


def test_pages_past_the_end_or_not_numbers_are_answered_sensibly(aud, agder_cases,
                                                                 monkeypatch):
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    new = [c.reference for c in agder_cases if c.status == S.SUBMITTED]
    for garbage in ("abc", "", "-3", "0", "1.5", "１"):
        response = aud.get("/nav/", {"status": "new", "side": garbage})
        assert response.status_code == 200
        assert references(response.content.decode()) == new[:2], garbage
    last = aud.get("/nav/", {"status": "new", "side": "999"}).content.decode()
    assert references(last) == new[6:] and "Side 4 av 4" in last and next_link(last) is None
    assert "Forrige side" in last
    answer = aud.get(API, {"status": "new", "page": 999}).json()
    assert answer["page"] == 4 and [i["reference"] for i in answer["items"]] == new[6:]
    assert answer["next_page"] is None
    assert aud.get(API, {"status": "new", "page": "abc"}).status_code == 422
    assert aud.get(API, {"status": "new", "page": 0}).status_code == 422
    # an unknown tab or sort falls back to the open cases, oldest first
    fallback = aud.get(API, {"status": "alt", "sort": "x"}).json()
    assert fallback["count"] == 11 and fallback["items"][0]["reference"] == new[0]
    # over the limit no last page is known: a page past the end is empty, not an error, and
    # links back to the first page
    monkeypatch.setattr(queues, "COUNT_LIMIT", 3)
    beyond = aud.get("/nav/", {"status": "new", "side": "999"})
    assert beyond.status_code == 200 and references(beyond.content.decode()) == []
    page = beyond.content.decode()
    assert "Ingen saker på denne siden." in page
    back = re.search(r'<a href="([^"]+)">Gå til første side</a>', page)
    assert back and "status=new" in back.group(1) and back.group(1).endswith("side=1")
    assert aud.get(API, {"status": "new", "page": 999}).json()["items"] == []


def found(client: Client, text: str) -> list[str]:
    answer = client.get(API, {"status": "all", "q": text}).json()
    page = client.get("/nav/", {"status": "all", "sok": text}).content.decode()
    from_page = references(page)
    listed = [item["reference"] for item in answer["items"]]
    assert listed == from_page, text
    assert answer["count"] == len(listed)
    return listed


def organisation(orgnr: str, name: str) -> Organisation:
    return Organisation.objects.create(orgnr=orgnr, name=name)


def test_search_takes_wildcards_literally_and_folds_norwegian_letters(aud, agder):
    percent = organisation("999000011", "Hundre prosent Rør AS")
    underscore = organisation("999000029", "Bygg_Anlegg AS")
    spaced = organisation("999000037", "Bygg Anlegg AS")
    trout = organisation("999000045", "Ørret AS")
    [pct] = make_cases(percent, agder, S.SUBMITTED)
    [und] = make_cases(underscore, agder, S.UNDER_ASSESSMENT)
    [spc] = make_cases(spaced, agder, S.SUBMITTED)
    trouts = make_cases(trout, agder, S.SUBMITTED, S.GRANTED)

    assert found(aud, "%") == [] and found(aud, "_") == [und.reference]
    assert found(aud, "\\") == [] and found(aud, "'") == []
    percent.name = "100% Rør AS"
    percent.save(update_fields=["name"])
    assert found(aud, "%") == [pct.reference] and found(aud, "0%") == [pct.reference]
    assert found(aud, "g_a") == [und.reference]
    assert found(aud, "bygg anlegg") == [spc.reference]
    assert found(aud, "  Bygg   Anlegg ") == [spc.reference]  # spaces as one
    refs = [c.reference for c in trouts]
    for text in ("ørret", "ØRRET", "Ørret as", "rret"):
        assert found(aud, text) == refs, text
    assert found(aud, "rør") == [pct.reference]

    number = trouts[1].reference
    assert found(aud, number) == [number] and found(aud, number.lower()) == [number]
    assert found(aud, number[-4:]) == [number]
    assert found(aud, trout.orgnr) == refs
    assert found(aud, trout.orgnr[:8]) == []  # part of an organisation number finds nothing
    assert found(aud, "Finnes ikke AS") == []


def test_a_recommending_offices_cases_reach_the_deciding_centre_only_for_deciding(
        agder, aud, fjordlys):
    office = NavUnit.objects.filter(kind=NavUnit.Kind.NAV_OFFICE).exclude(pk=agder.pk).first()
    made = make_cases(fjordlys, office, S.SUBMITTED, S.UNDER_ASSESSMENT, S.WAITING_FOR_EMPLOYER,
                      S.AWAITING_DECISION, S.GRANTED, S.REJECTED, S.CLOSED, S.WITHDRAWN,
                      deciding=agder)
    [own] = make_cases(fjordlys, agder, S.SUBMITTED)
    for_deciding = [c.reference for c in made if c.status in queues.FOR_DECIDING_UNIT]
    assert len(for_deciding) == 4

    answer = aud.get(API, {"status": "all"}).json()
    assert [i["reference"] for i in answer["items"]] == [*for_deciding, own.reference]
    assert answer["counts"]["new"] == 1 and answer["counts"]["awaiting_decision"] == 1
    assert answer["counts"]["decided"] == 3 and answer["counts"]["withdrawn"] == 0
    page = aud.get("/nav/", {"status": "all"}).content.decode()
    assert references(page) == [*for_deciding, own.reference]

    at_office = login(Client(), make_nav("olav", office), "caseworker")
    assert [i["reference"] for i in at_office.get(API, {"status": "all"}).json()["items"]] == [
        c.reference for c in made]
