"""The refund, report and follow-up section of the statistics from a known case set: reports
received, the days from decision to report and from report to refund, refunds paid and refused
for the deadline, exactly and under every filter (year, county, unit, sector). The section reads
the grants and the reports once each (decision 0057); these tests pin both the numbers and that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekspertbistand.assignments.models import Assignment, Report
from ekspertbistand.cases.models import Grant, Organisation
from ekspertbistand.reference.models import Municipality, NavUnit
from ekspertbistand.refunds.models import Refund
from ekspertbistand.statistics import sources, tables
from ekspertbistand.statistics.sources import Filters
from ekspertbistand.statistics.synthetic import OSLO, Spec, system_user, write

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=OSLO)


def org(orgnr, municipality, sector):
    return Organisation.objects.create(
        orgnr=orgnr, name=f"Virksomhet {orgnr}",
        municipality=Municipality.objects.get(number=municipality), sector_code=sector,
        nace_code="86.211", employee_count=30)


def report(grant, days_after_decision, state=Report.State.RELEASED, released=True):
    assignment = Assignment.objects.create(case=grant.case, grant=grant,
                                           state=Assignment.State.ACCEPTED,
                                           invited_by=system_user())
    decided = grant.decision.decided_at
    return Report.objects.create(
        assignment=assignment, state=state,
        released_at=decided + dt.timedelta(days=days_after_decision) if released else None)


def refund(grant, state, paid_kr=0, approved_days_after_decision=None):
    approved = (grant.decision.decided_at + dt.timedelta(days=approved_days_after_decision)
                if approved_days_after_decision is not None else None)
    return Refund.objects.create(grant=grant, case=grant.case, state=state, paid_kr=paid_kr,
                                 refund_kr=paid_kr, total_costs_kr=paid_kr, approved_at=approved)


@pytest.fixture
def aftermath():
    """2023: 6 grants in Kristiansand (private), 5 with a report 30–34 days after the decision
    and 4 refunds paid 10 days after it; 6 grants in Arendal (public), each with a report after
    60 days and a refund paid (one corrected) 20 days later, one grant with a second expert whose
    report came after 90 days; a cancelled grant with a report and a refund, not counted.
    2024: 4 grants in Kristiansand (one expired, its refund refused for the deadline; one
    report released without a date; one draft) and 3 in Bodø (non-profit), reports after 10
    days."""
    agder = NavUnit.objects.get(number="1091")
    arendal = NavUnit.objects.get(number="4203")
    nordland = NavUnit.objects.get(number="1891")
    kristiansand = org("800000011", "4204", "2100")
    arendal_org = org("800000012", "4203", "6500")
    bodo = org("800000013", "1804", "7000")
    k23 = write([Spec(kristiansand, agder, at(2023, 3, 1), outcome="granted",
                      decided=at(2023, 3, 11 + i)) for i in range(6)])
    a23 = write([Spec(arendal_org, arendal, at(2023, 4, 1), outcome="granted",
                      decided=at(2023, 4, 1 + 2 * i), budget_unit=agder) for i in range(6)])
    cancelled = write([Spec(kristiansand, agder, at(2023, 5, 1), outcome="granted",
                            decided=at(2023, 5, 10), grant_state=Grant.State.CANCELLED)])
    k24 = write([Spec(kristiansand, agder, at(2024, 2, 1), outcome="granted",
                      decided=at(2024, 2, 5),
                      grant_state=Grant.State.EXPIRED if i == 0 else Grant.State.ACTIVE)
                 for i in range(4)])
    b24 = write([Spec(bodo, nordland, at(2024, 3, 1), outcome="granted",
                      decided=at(2024, 3, 4)) for _ in range(3)])
    for i, grant in enumerate(k23[:5]):
        report(grant, 30 + i)
        if i < 4:
            refund(grant, "paid", 15000, approved_days_after_decision=30 + i + 10)
        else:
            refund(grant, "claimed")
    for i, grant in enumerate(a23):
        report(grant, 60)
        refund(grant, "corrected" if i == 5 else "paid", 8000,
               approved_days_after_decision=110 if i == 0 else 80)
    report(a23[0], 90)  # a second expert's report on the same grant
    report(cancelled[0], 20)
    refund(cancelled[0], "paid", 9000, approved_days_after_decision=30)
    refund(k24[0], "expired")
    report(k24[1], 0, released=False)  # released, but without the date
    report(k24[2], 15, state=Report.State.DRAFT)
    for grant in b24:
        report(grant, 10)


def test_reports_received_count_a_grant_once_whatever_its_reports(aftermath):
    assert sources.reports_received(Filters()) == [(2023, 12, 11), (2024, 7, 4)]
    table = {t.key: t for t in tables.pending_tables(Filters())}["rapport-mottatt"]
    assert [list(r) for r in table.body] == [
        ["2023", "x", "<5", "12"], ["2024", "<5", "<5", "7"], ["Totalt", "x", "<5", "19"]]


def test_days_from_decision_to_report_and_from_report_to_refund(aftermath):
    assert sources.days_decision_to_report(Filters()) == [
        (2023, 30, 1), (2023, 31, 1), (2023, 32, 1), (2023, 33, 1), (2023, 34, 1),
        (2023, 60, 6), (2023, 90, 1), (2024, 10, 3)]
    # Each report against its grant's refund: the second expert's report 90 days after the
    # decision, the refund 110 days after it: 20 days; the first report: 50 days.
    assert sources.days_report_to_refund(Filters()) == [
        (2023, 10, 4), (2023, 20, 6), (2023, 50, 1)]
    built = {t.key: t for t in tables.pending_tables(Filters())}
    assert [list(r) for r in built["tid-vedtak-rapport"].body] == [
        ["2023", "12", "60", "60"], ["2024", "<5", "<5", "<5"]]
    assert [list(r) for r in built["tid-rapport-refusjon"].body] == [["2023", "11", "20", "20"]]


def test_refunds_paid_per_place_and_refused_for_the_deadline(aftermath):
    assert sources.refunds_by_county(Filters()) == [
        (2023, "4203", "42", 6, 48000), (2023, "4204", "42", 4, 60000)]
    assert sources.refunds_refused_for_deadline(Filters()) == [(2024, 1)]
    assert sources.grants_by_place(Filters()) == [
        (2023, "4203", "42", "active", 6, 120000), (2023, "4204", "42", "active", 6, 120000),
        (2024, "1804", "18", "active", 3, 60000), (2024, "4204", "42", "active", 3, 60000),
        (2024, "4204", "42", "expired", 1, 20000)]


@pytest.mark.parametrize(("filters", "received", "to_report", "to_refund", "refused"), [
    (Filters(year=2024), [(2024, 7, 4)], [(2024, 10, 3)], [], [(2024, 1)]),
    (Filters(county="42"), [(2023, 12, 11), (2024, 4, 1)],
     [(2023, 30, 1), (2023, 31, 1), (2023, 32, 1), (2023, 33, 1), (2023, 34, 1),
      (2023, 60, 6), (2023, 90, 1)], [(2023, 10, 4), (2023, 20, 6), (2023, 50, 1)], [(2024, 1)]),
    (Filters(county="18"), [(2024, 3, 3)], [(2024, 10, 3)], [], []),
    (Filters(unit="1891"), [(2024, 3, 3)], [(2024, 10, 3)], [], []),
    (Filters(unit="1091", year=2023), [(2023, 12, 11)],
     [(2023, 30, 1), (2023, 31, 1), (2023, 32, 1), (2023, 33, 1), (2023, 34, 1),
      (2023, 60, 6), (2023, 90, 1)], [(2023, 10, 4), (2023, 20, 6), (2023, 50, 1)], []),
    (Filters(sector="public"), [(2023, 6, 6)], [(2023, 60, 6), (2023, 90, 1)],
     [(2023, 20, 6), (2023, 50, 1)], []),
    (Filters(sector="private"), [(2023, 6, 5), (2024, 4, 1)],
     [(2023, 30, 1), (2023, 31, 1), (2023, 32, 1), (2023, 33, 1), (2023, 34, 1)],
     [(2023, 10, 4)], [(2024, 1)]),
    (Filters(sector="nonprofit"), [(2024, 3, 3)], [(2024, 10, 3)], [], []),
])
def test_every_filter_is_exact(aftermath, filters, received, to_report, to_refund, refused):
    assert sources.reports_received(filters) == received
    assert sources.days_decision_to_report(filters) == to_report
    assert sources.days_report_to_refund(filters) == to_refund
    assert sources.refunds_refused_for_deadline(filters) == refused


def test_the_section_reads_the_grants_and_the_reports_once_each(aftermath):
    with CaptureQueriesContext(connection) as captured:
        tables.section_tables(Filters(), "refusjon")
    grant_queries = [q["sql"] for q in captured.captured_queries if "cases_grant" in q["sql"]]
    assert len(grant_queries) == 2, grant_queries
    assert sum("assignments_report" in sql for sql in grant_queries) == 1


def test_nothing_is_kept_between_two_builds(aftermath):
    """Every page is counted live: a refund paid after one page is in the next."""
    before = {t.key: t for t in tables.pending_tables(Filters())}["refusjon-per-fylke"]
    grant = Grant.objects.filter(case__organisation__orgnr="800000013").first()  # Bodø
    refund(grant, "paid", 5000, approved_days_after_decision=40)
    after = {t.key: t for t in tables.pending_tables(Filters())}["refusjon-per-fylke"]
    assert before.body[-1][1] == "10" and after.body[-1][1] == "11"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_postgresql_knows_how_many_grant_years_there_are():
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxkeys, pg_get_statisticsobjdef_expressions(oid)::text "
                       "FROM pg_statistic_ext WHERE stxname = 'statistics_grant_year'")
        row = cursor.fetchone()
    assert row is not None and "period_start" in row[1]
