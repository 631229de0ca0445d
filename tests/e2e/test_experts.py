"""The experts register in the browser: the employer finds an expert in the neutral list from
the application's expert step and picks one; the expert keeps a profile; NAV checks the
qualification. Every page axe-clean (issue 13, DOMAIN §3.4, §4)."""

from __future__ import annotations

from typing import Any

import pytest

from ekspertbistand.cases.models import Case, Expert, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.experts import actions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _expert(name: str, orgnr: str, areas: list[str], counties: list[str], checker: User | None,
            user: User | None = None) -> Expert:
    provider = actions.provider_from_register(orgnr)
    expert = Expert.objects.create(user=user, name=name, company=provider.name, orgnr=orgnr,
                                   provider=provider, competence_areas=areas, counties=counties,
                                   education="Psykolog med autorisasjon")
    if checker is not None:
        expert = actions.mark_qualification_checked(checker, Role.CASEWORKER, expert,
                                                    "Autorisasjon kontrollert i HPR")
    return expert


@pytest.fixture
def register(people: Any) -> dict[str, Expert]:
    eva = User.objects.create(username="eva.ekspert", first_name="Eva", last_name="Solberg")
    return {
        "eva": _expert("Eva Solberg", "910825445", ["work_psychology"], ["42"], people.aud, eva),
        "henrik": _expert("Henrik Aasen", "910825429", ["conflict_management"], ["46"], people.aud),
        "bjorn": _expert("Bjørn Rønning", "910825437", ["ergonomics_physio"], ["18"], people.aud),
        "jo": _expert("Jo Rustad", "910825410", ["work_clarification"], ["34"], None),
    }


def test_the_employer_finds_an_expert_in_the_list_and_picks_into_the_application(
        browser: Any, people: Any, register: dict[str, Expert]) -> None:
    case = people.filled_draft(0, upto="behov")
    step = f"/soknad/{case.public_id}/ekspert/"

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(step)
        page.get_by_label("Hva skal eksperten gjøre?").fill("Oppstartsmøte, kartlegging og rapport.")
        page.get_by_role("button", name="Lagre og finn en ekspert i ekspertlisten").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/eksperter/?soknad={case.public_id}")
        assert "NAV anbefaler ingen bestemt ekspert" in b.text(page.locator("main"))
        assert "3 eksperter" in b.text(page.locator("#treff"))
        assert "Jo Rustad" not in b.text(page.locator("main"))  # not checked by NAV
        b.check(page, "ekspertlisten")
        page.get_by_label("Fylke").select_option(label="Agder")
        page.get_by_role("button", name="Vis eksperter").click()
        page.wait_for_load_state()
        assert "1 ekspert" in b.text(page.locator("#treff"))
        b.check(page, "ekspertlisten-filtrert")
        page.get_by_role("button", name="Eva Solberg").click()
        page.wait_for_load_state()
        assert page.url.endswith(step)
        assert "Eva Solberg fra ekspertlisten er fylt inn" in b.text(page.locator("main"))
        assert page.get_by_label("Ekspertens navn").input_value() == "Eva Solberg"
        assert page.get_by_label("Hva skal eksperten gjøre?").input_value() == (
            "Oppstartsmøte, kartlegging og rapport.")
        b.check(page, "ekspertsteget-fylt-fra-listen")

    browser.run(scenario)
    answers = Case.objects.get(pk=case.pk).answers["ekspert"]
    assert answers["expert_orgnr"] == "910825445"


def test_the_expert_keeps_a_profile_and_nav_checks_the_qualification_again(
        browser: Any, people: Any, register: dict[str, Expert]) -> None:
    def expert_changes_education(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Eva Solberg", "Ekspert")
        page.get_by_role("link", name="Profilen din i ekspertregisteret").click()
        page.wait_for_load_state()
        assert "Du vises i den offentlige ekspertlisten" in b.text(page.locator("#profilstatus"))
        b.check(page, "ekspertprofil")
        page.get_by_label("Offentlig godkjent utdanning eller autorisasjon").fill("")
        page.get_by_role("button", name="Lagre profilen").click()
        page.wait_for_load_state()
        assert "Skriv inn den offentlig godkjente utdanningen" in b.text(page.locator("#feiloppsummering"))
        b.check(page, "ekspertprofil-feil")
        page.get_by_label("Offentlig godkjent utdanning eller autorisasjon").fill("Psykologspesialist")
        page.get_by_role("button", name="Lagre profilen").click()
        page.wait_for_load_state()
        assert "NAV må kontrollere kvalifikasjonen på nytt" in b.text(page.locator("main"))
        assert "NAV har ikke kontrollert" in b.text(page.locator("#profilstatus"))

    browser.run(expert_changes_education)
    assert Expert.objects.get(pk=register["eva"].pk).qualification_checked_at is None

    def nav_checks(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Aud Saksbehandler", "NAV-saksbehandler")
        page.goto("/eksperter/kontroll/")
        b.check(page, "kontroll-av-eksperter")
        page.get_by_role("link", name="Eva Solberg").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Marker som kontrollert").click()
        page.wait_for_load_state()
        assert "Skriv hva du kontrollerte" in b.text(page.locator("#feiloppsummering"))
        b.check(page, "kontroll-feil")
        page.get_by_label("Hva kontrollerte du?").fill("Spesialistgodkjenning kontrollert i HPR")
        page.get_by_role("button", name="Marker som kontrollert").click()
        page.wait_for_load_state()
        assert "Eva Solberg er markert som kontrollert" in b.text(page.locator("main"))

    browser.run(nav_checks)
    assert Expert.objects.get(pk=register["eva"].pk).qualification_checked_by == people.aud
