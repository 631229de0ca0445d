"""Reference data as loaded by migration 0002; the loader, the selectors and the admin form."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from ekspertbistand.reference.admin import UnitCoverageForm
from ekspertbistand.reference.loading import DATA_DIR, load_reference_data, read_data_file
from ekspertbistand.reference.models import County, MaxRate, Municipality, NavUnit, UnitCoverage
from ekspertbistand.reference.selectors import (
    address_protection_unit,
    covering_units,
    rate_table,
    worklife_centre_for,
)

pytestmark = pytest.mark.django_db

OST_VIKEN = "NAV Arbeidslivssenter Øst-Viken"
OSTFOLD = "NAV Arbeidslivssenter Østfold"
COUNTY_NUMBERS = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50",
                  "55", "56"}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (County, Municipality, NavUnit, UnitCoverage, MaxRate)}


def test_fifteen_counties_of_2024() -> None:
    assert set(County.objects.values_list("number", flat=True)) == COUNTY_NUMBERS
    assert County.objects.get(number="42").name == "Agder"


def test_all_357_municipalities_with_number_prefix_equal_to_county() -> None:
    assert Municipality.objects.count() == 357
    for municipality in Municipality.objects.select_related("county"):
        assert len(municipality.number) == 4 and municipality.number.isdigit()
        assert municipality.number[:2] == municipality.county.number, municipality
    names = dict(Municipality.objects.values_list("number", "name"))
    assert names["0301"] == "Oslo"
    assert names["1101"] == "Eigersund"
    assert names["3101"] == "Halden"
    assert names["4201"] == "Risør"
    assert names["5501"] == "Tromsø"
    assert names["5601"] == "Alta"
    assert names["5610"] == "Kárášjohka - Karasjok"
    assert Municipality.objects.get(number="0301").centrality == 1


def test_every_data_file_has_version_and_source() -> None:
    for name in ("counties.json", "municipalities.json", "nav_units.json", "rates.json"):
        content = read_data_file(name)
        assert content["version"] and content["source"]


@pytest.mark.parametrize("on", [dt.date(2020, 1, 1), dt.date(2022, 6, 1), dt.date(2024, 1, 15),
                                dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2024, 8, 1)])
def test_every_municipality_has_exactly_one_worklife_centre(on: dt.date) -> None:
    active = UnitCoverage.objects.filter(
        unit__kind=NavUnit.Kind.WORKLIFE_CENTRE, valid_from__lte=on,
    ).exclude(valid_to__lt=on)
    per_municipality: dict[str, int] = {}
    for number in active.values_list("municipality__number", flat=True):
        per_municipality[number] = per_municipality.get(number, 0) + 1
    assert len(per_municipality) == 357
    assert set(per_municipality.values()) == {1}


def test_sarpsborg_moves_from_ost_viken_to_ostfold_on_1_july_2024() -> None:
    assert worklife_centre_for("3105", dt.date(2024, 3, 1)).name == OST_VIKEN
    assert worklife_centre_for("3105", dt.date(2024, 6, 30)).name == OST_VIKEN
    assert worklife_centre_for("3105", dt.date(2024, 7, 1)).name == OSTFOLD
    assert worklife_centre_for("3105", dt.date(2024, 8, 1)).name == OSTFOLD


def test_asker_was_vest_viken_then_akershus() -> None:
    assert worklife_centre_for("3203", dt.date(2023, 5, 1)).number == "0691"  # Vest-Viken
    assert worklife_centre_for("3203", dt.date(2024, 8, 1)).name == "NAV Arbeidslivssenter Akershus"


def test_unchanged_unit_continues_across_the_split() -> None:
    before = worklife_centre_for("4203", dt.date(2021, 1, 1))
    after = worklife_centre_for("4203", dt.date(2025, 1, 1))
    assert before == after
    assert before.kind == NavUnit.Kind.WORKLIFE_CENTRE


def test_covering_units_lists_centre_first_then_delegated_office() -> None:
    units = covering_units("4207", dt.date(2024, 3, 1))  # Flekkefjord: NAV Lister
    assert [u.name for u in units] == ["NAV Arbeidslivssenter Agder", "NAV Lister"]
    lister = units[1]
    assert lister.kind == NavUnit.Kind.NAV_OFFICE
    assert lister.delegated_authority
    assert lister.parent == units[0]
    assert set(lister.coverage.values_list("municipality__number", flat=True)) == {
        "4206", "4207", "4225", "4226", "4227", "4228"}
    # Before the pilot, only the centre.
    assert [u.name for u in covering_units("4207", dt.date(2021, 6, 1))] == [
        "NAV Arbeidslivssenter Agder"]


def test_pilot_offices_of_the_evaluation_are_present() -> None:
    delegated = set(NavUnit.objects.filter(kind=NavUnit.Kind.NAV_OFFICE, delegated_authority=True)
                    .values_list("name", flat=True))
    assert {"NAV Arendal", "NAV Lister", "NAV Birkenes", "NAV Sarpsborg", "NAV Vestby",
            "NAV Rælingen", "NAV Lillestrøm", "NAV Bodø"} <= delegated
    units = covering_units("3224", dt.date(2024, 3, 1))  # Rælingen, first half of 2024
    assert [u.name for u in units] == [OST_VIKEN, "NAV Rælingen"]
    assert NavUnit.objects.filter(recommends_only=True).exists()
    assert NavUnit.objects.filter(requires_prior_contact=True).exists()


def test_vikafossen_covers_no_municipality() -> None:
    unit = address_protection_unit()
    assert unit.number == "2103"
    assert unit.kind == NavUnit.Kind.ADDRESS_PROTECTION
    assert not unit.coverage.exists()


def test_every_worklife_centre_has_contact_details() -> None:
    for unit in NavUnit.objects.filter(kind=NavUnit.Kind.WORKLIFE_CENTRE):
        assert unit.email.endswith("@nav.example"), unit
        assert unit.phone, unit
    assert NavUnit.objects.filter(kind=NavUnit.Kind.WORKLIFE_CENTRE).count() == 19


def test_rate_table_returns_the_three_rates_in_order() -> None:
    assert rate_table() == [
        (dt.date(2022, 1, 1), 21200),
        (dt.date(2023, 1, 1), 22300),
        (dt.date(2024, 5, 24), 23100),
    ]


def test_municipality_without_coverage_gives_norwegian_lookup_error() -> None:
    with pytest.raises(LookupError) as excinfo:
        worklife_centre_for("0301", dt.date(2019, 6, 1))
    message = str(excinfo.value)
    assert "Ingen NAV Arbeidslivssenter dekker kommune 0301 Oslo" in message
    assert "01.06.2019" in message

    UnitCoverage.objects.filter(municipality__number="1101").delete()
    with pytest.raises(LookupError, match="kommune 1101 Eigersund per 01.03.2024"):
        worklife_centre_for("1101", dt.date(2024, 3, 1))
    assert covering_units("1101", dt.date(2024, 3, 1)) == []


def test_unknown_municipality_number_gives_lookup_error() -> None:
    with pytest.raises(LookupError, match="Kommunenummer 9999 finnes ikke"):
        worklife_centre_for("9999", dt.date(2024, 3, 1))


def test_loader_is_idempotent() -> None:
    before = _counts()
    report = load_reference_data()
    assert not report.changed
    assert report.kept == []
    load_reference_data()
    assert _counts() == before


def test_reload_keeps_nav_edits_of_contact_and_routing_but_restores_names() -> None:
    unit = NavUnit.objects.get(number="1091")
    unit.email = "ekspertbistand.agder@nav.no"
    unit.phone = "55 55 33 33"
    unit.name = "Feilskrevet navn"
    unit.save()
    bodo = NavUnit.objects.get(name="NAV Bodø")
    bodo.recommends_only = not bodo.recommends_only
    bodo.save()
    rate = MaxRate.objects.get(effective_from=dt.date(2024, 5, 24))
    rate.amount_kr = 23500
    rate.save()
    closed = UnitCoverage.objects.get(unit__number="1091", municipality__number="4201")
    closed.valid_to = dt.date(2025, 12, 31)
    closed.save()

    report = load_reference_data()

    unit.refresh_from_db()
    bodo_after = NavUnit.objects.get(pk=bodo.pk)
    assert unit.email == "ekspertbistand.agder@nav.no"
    assert unit.phone == "55 55 33 33"
    assert unit.name == "NAV Arbeidslivssenter Agder"
    assert bodo_after.recommends_only == bodo.recommends_only
    assert MaxRate.objects.get(effective_from=dt.date(2024, 5, 24)).amount_kr == 23500
    assert UnitCoverage.objects.get(pk=closed.pk).valid_to == dt.date(2025, 12, 31)
    assert report.updated == {"nav_unit": 1}
    assert len(report.kept) == 5  # e-mail, phone, flag, rate, coverage end: kept, reported


def test_reload_adds_new_coverage_and_closes_open_period_from_the_file(tmp_path) -> None:
    for path in DATA_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    units = json.loads((tmp_path / "nav_units.json").read_text(encoding="utf-8"))
    for unit in units["units"]:
        if unit["number"] == "0391":
            unit["coverage"] = [
                {"valid_from": "2020-01-01", "valid_to": "2026-12-31", "municipalities": ["0301"]}]
        if unit["number"] == "0291":
            unit["coverage"].append(
                {"valid_from": "2027-01-01", "valid_to": None, "municipalities": ["0301"]})
    (tmp_path / "nav_units.json").write_text(json.dumps(units, ensure_ascii=False),
                                             encoding="utf-8")

    report = load_reference_data(data_dir=tmp_path)

    assert report.created == {"unit_coverage": 1}
    assert report.updated == {"unit_coverage": 1}
    assert worklife_centre_for("0301", dt.date(2026, 12, 31)).number == "0391"
    assert worklife_centre_for("0301", dt.date(2027, 1, 1)).number == "0291"


def test_management_command_reports_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_reference_data")
    assert "Ingen endringer" in capsys.readouterr().out


def test_admin_form_rejects_end_before_start() -> None:
    unit = NavUnit.objects.get(name="NAV Lister")
    form = UnitCoverageForm(data={
        "unit": unit.pk, "municipality": Municipality.objects.get(number="4205").pk,
        "valid_from": "2024-05-01", "valid_to": "2024-04-30"})
    assert not form.is_valid()
    assert "valid_to" in form.errors


def test_admin_form_rejects_second_worklife_centre_for_a_municipality() -> None:
    form = UnitCoverageForm(data={
        "unit": NavUnit.objects.get(number="0391").pk,
        "municipality": Municipality.objects.get(number="3105").pk,
        "valid_from": "2024-09-01", "valid_to": ""})
    assert not form.is_valid()
    assert "Østfold" in str(form.errors)

    ok = UnitCoverageForm(data={
        "unit": NavUnit.objects.get(name="NAV Lister").pk,
        "municipality": Municipality.objects.get(number="4205").pk,
        "valid_from": "2024-09-01", "valid_to": ""})
    assert ok.is_valid(), ok.errors


def test_admin_pages_open_and_search_by_municipality(admin_client) -> None:
    lister = NavUnit.objects.get(name="NAV Lister")
    for url in ["/admin/reference/navunit/", "/admin/reference/municipality/?q=Karasjok",
                "/admin/reference/unitcoverage/", "/admin/reference/maxrate/",
                "/admin/reference/county/", f"/admin/reference/navunit/{lister.pk}/change/"]:
        assert admin_client.get(url).status_code == 200, url
    assert "NAV Lister" in admin_client.get("/admin/reference/navunit/?q=4207").content.decode()


def test_admin_inline_rejects_coverage_ending_before_it_starts(admin_client) -> None:
    unit = NavUnit.objects.get(name="NAV Bodø")
    coverage = UnitCoverage.objects.get(unit=unit)
    data = {
        "number": unit.number, "name": unit.name, "kind": unit.kind, "parent": unit.parent_id,
        "email": "", "phone": "", "delegated_authority": "on", "recommends_only": "on",
        "coverage-TOTAL_FORMS": "1", "coverage-INITIAL_FORMS": "1",
        "coverage-MIN_NUM_FORMS": "0", "coverage-MAX_NUM_FORMS": "1000",
        "coverage-0-id": coverage.pk, "coverage-0-unit": unit.pk,
        "coverage-0-municipality": coverage.municipality_id,
        "coverage-0-valid_from": "2023-04-01", "coverage-0-valid_to": "2023-03-01",
    }
    response = admin_client.post(f"/admin/reference/navunit/{unit.pk}/change/", data)
    assert response.status_code == 200
    assert "kan ikke være før" in response.content.decode()
    data["coverage-0-valid_to"] = "2025-12-31"
    response = admin_client.post(f"/admin/reference/navunit/{unit.pk}/change/", data)
    assert response.status_code == 302
    assert UnitCoverage.objects.get(pk=coverage.pk).valid_to == dt.date(2025, 12, 31)
