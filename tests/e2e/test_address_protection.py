"""A kode 6 case in the browser (issue 11 point 1, decision 0015): the employer and the
employee see «NAV» and NAV's national number, never NAV Vikafossen; NAV Vikafossen sees
its own name and the person on the case page, «Skjermet» in its inbox. axe-core clean."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

import factories
from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.reference.selectors import address_protection_unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_kode6_case_names_no_unit_outside_nav(browser: Any, people: Any) -> None:
    lena = factories.make_person(factories.LENA)
    lena.first_name, lena.last_name = "Lena", "Strand"
    lena.save()
    case = factories.submitted_case(people.hanne, lena, timezone.localdate(),
                                    person=factories.LENA)
    run_pending()
    vidar = User.objects.create(username="nav.vikafossen", first_name="Vidar",
                                last_name="Saksbehandler", nav_ident="Z990014")
    UnitMembership.objects.create(user=vidar, unit=address_protection_unit())
    reference = case.reference

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.get_by_role("link", name=reference).click()
        page.get_by_role("heading", level=1, name=f"Sak {reference}").wait_for()
        main = b.text(page.locator("main"))
        assert "Vikafossen" not in main and "55 55 33 36" in main and "Lena Strand" in main
        b.check(page, "kode6-arbeidsgiver-sak")
        page.goto(f"/saker/{case.public_id}/kvittering/")
        receipt = b.text(page.locator("main"))
        assert "Vikafossen" not in receipt and "55 55 33 36" in receipt
        page.goto("/varsler/")
        assert reference in b.text(page.locator("main"))
        assert "Vikafossen" not in b.text(page.locator("main"))
        b.check(page, "kode6-arbeidsgiver-varsler")
        page.get_by_role("button", name="Logg ut").click()

        b.log_in(page, "Lena Strand", "Arbeidstaker")
        page.get_by_role("link", name=reference).click()
        main = b.text(page.locator("main"))
        assert "Vikafossen" not in main and "55 55 33 33" in main
        b.check(page, "kode6-arbeidstaker-sak")
        page.get_by_role("button", name="Logg ut").click()

        b.log_in(page, "Vidar Saksbehandler", "NAV-saksbehandler")
        inbox = b.text(page.locator("main"))
        assert reference in inbox and "Skjermet" in inbox and "Lena" not in inbox
        page.goto(f"/nav/saker/{case.public_id}/")
        main = b.text(page.locator("main"))
        assert "NAV Vikafossen" in main and "Lena Strand" in main

    browser.run(scenario)
