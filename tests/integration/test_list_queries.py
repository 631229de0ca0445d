"""How many database queries a list of cases costs (issue 11 point 12, decision 0018).

Each list page is a fixed number of small queries, whatever the number of cases: reading the
session, the person, their roles (one statement), what the list needs, and — for those whose
header shows it — the unread notices. These tests pin those numbers so that a query added to
every request, or one per row, is noticed. They count queries, they do not time anything.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekspertbistand.api.schemas import CasePageOut
from ekspertbistand.cases.models import Case, EmployerAccess, Organisation
from ekspertbistand.domain.case_status import CaseStatus
from factories import (
    ARENDAL_ORG,
    SILJE,
    filled_draft,
    login,
    make_employer,
    make_person,
    make_staff,
    submitted_case,
)

pytestmark = pytest.mark.django_db

# session, user, roles (one statement), the header's unread notices
PER_REQUEST = 4


def sent_cases(employer, organisation: Organisation, count: int, **fields) -> None:
    now = timezone.now()
    Case.objects.bulk_create(
        Case(organisation=organisation, created_by=employer, status=CaseStatus.SUBMITTED,
             reference=f"EB-2026-{800000 + organisation.pk * 1000 + i}",
             employee_name=f"Person {i}", employee_national_id="12037823560",
             submitted_at=now - dt.timedelta(minutes=i),
             updated_at=now - dt.timedelta(minutes=i), **fields)
        for i in range(count))


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def two_organisations(employer) -> list[Organisation]:
    """``employer`` acting for a second organisation too."""
    second = make_employer("lise", ARENDAL_ORG).employer_access.first().organisation
    EmployerAccess.objects.create(user=employer, organisation=second)
    return [a.organisation for a in employer.employer_access.all()]


def test_mine_saker_costs_the_same_few_queries_with_few_or_many_cases(
        client, employer, employee, today, django_assert_max_num_queries):
    organisations = two_organisations(employer)
    filled_draft(employer, today)
    login(client, employer, "employer")
    # + the organisations, and per organisation one query for drafts and one for sent cases
    expected = PER_REQUEST + 1 + 2 * len(organisations)
    few = queries(client, "/arbeidsgiver/")
    for organisation in organisations:
        sent_cases(employer, organisation, 40)
    with django_assert_max_num_queries(expected):
        client.get("/arbeidsgiver/?side=2")
    assert queries(client, "/arbeidsgiver/") == few <= expected


def test_the_employees_list_is_a_fixed_number_of_queries(
        client, employer, employee, django_assert_max_num_queries):
    sent_cases(employer, employer.employer_access.first().organisation, 40)
    login(client, employee, "employee")
    # + the cases about them, their open consent requests, the voided ones
    with django_assert_max_num_queries(PER_REQUEST + 3):
        client.get("/arbeidstaker/?side=2")


def test_the_api_list_is_a_fixed_number_of_queries(client, employer,
                                                   django_assert_max_num_queries):
    organisations = two_organisations(employer)
    for organisation in organisations:
        sent_cases(employer, organisation, 60)
    login(client, employer, "employer")
    # no header: session, user, roles, the organisations, and one query per organisation
    expected = 4 + len(organisations)
    with django_assert_max_num_queries(expected):
        first = client.get("/api/v1/cases").json()
    with django_assert_max_num_queries(expected):
        client.get(first["next"])


def test_nav_queue_is_a_fixed_number_of_queries_and_counts_each_tab_once(
        client, employer, today, django_assert_max_num_queries):
    worker = make_staff("aud", "4203")  # NAV Arendal
    case = submitted_case(make_employer("lise", ARENDAL_ORG), make_person(SILJE), today, SILJE)
    sent_cases(employer, case.organisation, 60, routed_unit=case.routed_unit)
    login(client, worker, "caseworker")
    # session, user, roles (NAV's header shows no notices), the units, whether any case is
    # decided for an office, the counts of every tab in one grouped query, a page of ids,
    # those cases' columns, and the statistics right (the user's and the groups' permissions)
    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(10):
        page = client.get("/nav/?status=all&side=2").content.decode()
    assert sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries) == 1
    assert "Side 2 av 3" in page  # the page count still follows the tab's count (61 cases)


def test_the_api_list_answers_exactly_what_its_schema_says(client, employer, employee, today):
    submitted_case(employer, employee, today)
    filled_draft(employer, today)
    login(client, employer, "employer")
    answer = client.get("/api/v1/cases?limit=1").json()
    # valid by the schema, field for field and in the same order
    assert CasePageOut.model_validate(answer).items[0].reference == answer["items"][0]["reference"]
    assert list(answer) == list(CasePageOut.model_fields)
    item_fields = CasePageOut.model_fields["items"].annotation.__args__[0].model_fields
    assert list(answer["items"][0]) == list(item_fields)
