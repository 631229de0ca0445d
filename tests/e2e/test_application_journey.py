"""The whole way from "Passer ekspertbistand for oss?" to a case NAV has received, in the
browser, as the employer and the employee would do it (QUALITY.md: an end-to-end test walks
the happy path and checks each page with axe)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from ekspertbistand.cases.models import Case
from ekspertbistand.domain import eligibility
from ekspertbistand.domain.case_status import CaseStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAVE = "Lagre og gå videre"


def _answer_eligibility_so_we_can_apply(b: Any, page: Any) -> None:
    page.goto("/passer-det/")
    b.check(page, "passer-det-start")
    page.get_by_role("link", name="Start").click()
    for number, question in enumerate(eligibility.QUESTIONS, start=1):
        page.get_by_role("heading", level=1, name=question.text).wait_for()
        if number == 1:
            b.check(page, "passer-det-sporsmal")
        fitting = next(o for o in question.options if o.outcome is eligibility.Outcome.CAN_APPLY)
        page.get_by_label(fitting.label, exact=True).check()
        page.get_by_role("button", name="Neste").click()
    assert page.url.endswith("/passer-det/resultat/")
    page.get_by_role("heading", level=1, name="Dere kan søke om ekspertbistand").wait_for()
    b.check(page, "passer-det-resultat")


def _step(b: Any, page: Any, slug: str, title: str) -> None:
    """We are on the step, it is accessible, and nothing is wrong yet."""
    assert re.search(rf"/soknad/[0-9a-f-]+/{slug}/$", page.url), page.url
    page.get_by_role("heading", level=1, name=title, exact=True).wait_for()
    assert page.locator("#feiloppsummering").count() == 0
    b.check(page, f"soknad-{slug}")


def _choose(page: Any, group: str, option: str) -> None:
    page.get_by_role("group", name=group, exact=True).get_by_label(option, exact=True).check()


def _fill_application(b: Any, page: Any, kari_id: str, dates: dict[str, dt.date]) -> None:
    # Before the draft exists, the first step has the organisation's address in the URL.
    assert re.search(r"/arbeidsgiver/ny-soknad/\d{9}/$", page.url), page.url
    page.get_by_role("heading", level=1, name="Kontaktperson", exact=True).wait_for()
    assert "Fjordveien 12, 4631 Kristiansand S" in b.text(page.locator("#virksomhet"))
    b.check(page, "soknad-kontaktperson-ny")
    page.get_by_label("Navn på kontaktperson").fill("Hanne Lunde")
    page.get_by_label("Telefonnummer").fill("912 34 567")
    page.get_by_label("E-post").fill("hanne.lunde@example.no")
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "arbeidstaker", "Arbeidstakeren")
    page.get_by_label("Fødselsnummer eller D-nummer (11 siffer)").fill(kari_id)
    page.get_by_label("Arbeidstakerens navn").fill("Kari Nordmann")
    _choose(page, "Hva slags sykefravær har arbeidstakeren hatt?", "Langvarig sykefravær")
    _choose(page, "Er arbeidstakeren sykmeldt nå?", "Ja")
    page.get_by_label("Hvor mange prosent er arbeidstakeren sykmeldt?").fill("50")
    page.get_by_label("Stilling", exact=True).fill("Helsefagarbeider")
    page.get_by_label("Arbeidsoppgaver").fill("Stell og pleie av beboere, medisinutdeling.")
    page.get_by_label("Arbeidstid").fill("Turnus, dag og kveld")
    page.get_by_label("Stillingsprosent").fill("80")
    page.get_by_label("Ansatt fra").fill("2015-08-01")
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "tiltak", "Tiltak som er prøvd")
    page.get_by_label("Tilpasning av arbeidsoppgaver").check()
    page.get_by_label("Tilpasning av arbeidstid").check()
    page.get_by_label("Beskriv hva dere har prøvd, og hvordan det gikk").fill(
        "Lettere oppgaver og kortere vakter i tre måneder. Det hjalp en stund.")
    _choose(page, "Oppfølging", "Prøvd")
    _choose(page, "Avklaring", "Vurdert, men ikke brukt")
    page.get_by_label("Hvorfor ble Avklaring ikke brukt?").fill("For omfattende nå.")
    _choose(page, "Arbeidsrettet rehabilitering", "Vurdert, men ikke brukt")
    page.get_by_label("Hvorfor ble Arbeidsrettet rehabilitering ikke brukt?").fill(
        "Ikke aktuelt mens hun er i delvis arbeid.")
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "bht-og-nav", "Bedriftshelsetjeneste og kontakt med NAV")
    _choose(page, "Har virksomheten bedriftshelsetjeneste (BHT)?", "Ja")
    page.get_by_label("Hvorfor er dette utenfor det bedriftshelsetjenesten vanligvis gir?").fill(
        "BHT-avtalen dekker ikke individuell kartlegging over tid.")
    page.get_by_label("Hvem i NAV har dere snakket med?").fill("Aud Saksbehandler")
    page.get_by_label("Når snakket dere med NAV?").fill(dates["nav_contact"].isoformat())
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "behov", "Behov og mål")
    page.get_by_label("Avklare arbeidsevnen opp mot kravene i stillingen").check()
    page.get_by_label("Få arbeidstakeren tilbake i sin stilling").check()
    page.get_by_label("Beskriv behovet og hva eksperten skal hjelpe med").fill(
        "Finne oppgaver og turnus som fungerer, og en plan for å øke stillingen igjen.")
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "ekspert", "Eksperten")
    page.get_by_label("Ekspertens navn").fill("Eva Solberg")
    page.get_by_label("Virksomheten eksperten arbeider i").fill("Arbeidshelse Sør AS")
    page.get_by_label("Ekspertvirksomhetens organisasjonsnummer").fill("910825445")
    page.get_by_label("Arbeids- og organisasjonspsykologi").check()
    page.get_by_label("Offentlig godkjent utdanning eller autorisasjon").fill(
        "Psykolog med autorisasjon")
    page.get_by_label("Hva skal eksperten gjøre?").fill(
        "Oppstartsmøte, tre kartleggingssamtaler, besøk på arbeidsplassen og rapport.")
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "periode", "Periode")
    page.get_by_label("Planlagt oppstart").fill(dates["start"].isoformat())
    page.get_by_label("Planlagt slutt").fill(dates["end"].isoformat())
    page.get_by_role("button", name=SAVE).click()

    _step(b, page, "kostnader", "Kostnader")
    page.get_by_label("Ekspertens timer").fill("12")
    page.get_by_label("Timepris for eksperten (kr)").fill("1400")
    page.get_by_label("Timer til forberedelse").fill("2")
    page.get_by_label("Timepris for forberedelse (kr)").fill("1400")
    page.get_by_label("Timer til å skrive rapport").fill("3,5")
    page.get_by_label("Timepris for rapport (kr)").fill("1400")
    page.get_by_label("Reise (kr)").fill("1200")
    page.get_by_label("Beløp dere søker om (kr)").fill("22000")
    page.get_by_role("button", name=SAVE).click()


def test_eligibility_application_consent_submission_and_receipt(browser: Any, people: Any) -> None:
    today = timezone.localdate()
    start = today + dt.timedelta(days=7)
    dates = {"nav_contact": today - dt.timedelta(days=10), "start": start,
             "end": min(start + dt.timedelta(days=60), dt.date(start.year, 12, 31))}
    kari_id = people.kari.national_id

    def employer_applies_and_asks_for_consent(b: Any) -> Any:
        page = b.new_page()
        _answer_eligibility_so_we_can_apply(b, page)
        page.get_by_role("link", name="Gå til søknaden").click()

        assert "/logg-inn/" in page.url
        b.check(page, "logg-inn")
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        assert page.url.endswith("/arbeidsgiver/")
        page.get_by_role("heading", level=1, name="Mine saker").wait_for()
        b.check(page, "arbeidsgiver-mine-saker-tom")
        page.get_by_label("Virksomheten dere søker for").select_option(
            label="Fjordlys Sykehjem AS (910825526)")
        page.get_by_role("button", name="Start ny søknad").click()

        page.get_by_role("heading", level=1, name="Før du starter søknaden").wait_for()
        b.check(page, "soknad-intro")
        page.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").check()
        page.get_by_label("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                          "ekspertbistand er riktig.").check()
        page.get_by_role("button", name="Start søknaden").click()

        _fill_application(b, page, kari_id, dates)

        _step(b, page, "samtykke", "Arbeidstakerens samtykke")
        assert b.text(page.locator("#samtykke-status")) == "Ikke spurt ennå"
        page.get_by_role("button", name="Be Kari Nordmann om samtykke").click()
        page.get_by_text("Vi har bedt Kari Nordmann om å samtykke").wait_for()
        assert b.text(page.locator("#samtykke-status")) == "Venter på svar fra arbeidstakeren"
        b.check(page, "soknad-samtykke-venter")
        return page

    def employee_agrees(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Kari Nordmann", "Arbeidstaker")
        assert page.url.endswith("/arbeidstaker/")
        requests = page.get_by_role("region", name="Venter på svaret ditt")
        assert "Fjordlys Sykehjem AS vil søke om tilskudd" in b.text(requests)
        b.check(page, "arbeidstaker-mine-saker-foresporsel")
        requests.get_by_role("link", name="Les og svar").click()

        page.get_by_role("heading", level=1, name="Vil du ha hjelp fra en ekspert?").wait_for()
        about_me = b.text(page.get_by_role("region", name="Dette står i søknaden om deg"))
        assert "Kari Nordmann" in about_me and "Helsefagarbeider" in about_me
        b.check(page, "samtykke")
        page.get_by_label("Ja, jeg er enig i at arbeidsgiveren søker om ekspertbistand").check()
        page.get_by_role("button", name="Send svaret").click()
        assert page.url.endswith("/arbeidstaker/")
        page.get_by_text("Takk, svaret ditt er sendt til arbeidsgiveren.").wait_for()

    def employer_submits(b: Any, page: Any) -> dict[str, Any]:
        page.reload()
        assert b.text(page.locator("#samtykke-status")).startswith("Arbeidstakeren har samtykket")
        page.get_by_role("link", name="Gå til oppsummering").click()

        page.get_by_role("heading", level=1, name="Se over søknaden før du sender").wait_for()
        summary = b.text(page.locator("main"))
        for typed in ("Hanne Lunde", "120378 23560", "Eva Solberg", "Sum kostnader 25 700 kr",
                      "22 000 kr", "Arbeidstakeren har samtykket"):
            assert typed in summary, typed
        assert "Dette steget er ikke ferdig utfylt" not in summary
        b.check(page, "soknad-oppsummering")
        page.get_by_label("Jeg bekrefter at opplysningene er riktige og fullstendige.").check()
        page.get_by_label("Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige om "
                          "innholdet.").check()
        page.get_by_role("button", name="Send søknaden til NAV").click()

        page.get_by_role("heading", level=1, name="Søknaden er sendt til NAV").wait_for()
        reference = b.text(page.locator("#saksnummer"))
        assert re.fullmatch(rf"EB-{today.year}-\d{{6}}", reference), reference
        receipt = b.text(page.locator("main"))
        assert "NAV Arbeidslivssenter Agder" in receipt and "22 000 kr" in receipt
        b.check(page, "kvittering")

        link = page.get_by_role("link", name="Last ned kvittering (PDF)")
        pdf = page.request.get(link.get_attribute("href"))
        download = {"status": pdf.status, "type": pdf.headers.get("content-type"),
                    "body": pdf.body()}

        page.get_by_role("link", name="Til Mine saker").click()
        sent = page.get_by_role("region", name="Sendte søknader")
        row = sent.get_by_role("row").filter(has_text=reference)
        assert "Sendt til NAV" in b.text(row)
        assert "Ingen utkast" in b.text(page.get_by_role("region", name="Utkast"))
        b.check(page, "arbeidsgiver-mine-saker")

        row.get_by_role("link", name=reference).click()
        page.get_by_role("heading", level=1, name=f"Sak {reference}").wait_for()
        assert b.text(page.locator("#status")) == "Sendt til NAV"
        assert "Søknaden ble sendt til NAV" in b.text(page.get_by_role("region", name="Hva har skjedd"))
        b.check(page, "sak")
        return {"reference": reference, "pdf": download}

    def employee_sees_the_case(b: Any, reference: str) -> None:
        page = b.contexts[1].pages[0]
        page.goto("/arbeidstaker/")
        cases = page.get_by_role("region", name="Saker om deg")
        assert "Sendt til NAV" in b.text(cases.get_by_role("row").filter(has_text=reference))
        assert "Ingen forespørsler" in b.text(page.get_by_role("region", name="Venter på svaret ditt"))
        b.check(page, "arbeidstaker-mine-saker")

    employer = browser.run(employer_applies_and_asks_for_consent)
    browser.run(employee_agrees)
    result = browser.run(lambda b: employer_submits(b, employer))
    reference = result["reference"]
    browser.run(lambda b: employee_sees_the_case(b, reference))

    pdf = result["pdf"]
    assert pdf["status"] == 200
    assert pdf["type"] == "application/pdf"
    assert pdf["body"].startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf["body"],
                          capture_output=True, check=True, timeout=60).stdout.decode()
    assert reference in text

    case = Case.objects.get(reference=reference)
    assert case.status == CaseStatus.SUBMITTED
    assert case.employee_national_id == kari_id
    assert case.amount_applied == 22000
    assert case.routed_unit is not None and case.routed_unit.name == "NAV Arbeidslivssenter Agder"
