"""NAV's statistics in the browser: filter by county, download the XLSX and read the filtered
numbers from it; a case worker without the statistics right and an employer are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from ekspertbistand.cases.models import Organisation
from ekspertbistand.reference.models import Municipality, NavUnit
from ekspertbistand.statistics.synthetic import OSLO, Spec, national_id, write
from factories import make_nav

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _cases() -> None:
    agder, nordland = NavUnit.objects.get(number="1091"), NavUnit.objects.get(number="1891")
    kristiansand = Organisation.objects.create(
        orgnr="800000011", name="Sørlandet Omsorg AS", sector_code="2100", nace_code="87.301",
        employee_count=40, municipality=Municipality.objects.get(number="4204"))
    bodo = Organisation.objects.create(
        orgnr="800000012", name="Bodø Bygg AS", sector_code="2100", nace_code="41.200",
        employee_count=12, municipality=Municipality.objects.get(number="1804"))
    nid = national_id(dt.date(1979, 4, 4), 200, True)
    specs = [Spec(kristiansand, agder, dt.datetime(2024, 3, 1, 10, tzinfo=OSLO),
                  outcome="granted", decided=dt.datetime(2024, 3, 8, 10, tzinfo=OSLO),
                  amount_kr=20000, nid=nid) for _ in range(9)]
    specs += [Spec(bodo, nordland, dt.datetime(2024, 4, 1, 10, tzinfo=OSLO), outcome="granted",
                   decided=dt.datetime(2024, 4, 5, 10, tzinfo=OSLO), amount_kr=15000, nid=nid)
              for _ in range(6)]
    write(specs)


def test_statistics_filtered_by_county_and_downloaded_as_xlsx(browser: Any, people: Any,
                                                             tmp_path: Any) -> None:
    _cases()
    stina = make_nav("stina", NavUnit.objects.get(number="1091"), last_name="Statistiker")
    stina.groups.add(Group.objects.get(name="Statistikk"))
    make_nav("petter", NavUnit.objects.get(number="1091"), last_name="Uten")
    target = tmp_path / "tabell1.xlsx"

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Stina Statistiker", "NAV-saksbehandler")
        page.goto("/nav/statistikk/")
        page.get_by_role("heading", level=1, name="Statistikk og styringsinformasjon").wait_for()
        b.check(page, "statistikk")
        page.get_by_label("Fylke (arbeidsgiverens)").select_option(label="Nordland")
        page.get_by_role("button", name="Vis statistikk").click()
        page.wait_for_load_state()
        assert "Fylke: Nordland" in b.text(page.locator("#filters-text"))
        table = page.locator("#tabell-tilsagn-per-ar")
        assert "2024" in b.text(table) and "6" in b.text(table)
        b.check(page, "statistikk-nordland")
        with page.expect_download() as info:
            page.locator("#tilsagn-per-ar").get_by_role(
                "link", name="XLSX – Tabell 1. Tilsagn per år").click()
        info.value.save_as(str(target))

        refused = b.new_page()
        b.log_in(refused, "Petter Uten", "NAV-saksbehandler")
        response = refused.goto("/nav/statistikk/")
        assert response.status == 403
        refused.get_by_role("heading", level=1, name="Du har ikke tilgang til statistikken").wait_for()
        b.check(refused, "statistikk-ingen-tilgang")

        employer = b.new_page()
        b.log_in(employer, "Hanne Lunde", "Arbeidsgiver")
        employer.goto("/nav/statistikk/")
        assert "/nav/statistikk" not in employer.url

    browser.run(scenario)
    rows = [list(r) for r in load_workbook(target).active.iter_rows(values_only=True)]
    assert rows[1][0] == "Fylke: Nordland"
    assert ["2024", 6, 90000] in rows
    assert ["Totalt", 6, 90000] in rows
