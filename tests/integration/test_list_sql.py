"""The lists read with written-out SQL (``cases.list_sql``, decision 0058) give what the ORM
gives: the same cases, in the same order, with values of the same types.

«Mine saker», ``GET /api/v1/cases`` and the employee's list are built from these reads; a
case missing, listed twice, out of order or with its time read as naive would be noticed by
the person looking at the list. Each read is compared with the equivalent ORM query over a
known set of cases in two organisations: drafts, sent and deleted cases, several changed at
the same moment (so the order falls to the id), and a case of an organisation the employer
does not act for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from django.db.models import Q
from django.utils import timezone

from ekspertbistand.cases import list_sql, selectors
from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import organisations_of
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from factories import ARENDAL_ORG, FJORDLYS, KARI, NORDLYS, make_employer

pytestmark = pytest.mark.django_db

S = CaseStatus
ROW_FIELDS = ("id", "public_id", "reference", "status", "employee_name", "address_protection",
              "consent_status", "updated_at", "submitted_at", "organisation__name",
              "organisation__orgnr", "organisation__municipality__name", "steps_done",
              "resume_step")
KARI_ID = DEMO_PEOPLE[KARI].national_id
OTHER_ID = DEMO_PEOPLE[1].national_id
MOMENT = dt.datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def leader() -> User:
    """An employer acting for Fjordlys and Nordlys, with 19 cases there and 3 elsewhere."""
    leader = make_employer("leder", FJORDLYS, NORDLYS)
    fjordlys, nordlys = (a.organisation for a in leader.employer_access.order_by("id"))
    elsewhere = make_employer("lise", ARENDAL_ORG).employer_access.get().organisation
    plan = [  # (organisation, status, minutes before MOMENT, about Kari)
        (fjordlys, S.DRAFT, 0, True), (nordlys, S.DRAFT, 0, False), (fjordlys, S.DRAFT, 5, True),
        (nordlys, S.DRAFT, 60 * 24 * 40, False),
        (fjordlys, S.SUBMITTED, 0, True), (nordlys, S.SUBMITTED, 0, True),
        (fjordlys, S.UNDER_ASSESSMENT, 0, False), (nordlys, S.GRANTED, 3, True),
        (fjordlys, S.REJECTED, 3, True), (nordlys, S.WITHDRAWN, 7, True),
        (fjordlys, S.CLOSED, 60 * 24 * 400, True), (nordlys, S.AWAITING_DECISION, 11, False),
        (fjordlys, S.WAITING_FOR_EMPLOYER, 11, True), (nordlys, S.SUBMITTED, 13, True),
        (fjordlys, S.DELETED, 0, True), (nordlys, S.DELETED, 1, True),
        (fjordlys, S.SUBMITTED, 2, True), (nordlys, S.DRAFT, 2, True),
        (fjordlys, S.GRANTED, 0, True),
        (elsewhere, S.SUBMITTED, 0, True), (elsewhere, S.DRAFT, 0, True),
        (elsewhere, S.GRANTED, 4, True),
    ]
    Case.objects.bulk_create(
        Case(organisation=organisation, created_by=leader, status=status,
             reference=None if status == S.DRAFT else f"EB-2026-{700100 + i}",
             employee_name=f"Ansatt {i}", employee_national_id=KARI_ID if kari else OTHER_ID,
             steps_done=i % 6 if status == S.DRAFT else None,
             resume_step="periode" if status == S.DRAFT and i % 2 else "",
             updated_at=MOMENT - dt.timedelta(minutes=minutes),
             submitted_at=None if status == S.DRAFT else MOMENT - dt.timedelta(minutes=minutes))
        for i, (organisation, status, minutes, kari) in enumerate(plan))
    return leader


def orm_rows(query: Q, *order: str) -> list[tuple]:
    return list(Case.objects.filter(query).order_by(*order).values_list(*ROW_FIELDS))


def as_tuples(page: selectors.CasePage) -> list[tuple]:
    return [dataclasses.astuple(row) for row in page.rows]


def mine(user: User) -> Q:
    return Q(organisation__access__user=user) & ~Q(status=S.DELETED)


def every_page(read, size: int) -> list[tuple]:
    rows, number = [], 1
    while True:
        page = read(number, size)
        rows += as_tuples(page)
        if not page.has_next:
            return rows
        number += 1


def every_cursor_page(read) -> list[tuple]:
    """The rows of every page, each read after the last row of the one before."""
    rows, after = [], None
    while True:
        page = read(after)
        rows += as_tuples(page)
        if page.next_position is None:
            return rows
        after = page.next_position


@pytest.mark.parametrize("size", [1, 3, 25])
def test_drafts_and_sent_cases_are_the_orms_in_its_order_page_by_page(leader, size):
    drafts = orm_rows(mine(leader) & Q(status=S.DRAFT), "-updated_at", "-id")
    sent = orm_rows(mine(leader) & ~Q(status=S.DRAFT), "-updated_at", "-id")
    assert len(drafts) == 5 and len(sent) == 12

    assert every_page(lambda n, s: selectors.employer_drafts(leader, n, s), size) == drafts
    assert every_page(lambda n, s: selectors.employer_sent_cases(leader, n, s), size) == sent
    # «Mine saker» passes the organisations it has already read: the same rows
    organisations = organisations_of(leader)
    assert every_page(lambda n, s: selectors.employer_drafts(
        leader, n, s, organisations=organisations), size) == drafts


def test_a_page_past_the_last_is_empty(leader):
    page = selectors.employer_sent_cases(leader, 9, 3)
    assert list(page) == [] and not page.has_next and page.next_position is None


def test_the_api_list_walks_every_case_once_with_the_after_cursor(leader):
    expected = orm_rows(mine(leader), "-updated_at", "-id")
    assert len(expected) == 17
    assert every_cursor_page(
        lambda after: selectors.employer_cases(leader, size=4, after=after)) == expected
    # a cursor in the middle of several cases changed at the same moment: the ORM's «after»
    row = expected[2]
    assert row[7] == expected[1][7] == expected[3][7] == MOMENT  # the same updated_at as the one before
    after_row = Q(updated_at__lt=row[7]) | Q(updated_at=row[7], id__lt=row[0])
    assert as_tuples(selectors.employer_cases(leader, size=50, after=(row[7], row[0]))) == (
        orm_rows(mine(leader) & after_row, "-updated_at", "-id"))


def test_the_employees_list_is_the_orms_sent_cases_about_them(leader):
    kari = User.objects.create(username="kari", national_id=KARI_ID)
    expected = orm_rows(Q(employee_national_id=KARI_ID) & ~Q(status__in=(S.DRAFT, S.DELETED)),
                        "-submitted_at", "-id")
    assert len(expected) == 12  # the other organisation's sent cases about her too

    assert every_page(lambda n, s: selectors.employee_cases(kari, page=n, size=s), 4) == expected
    assert every_cursor_page(
        lambda after: selectors.employee_cases(kari, size=5, after=after)) == expected
    assert list(selectors.employee_cases(User.objects.create(username="uten"))) == []


def test_rows_have_the_orms_types_uuid_and_aware_utc_datetimes(leader):
    page = selectors.employer_sent_cases(leader, 1, 25)
    by_pk = {c.pk: c for c in Case.objects.filter(pk__in=[r.pk for r in page.rows])}
    assert page.rows
    for row in page.rows:
        case = by_pk[row.pk]
        assert isinstance(row.public_id, uuid.UUID) and row.public_id == case.public_id
        for moment in (row.updated_at, row.submitted_at):
            assert isinstance(moment, dt.datetime)
            assert moment.utcoffset() == dt.timedelta(0)
        assert row.updated_at == case.updated_at and row.submitted_at == case.submitted_at
    assert page.rows[0].updated_at.microsecond == MOMENT.microsecond
    position = selectors.employer_sent_cases(leader, 1, 2).next_position
    assert position is not None and position[0].tzinfo is not None


def test_a_person_read_by_instances_equals_the_orms(db):
    made = User.objects.create(
        username="hanne", first_name="Hanne", last_name="Ås", email="hanne@fjordlys.example",
        national_id=KARI_ID, is_staff=True, last_login=timezone.now() - dt.timedelta(hours=3))
    made.set_password("et langt passord")
    made.save()
    orm = User.objects.get(pk=made.pk)
    [written] = list_sql.instances(User, f"WHERE t.{list_sql.q(User, 'id')} = %s", [made.pk])
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(written, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert [type(getattr(written, f)) for f in fields] == [type(getattr(orm, f)) for f in fields]
    assert written == orm and not written._state.adding and written._state.db == "default"
    assert written.check_password("et langt passord")
    assert list_sql.instances(User, f"WHERE t.{list_sql.q(User, 'id')} = %s", [0]) == []
