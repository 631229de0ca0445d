"""The lists of cases (issue 11 points 11 and 16): «Mine saker» for employer and employee and
`GET /api/v1/cases` come a page at a time, load only the columns they show, check the roles
once per request; drafts are named by their employee, show progress and open where the
employer left off; every link text differs."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekspertbistand.cases.application import STEPS
from ekspertbistand.cases.models import Case
from ekspertbistand.domain.case_status import CaseStatus
from factories import filled_draft, login, submitted_case

pytestmark = pytest.mark.django_db


def many_sent_cases(employer, count: int, national_id: str = "12037823560") -> list[Case]:
    """Sent cases straight into the table: the lists only read them."""
    organisation = employer.employer_access.first().organisation
    now = timezone.now()
    return Case.objects.bulk_create(
        Case(organisation=organisation, created_by=employer, status=CaseStatus.SUBMITTED,
             reference=f"EB-2026-{900000 + i}", employee_name=f"Person {i}",
             employee_national_id=national_id, answers={"big": "x" * 1000},
             submitted_at=now - dt.timedelta(minutes=i),
             updated_at=now - dt.timedelta(minutes=i))
        for i in range(count))


def new_draft(employer) -> Case:
    from ekspertbistand.cases.actions.application import create_draft
    return create_draft(employer, employer.employer_access.first().organisation)


class Links(HTMLParser):
    """Every link in <main> with the text a screen reader announces."""

    def __init__(self) -> None:
        super().__init__()
        self.inside_main = self.depth = 0
        self.links: list[list[str]] = []
        self.open = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside_main = True
        if self.inside_main and tag == "a":
            self.links.append([dict(attrs).get("href", ""), ""])
            self.open = True

    def handle_endtag(self, tag):
        if tag == "a":
            self.open = False
        if tag == "main":
            self.inside_main = False

    def handle_data(self, data):
        if self.open:
            self.links[-1][1] += data


def link_texts(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [" ".join(text.split()) for _href, text in parser.links]


def test_mine_saker_shows_a_page_of_sent_cases_at_a_time(client, employer):
    cases = many_sent_cases(employer, 30)
    login(client, employer, "employer")
    first = client.get("/arbeidsgiver/").content.decode()
    assert cases[0].reference in first and cases[24].reference in first
    assert cases[25].reference not in first
    assert "Side 1" in first and 'href="?side=2"' in first
    second = client.get("/arbeidsgiver/", {"side": 2}).content.decode()
    assert cases[29].reference in second and cases[0].reference not in second
    assert "Forrige side" in second and "Neste side" not in second


def test_the_employees_cases_come_a_page_at_a_time(client, employer, employee):
    many_sent_cases(employer, 27, national_id=employee.national_id)
    login(client, employee, "employee")
    page = client.get("/arbeidstaker/").content.decode()
    assert "Neste side" in page and "EB-2026-900026" not in page
    assert "EB-2026-900026" in client.get("/arbeidstaker/", {"side": 2}).content.decode()


def test_lists_of_sent_cases_never_load_the_answers(client, employer, employee):
    many_sent_cases(employer, 5, national_id=employee.national_id)
    for user, role, url in ((employer, "employer", "/arbeidsgiver/"),
                            (employer, "employer", "/api/v1/cases"),
                            (employee, "employee", "/arbeidstaker/"),
                            (employee, "employee", "/api/v1/cases")):
        login(client, user, role)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        reading_cases = [q["sql"] for q in queries.captured_queries
                         if 'FROM "cases_case"' in q["sql"]]
        assert reading_cases, url
        assert not any('"answers"' in sql for sql in reading_cases), url


def test_roles_are_worked_out_once_per_request(client, employer):
    from ekspertbistand.cases import permissions
    login(client, employer, "employer")
    with mock.patch("ekspertbistand.portal.auth.roles_of", wraps=permissions.roles_of) as spy:
        client.get("/arbeidsgiver/")
        assert spy.call_count == 1
        spy.reset_mock()
        client.get("/api/v1/cases")
        assert spy.call_count == 1


def test_the_api_pages_with_a_cursor_until_next_is_null(client, employer):
    cases = many_sent_cases(employer, 7)
    login(client, employer, "employer")
    seen: list[str] = []
    url = "/api/v1/cases?limit=3"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["limit"] == 3 and len(body["items"]) <= 3
        seen += [item["reference"] for item in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3 and seen == [c.reference for c in cases]  # newest change first, once each
    default = client.get("/api/v1/cases").json()
    assert default["limit"] == 50 and default["next"] is None


def test_a_bad_cursor_or_limit_is_explained_in_norwegian(client, employer):
    login(client, employer, "employer")
    refused = client.get("/api/v1/cases", {"cursor": "ikke-en-cursor"})
    assert refused.status_code == 422
    assert "Ugyldig «cursor»" in refused.json()["errors"]["query"]["cursor"][0]
    assert client.get("/api/v1/cases", {"limit": 500}).status_code == 422


def test_the_openapi_document_describes_the_page(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/cases"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"cursor", "limit"}
    page = schema["components"]["schemas"]["CasePageOut"]["properties"]
    assert {"items", "next", "next_cursor", "limit"} <= set(page)


def test_drafts_are_named_by_employee_with_progress_and_open_where_left_off(client, employer,
                                                                             today):
    started = filled_draft(employer, today, upto="arbeidstaker")  # two steps done
    empty = new_draft(employer)  # nothing typed yet
    login(client, employer, "employer")
    page = client.get("/arbeidsgiver/").content.decode()
    assert "Kari Nordmann" in page and "Uten navn ennå" in page
    total = len(STEPS) + 1  # the consent is a step too
    assert f"2 av {total} steg" in page and f"0 av {total} steg" in page
    assert f'/soknad/{started.public_id}/tiltak/' in page  # the first unfinished step
    assert f'/soknad/{empty.public_id}/kontaktperson/' in page
    assert re.search(r"Sist lagret", page)


def test_every_link_text_on_mine_saker_differs(client, employer, employee, today):
    new_draft(employer), new_draft(employer)
    submitted_case(employer, employee, today)
    login(client, employer, "employer")
    texts = link_texts(client.get("/arbeidsgiver/").content.decode())
    assert len([t for t in texts if t.startswith("Uten navn ennå")]) == 2
    assert len(texts) == len(set(texts)), texts
    login(client, employee, "employee")
    texts = link_texts(client.get("/arbeidstaker/").content.decode())
    assert len(texts) == len(set(texts)), texts


def test_cases_of_several_organisations_are_merged_newest_first(client, today):
    from factories import FJORDLYS, NORDLYS, make_employer
    both = make_employer("leder", FJORDLYS, NORDLYS)
    organisations = [a.organisation for a in both.employer_access.order_by("organisation__name")]
    now = timezone.now()
    made = Case.objects.bulk_create(
        Case(organisation=organisations[i % 2], created_by=both, status=CaseStatus.SUBMITTED,
             reference=f"EB-2026-{800000 + i}", submitted_at=now,
             updated_at=now - dt.timedelta(minutes=i))
        for i in range(30))
    login(client, both, "employer")
    seen, url = [], "/api/v1/cases?limit=4"
    while url:
        body = client.get(url).json()
        seen += [item["reference"] for item in body["items"]]
        url = body["next"]
    assert seen == [c.reference for c in made]
    second = client.get("/arbeidsgiver/", {"side": 2}).content.decode()
    assert made[25].reference in second and made[24].reference not in second
