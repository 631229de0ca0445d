"""Statistics from a known case set: every table's numbers exactly, suppression included
(decision 0055), the statistics right (decision 0056), CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from openpyxl import load_workbook

from ekspertbistand.cases.models import Grant, Organisation
from ekspertbistand.reference.models import Municipality, NavUnit
from ekspertbistand.statistics import sources, tables
from ekspertbistand.statistics.sources import Filters
from ekspertbistand.statistics.synthetic import OSLO, Spec, national_id, write
from factories import login, make_employer, make_nav

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=OSLO)


def org(orgnr, municipality, sector="2100", nace="86.211", employees=30):
    return Organisation.objects.create(
        orgnr=orgnr, name=f"Virksomhet {orgnr}",
        municipality=Municipality.objects.get(number=municipality), sector_code=sector,
        nace_code=nace, employee_count=employees)


@pytest.fixture
def known():
    """2023: 12 grants in Agder (6 by NAV Arendal), 2 rejections; 2024: 7 grants (3 Bodø),
    one of them expired."""
    agder = NavUnit.objects.get(number="1091")
    arendal = NavUnit.objects.get(number="4203")
    nordland = NavUnit.objects.get(number="1891")
    kristiansand = org("800000001", "4204", employees=15)          # private, Q, 10–20
    arendal_org = org("800000002", "4203", sector="6500", nace="84.110", employees=250)
    bodo = org("800000003", "1804", sector="7000", nace="88.991", employees=60)
    nid_w = national_id(dt.date(1980, 5, 5), 123, True)   # 43 in 2023: 40–49, woman
    nid_m = national_id(dt.date(1995, 3, 3), 321, False)  # 28 in 2023: under 30, man
    specs = []
    for i in range(6):
        specs.append(Spec(kristiansand, agder, at(2023, 3, 1 + i), outcome="granted",
                          decided=at(2023, 3, 11 + i), amount_kr=20000, nid=nid_w))
    for i in range(6):
        specs.append(Spec(arendal_org, arendal, at(2023, 4, 1), outcome="granted",
                          decided=at(2023, 4, 1 + 2 * i), amount_kr=10000, nid=nid_m,
                          sick_now="no", budget_unit=agder))
    for _ in range(2):
        specs.append(Spec(kristiansand, agder, at(2023, 5, 2), outcome="rejected",
                          decided=at(2023, 5, 30), failed=("not_treatment", "outside_bht"),
                          nid=nid_w))
    for i in range(4):
        specs.append(Spec(kristiansand, agder, at(2024, 2, 1), outcome="granted",
                          decided=at(2024, 2, 5), amount_kr=21000, nid=nid_w,
                          grant_state=Grant.State.EXPIRED if i == 0 else Grant.State.ACTIVE))
    for _ in range(3):
        specs.append(Spec(bodo, nordland, at(2024, 3, 1), outcome="granted",
                          decided=at(2024, 3, 4), amount_kr=15000, nid=nid_m))
    specs.append(Spec(bodo, nordland, at(2024, 6, 1), nid=nid_m))  # still being assessed
    write(specs)


def body(table):
    return [list(row) for row in table.body]


def test_tabell_1_grants_per_year_with_kroner(known):
    t1, counties, nav12 = tables.grant_tables(Filters())
    assert body(t1) == [["2023", "12", "180\u00a0000"], ["2024", "7", "129\u00a0000"],
                        ["Totalt", "19", "309\u00a0000"]]
    # Per county × year: 2024 has 4 in Agder and 3 in Nordland (both «<5»); Agder's column
    # total hides too, or 16 − 12 would give the 4. The year totals stay as in Tabell 1.
    assert body(counties) == [["Nordland", "0", "<5", "<5"], ["Agder", "12", "<5", "x"],
                              ["Totalt", "12", "7", "19"]]
    assert [row[0] for row in body(nav12)] == ["NAV Agder", "NAV Nordland", "Totalt"]
    assert "3" not in [cell for row in body(counties) + body(nav12) for cell in row]


def test_year_and_county_filters(known):
    (t1, *_rest) = tables.grant_tables(Filters(year=2023))
    assert body(t1) == [["2023", "12", "180\u00a0000"], ["Totalt", "12", "180\u00a0000"]]
    (t1, *_rest) = tables.grant_tables(Filters(county="18"))
    assert body(t1) == [["2024", "<5", "<5"], ["Totalt", "<5", "<5"]]
    (t1, *_rest) = tables.grant_tables(Filters(sector="public"))
    assert body(t1) == [["2023", "6", "60\u00a0000"], ["Totalt", "6", "60\u00a0000"]]


def test_tabell_8_decisions_per_unit_with_the_offices_share(known):
    t8 = tables.decisions_by_unit_table(Filters(year=2023))
    # 2 rejections at the Arbeidslivssenter: «<5»; its 6 grants hide too, or 8 − 6 would give
    # the 2, and so does the granted total (12 − 6 would give the 6).
    assert body(t8) == [["NAV Arbeidslivssenter Agder", "x", "<5", "8"],
                        ["NAV Arendal (delegert kontor)", "6", "0", "6"],
                        ["Totalt", "x", "<5", "14"]]
    assert t8.notes == ("Kontorenes andel av vedtakene: 43 %",)


def test_employers_by_sector_section_and_size_tabell_3(known):
    sector, section, size = tables.employer_tables(Filters())
    assert body(sector) == [["Offentlig sektor", "<5"], ["Privat sektor", "<5"],
                            ["Ideell sektor", "<5"], ["Totalt", "<5"]]
    assert [r[0] for r in body(section)] == [
        "O Offentlig administrasjon og forsvar, og trygdeordninger",
        "Q Helse- og sosialtjenester", "Totalt"]
    assert [r[0] for r in body(size)] == ["10–20", "51–100", "over 100", "Totalt"]


def test_employees_by_age_sex_and_sick_leave(known):
    age_sex, sick = tables.employee_tables(Filters(year=2023))
    assert body(age_sex) == [["under 30", "0", "6", "6"], ["40–49", "8", "0", "8"],
                             ["Totalt", "8", "6", "14"]]
    assert body(sick) == [["Sykmeldt da søknaden ble sendt", "8"], ["Ikke sykmeldt", "6"],
                          ["Totalt", "14"]]


def test_processing_time_median_and_90th_percentile_against_the_target(known):
    t = tables.processing_table(Filters(year=2023))
    rows = {r[0]: r for r in t.body}
    # Agder, March 2023: 6 decisions, each 10 days after it came in.
    # Its count is hidden («x»): Agder's two May decisions are «<5» and Tabell 8 publishes the
    # unit's total, so March's 6 would give them away.
    assert rows["NAV Arbeidslivssenter Agder 2023-03"] == (
        "NAV Arbeidslivssenter Agder 2023-03", "x", "10", "10", "10", "100 %")
    # Arendal, April 2023: 0, 2, 4, 6, 8, 10 days: median 4, 90th percentile 10.
    assert rows["NAV Arendal 2023-04"][1:4] == ("6", "4", "10")
    # Agder, May 2023: the 2 rejections, fewer than five: hidden.
    assert rows["NAV Arbeidslivssenter Agder 2023-05"][1:4] == ("<5", "<5", "<5")


def test_rejection_reasons(known):
    t = tables.rejection_table(Filters())
    assert body(t)[0][1] == "<5"
    assert t.notes == ("Antall avslag: <5",)


def test_expired_grants_and_budget(known):
    t = tables.expired_table(Filters())
    assert body(t) == [["2024", "<5", "<5"], ["Totalt", "<5", "<5"]]
    b = tables.budget_table(Filters(year=2023))
    assert body(b)[0][:3] == ["2023 NAV Arbeidslivssenter Agder", "12", "180\u00a0000"]


def test_tabell_2_refunds_per_county_against_committed(known):
    from ekspertbistand.refunds.models import Refund

    for grant in Grant.objects.filter(case__organisation__orgnr="800000001",
                                      period_start__year=2023):
        Refund.objects.create(grant=grant, case=grant.case, state="paid", paid_kr=15000,
                              refund_kr=15000, total_costs_kr=15000)
    for grant in Grant.objects.filter(case__organisation__orgnr="800000003")[:2]:
        Refund.objects.create(grant=grant, case=grant.case, state="paid", paid_kr=12000,
                              refund_kr=12000, total_costs_kr=12000)
    counties, nav12 = tables.refund_county_tables(Filters())
    # Nordland: 2 refunds of 3 grants, both «<5», so Agder's counts and sums hide too (the
    # totals 8 − 6 and 19 − 16 would give them); the share is shown only for the country.
    assert body(counties) == [
        ["Nordland", "<5", "<5", "<5", "<5", "–"],
        ["Agder", "x", "x", "x", "x", "–"],
        ["Totalt", "8", "114\u00a0000", "19", "309\u00a0000", "37 %"]]
    assert [r[0] for r in body(nav12)] == ["NAV Agder", "NAV Nordland", "Totalt"]


def test_report_follow_up_tables_build_without_data(known):
    pending = {t.key: t for t in tables.pending_tables(Filters())}
    assert body(pending["rapport-mottatt"]) == [["2023", "0", "12", "12"],
                                                ["2024", "0", "7", "7"], ["Totalt", "0", "19", "19"]]
    assert pending["tid-vedtak-rapport"].body == ()
    assert [r[1] for r in body(pending["oppfolging-utfall"])] == ["0"] * 10


# --- Pages, the right, exports -----------------------------------------------------------

def statistician():
    user = make_nav("stina", NavUnit.objects.get(number="1091"))
    user.groups.add(Group.objects.get(name="Statistikk"))
    return user


def test_nav_staff_with_the_right_see_the_page_and_filter_by_county(known):
    client = login(Client(), statistician(), "caseworker")
    page = client.get("/nav/statistikk/?fylke=18").content.decode()
    assert "Tabell 1. Tilsagn per år" in page
    assert "Fylke: Nordland" in page
    assert "<svg" in page and "<title id=\"chart-tilsagn-per-ar-title\">" in page


def test_a_bad_filter_is_named_in_norwegian_and_kept(known):
    client = login(Client(), statistician(), "caseworker")
    page = client.get("/nav/statistikk/?ar=19x").content.decode()
    assert "År: skriv et årstall fra 2019 til 2030" in page


def test_caseworker_without_the_right_and_employer_are_refused(known):
    caseworker = make_nav("aud2", NavUnit.objects.get(number="1091"))
    response = login(Client(), caseworker, "caseworker").get("/nav/statistikk/")
    assert response.status_code == 403
    assert "Du har ikke tilgang til statistikken" in response.content.decode()
    assert login(Client(), caseworker, "caseworker").get(
        "/nav/statistikk/tilsagn-per-ar.xlsx").status_code == 403
    employer = make_employer("arbeidsgiver", "910825526")
    response = login(Client(), employer, "employer").get("/nav/statistikk/")
    assert response.status_code == 302 and "/nav/statistikk" not in response["Location"]


def test_xlsx_and_csv_hold_the_filtered_published_numbers(known):
    client = login(Client(), statistician(), "caseworker")
    response = client.get("/nav/statistikk/tilsagn-per-ar.xlsx?ar=2023")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["År: 2023", None, None]
    assert ["2023", 12, 180000] in rows
    csv_text = client.get("/nav/statistikk/tilsagn-per-ar.csv?fylke=18").content.decode()
    assert "2024;<5;<5" in csv_text
    assert client.get("/nav/statistikk/finnes-ikke.csv").status_code == 404


def test_processing_page_is_paginated(known):
    client = login(Client(), statistician(), "caseworker")
    page = client.get("/nav/statistikk/behandlingstid/?ar=2023").content.decode()
    assert "NAV Arendal 2023-04" in page
    # Without a year: the current one (a year of unit-months at a time).
    page = client.get("/nav/statistikk/behandlingstid/").content.decode()
    assert "NAV Arendal 2023-04" not in page


def test_fill_command_writes_cases_in_every_state_across_the_years():
    from django.core.management import call_command

    from ekspertbistand.cases.models import Case, Decision

    call_command("fill_statistics_data", cases=600, batch=250, verbosity=0)
    assert Organisation.objects.filter(orgnr__startswith="8").exists()
    assert Case.objects.count() == 600
    states = set(Case.objects.values_list("status", flat=True))
    assert {"granted", "rejected", "submitted", "draft"} <= states
    years = {d.year for d in Decision.objects.values_list("decided_at", flat=True)}
    assert min(years) == 2019 and max(years) >= 2025
    # Every table builds on it.
    assert tables.overview_tables(Filters())
    assert tables.processing_table(Filters()).body


def test_every_table_has_its_section_and_downloads_alone(known):
    for key, (_title, build) in tables.SECTIONS.items():
        for table in build(Filters()):
            assert tables.SECTION_OF[table.key] == key
            assert tables.table_by_key(Filters(), table.key) == table


def test_sections_of_the_page(known):
    client = login(Client(), statistician(), "caseworker")
    page = client.get("/nav/statistikk/?del=arbeidsgivere").content.decode()
    assert "Tabell 3a. Arbeidsgivere etter sektor" in page
    assert "Tabell 1. Tilsagn per år" not in page
    page = client.get("/nav/statistikk/?del=refusjon").content.decode()
    assert "Tabell 2. Refusjoner per fylke (fylkene fra 2024)" in page


def test_a_source_without_data_says_so(known, monkeypatch):
    monkeypatch.setattr(sources, "refunds_by_county", lambda f: None)
    client = login(Client(), statistician(), "caseworker")
    page = client.get("/nav/statistikk/?del=refusjon").content.decode()
    assert "Ingen data ennå." in page


def test_the_work_queue_links_to_the_statistics_only_for_those_with_the_right(known):
    with_right = login(Client(), statistician(), "caseworker").get("/nav/").content.decode()
    assert 'href="/nav/statistikk/"' in with_right
    without = make_nav("uten", NavUnit.objects.get(number="1091"))
    assert 'href="/nav/statistikk/"' not in login(Client(), without, "caseworker").get(
        "/nav/").content.decode()


def test_a_follow_up_source_that_answers_fills_its_table_protected(known, monkeypatch):
    monkeypatch.setattr(sources, "follow_up_outcomes",
                        lambda f: [("Tilbake i samme stilling", 40), ("Sluttet", 3),
                                   ("Fortsatt sykmeldt", 10)])
    table = {t.key: t for t in tables.pending_tables(Filters())}["oppfolging-utfall"]
    assert not table.empty
    assert body(table) == [["Tilbake i samme stilling", "40"], ["Sluttet", "<5"],
                           ["Fortsatt sykmeldt", "x"], ["Totalt", "53"]]


def test_fill_command_gives_granted_cases_reports_refunds_in_every_state_and_follow_ups():
    from django.core.management import call_command
    from django.db.models import F

    from ekspertbistand.assignments.models import FollowUp, Report
    from ekspertbistand.domain.refunds import RefundState
    from ekspertbistand.refunds.models import CostLine, Payment, Refund

    # 1 500 cases: enough that the short-lived states (approved, awaiting payment) occur.
    call_command("fill_statistics_data", cases=1500, batch=500, verbosity=0)
    assert Refund.objects.count() == Grant.objects.count() > 0
    assert set(Refund.objects.values_list("state", flat=True)) == {s.value for s in RefundState}
    # Never more than the grant, paid or claimed; a claim has its invoice lines.
    assert not Refund.objects.filter(refund_kr__gt=F("grant__amount_kr")).exists()
    assert not Refund.objects.filter(paid_kr__gt=F("grant__amount_kr")).exists()
    assert not Refund.objects.filter(claimed_at__isnull=False, lines__isnull=True).exists()
    assert CostLine.objects.exists() and Payment.objects.filter(state="paid").exists()
    assert not Refund.objects.filter(claimed_at__gt=F("grant__refund_deadline")).exists()
    assert not Refund.objects.filter(state="paid", claimed_at__lt=F("grant__period_end")).exists()
    released = Report.objects.filter(state="released")
    assert released.exists() and Report.objects.exclude(state="released").exists()
    assert not released.filter(released_at__lt=F("assignment__grant__period_start")).exists()
    assert Grant.objects.filter(assignments__isnull=True).exists()  # some never got a report
    assert FollowUp.objects.filter(respondent="employer").exists()
    assert not FollowUp.objects.exclude(case__status="closed").exists()

    refund_tables = {t.key: t for t in tables.refund_county_tables(Filters())}
    pending = {t.key: t for t in tables.pending_tables(Filters())}
    for table in (*refund_tables.values(), *pending.values()):
        assert not table.empty and table.body, table.key
    assert body(pending["rapport-mottatt"])[-1][1] != "0"
    assert body(pending["oppfolging-utfall"])[-1][1] not in ("0", "<5")
    assert int(body(refund_tables["refusjon-per-fylke"])[-1][1].replace("\u00a0", "")) > 0
