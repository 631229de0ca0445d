"""Who may open a case, tried in the browser: a case looks missing (404) to anyone without
access, so even its existence is not revealed (cases/permissions.py)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _not_found(b: Any, page: Any, path: str, name: str | None = None) -> None:
    response = page.goto(path)
    assert response.status == 404, f"{path}: {response.status}"
    page.get_by_role("heading", level=1, name="Fant ikke siden").wait_for()
    assert "Siden eller saken finnes ikke, eller du har ikke tilgang til den." in b.text(
        page.locator("main"))
    if name:
        b.check(page, name)


def test_another_employer_and_another_employee_get_not_found(browser: Any, people: Any) -> None:
    case = people.submitted_case()
    draft = people.filled_draft(0, upto="arbeidstaker")
    reference = case.reference

    def scenario(b: Any) -> None:
        geir = b.new_page()
        b.log_in(geir, "Geir Moen", "Arbeidsgiver")
        assert reference not in b.text(geir.locator("main"))
        _not_found(b, geir, f"/saker/{case.public_id}/", "404-annen-arbeidsgiver")
        _not_found(b, geir, f"/saker/{case.public_id}/kvittering/")
        _not_found(b, geir, f"/soknad/{draft.public_id}/arbeidstaker/")
        _not_found(b, geir, f"/soknad/{draft.public_id}/oppsummering/")
        pdf = geir.request.get(f"/saker/{case.public_id}/kvittering.pdf")
        assert pdf.status == 404 and not pdf.body().startswith(b"%PDF")
        # Deleting someone else's draft is refused the same way, and the draft stays.
        token = geir.context.cookies()
        csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
        deleted = geir.request.post(f"/soknad/{draft.public_id}/slett/",
                                    headers={"X-CSRFToken": csrf, "Referer": b.base_url})
        assert deleted.status == 404

        per = b.new_page()
        b.log_in(per, "Per Johansen", "Arbeidstaker")
        _not_found(b, per, f"/saker/{case.public_id}/")
        assert per.request.get(f"/saker/{case.public_id}/kvittering.pdf").status == 404

        kari = b.new_page()  # the employee the case is about may see it
        b.log_in(kari, "Kari Nordmann", "Arbeidstaker")
        assert kari.goto(f"/saker/{case.public_id}/").status == 200
        kari.get_by_role("heading", level=1, name=f"Sak {reference}").wait_for()

    browser.run(scenario)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.answers["arbeidstaker"]


def test_only_the_routed_units_caseworkers_see_the_case(browser: Any, people: Any) -> None:
    case = people.submitted_case()
    reference = case.reference
    assert case.routed_unit is not None and case.routed_unit.name == "NAV Arbeidslivssenter Agder"

    def scenario(b: Any) -> None:
        nils = b.new_page()  # NAV Arbeidslivssenter Nordland
        b.log_in(nils, "Nils Saksbehandler", "NAV-saksbehandler")
        nils.get_by_role("heading", level=1, name="Saker til behandling").wait_for()
        assert reference not in b.text(nils.locator("main"))
        _not_found(b, nils, f"/nav/saker/{case.public_id}/", "404-annen-nav-enhet")

        aud = b.new_page()  # NAV Arbeidslivssenter Agder
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        assert "NAV Arbeidslivssenter Agder" in b.text(aud.locator("main"))
        b.check(aud, "nav-saker")
        aud.get_by_role("link", name=reference).click()
        aud.get_by_role("heading", level=1, name=f"Sak {reference} – Fjordlys Sykehjem AS").wait_for()
        details = b.text(aud.locator("main"))
        assert "Kari Nordmann" in details and "Eva Solberg" in details
        b.check(aud, "nav-sak")

        # The employer's own pages are closed to the caseworker role.
        aud.goto(f"/saker/{case.public_id}/")
        assert "/saker/" not in aud.url
        assert "Siden er ikke tilgjengelig i rollen du er logget inn med" in b.text(aud.locator("main"))

    browser.run(scenario)
