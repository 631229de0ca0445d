"""Talking to NAV inside the service, in the browser (issue 15): the employer asks for the
talk from the eligibility result, NAV takes and records it, the application's NAV-contact step
is filled from it, the case worker sees the link, employer and NAV exchange messages on the
case, and the employee's own message to NAV never reaches the employer. Every page checked
with axe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.contact.models import Message, TalkRequest
from ekspertbistand.domain import eligibility

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMPLOYEE_TEXT = "Jeg vil gjerne snakke med NAV uten at sjefen er med."


def _eligibility_result(page: Any) -> None:
    page.goto("/passer-det/")
    page.get_by_role("link", name="Start").click()
    for question in eligibility.QUESTIONS:
        page.get_by_role("heading", level=1, name=question.text).wait_for()
        fitting = next(o for o in question.options if o.outcome is eligibility.Outcome.CAN_APPLY)
        page.get_by_label(fitting.label, exact=True).check()
        page.get_by_role("button", name="Neste").click()
    page.get_by_role("heading", level=1, name="Dere kan søke om ekspertbistand").wait_for()


def test_from_the_talk_to_messages_on_the_case(browser: Any, people: Any) -> None:
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    def ask_take_record_and_start(b: Any) -> str:
        hanne = b.new_page()
        _eligibility_result(hanne)
        hanne.get_by_role("link", name="Be om en samtale med NAV").click()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.get_by_role("heading", level=1, name="Be om en samtale med NAV").wait_for()
        b.check(hanne, "samtale-ny")
        hanne.get_by_role("button", name="Send forespørselen").click()
        hanne.locator("#feiloppsummering").wait_for()  # nothing typed yet: told what to write
        b.check(hanne, "samtale-ny-feil")
        hanne.get_by_label("Hva vil dere snakke med NAV om?").fill(
            "En ansatt har vært mye borte det siste året. Vi lurer på om ekspertbistand passer.")
        hanne.get_by_label("Når kan dere snakke?").fill("Tirsdager etter kl. 12")
        hanne.get_by_role("button", name="Send forespørselen").click()
        hanne.get_by_role("heading", level=1, name="Samtale med NAV").wait_for()
        assert b.text(hanne.locator("#talk-status")) == "Ny"
        assert "NAV Arbeidslivssenter Agder" in b.text(hanne.locator("main"))
        b.check(hanne, "samtale-sendt")

        aud = b.new_page()
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        aud.goto("/nav/samtaler/")
        aud.get_by_role("heading", level=1, name="Samtaler før søknad").wait_for()
        b.check(aud, "nav-samtaler")
        aud.get_by_role("link", name="Fjordlys Sykehjem AS").first.click()
        aud.get_by_role("button", name="Ta forespørselen").click()
        aud.get_by_label("Ny melding").fill("Hei! Passer tirsdag kl. 13 på video?")
        aud.get_by_role("button", name="Send svar").click()
        aud.get_by_label("Dato for samtalen").fill(yesterday)
        aud.get_by_label("Hvem fra arbeidsgiveren").fill("Hanne Lunde (HR)")
        aud.get_by_label("Ekspertbistand kan være aktuelt").check()
        aud.get_by_role("button", name="Lagre samtalen").click()
        aud.get_by_text("Samtalen er skrevet ned.").wait_for()
        assert "Samtale holdt" in b.text(aud.locator("#talk-status"))
        b.check(aud, "nav-samtale")

        hanne.reload()
        assert "Ekspertbistand kan være aktuelt" in b.text(hanne.locator("#talk-outcome"))
        assert "Passer tirsdag kl. 13 på video?" in b.text(hanne.locator("#meldinger"))
        b.check(hanne, "samtale-holdt")
        hanne.get_by_role("button", name="Start søknad fra samtalen").click()
        hanne.get_by_role("heading", level=1, name="Før du starter søknaden").wait_for()
        hanne.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").check()
        hanne.get_by_label("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                           "ekspertbistand er riktig.").check()
        hanne.get_by_role("button", name="Start søknaden").click()
        hanne.get_by_role("heading", level=1, name="Kontaktperson").wait_for()
        hanne.get_by_label("Navn på kontaktperson").fill("Hanne Lunde")
        hanne.get_by_label("Telefonnummer").fill("912 34 567")
        hanne.get_by_label("E-post").fill("hanne.lunde@example.no")
        hanne.get_by_role("button", name="Lagre og gå videre").click()
        hanne.get_by_role("heading", level=1, name="Arbeidstakeren").wait_for()
        draft_url = hanne.url.rsplit("/", 2)[0]
        hanne.goto(f"{draft_url}/bht-og-nav/")
        assert hanne.get_by_label("Hvem i NAV har dere snakket med?").input_value() == (
            "Aud Saksbehandler, NAV Arbeidslivssenter Agder")
        assert hanne.get_by_label("Når snakket dere med NAV?").input_value() == yesterday
        assert "Kontakten med NAV er fylt ut fra samtalen" in b.text(hanne.locator("#linked-talk"))
        b.check(hanne, "soknad-nav-kontakt-fra-samtale")
        hanne.get_by_role("group", name="Har virksomheten bedriftshelsetjeneste (BHT)?").get_by_label(
            "Nei", exact=True).check()
        hanne.get_by_role("button", name="Lagre og gå videre").click()
        hanne.get_by_role("heading", level=1, name="Behov og mål").wait_for()
        return draft_url.rsplit("/", 1)[-1]

    draft_id = browser.run(ask_take_record_and_start)
    talk = TalkRequest.objects.get()
    case = talk.case
    assert case is not None and str(case.public_id) == draft_id
    assert case.answers["bht-og-nav"]["nav_contact_name"] == (
        "Aud Saksbehandler, NAV Arbeidslivssenter Agder")
    # The rest of the application as the journey test fills it, then agreed and sent.
    for slug, data in answers_for(0, timezone.localdate()).items():
        if slug != "bht-og-nav":
            assert app.save_step(people.hanne, case, slug, data) == {}, slug
    consent.respond_to_consent(people.kari, consent.request_consent(people.hanne, case), True)
    case = app.submit_application(people.hanne, case, attested=True)
    reference, case_id = case.reference, case.public_id

    def messages_on_the_case(b: Any) -> None:
        aud = b.new_page()
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        aud.goto(f"/nav/saker/{case_id}/")
        linked = b.text(aud.locator("#linked-talk"))
        assert "Søknaden viser til en samtale NAV har skrevet ned." in linked
        assert "Ekspertbistand kan være aktuelt" in linked
        aud.locator("#meldinger-employer").get_by_label("Ny melding").fill(
            "Vi har mottatt søknaden og svarer innen ti dager.")
        aud.locator("#meldinger-employer").get_by_role("button", name="Send meldingen").click()
        aud.get_by_text("Meldingen er sendt.").wait_for()
        b.check(aud, "nav-sak-meldinger")

        hanne = b.new_page()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.goto(f"/saker/{case_id}/")
        hanne.get_by_role("heading", level=1, name=f"Sak {reference}").wait_for()
        thread = hanne.locator("#meldinger")
        assert "Vi har mottatt søknaden og svarer innen ti dager." in b.text(thread)
        assert "Aud Saksbehandler, NAV Arbeidslivssenter Agder" in b.text(thread)
        # The main refusal: a message with health details comes back with the warning.
        thread.get_by_label("Ny melding").fill("Hun har fått diagnosen depresjon.")
        thread.get_by_role("button", name="Send meldingen").click()
        hanne.get_by_role("button", name="Send likevel").wait_for()
        assert "«depresjon»" in b.text(hanne.locator("#meldinger"))
        assert hanne.locator("#melding-body").input_value() == "Hun har fått diagnosen depresjon."
        b.check(hanne, "sak-melding-advarsel")
        hanne.locator("#melding-body").fill("Takk! Vi venter på svaret.")
        hanne.get_by_role("button", name="Sjekk på nytt og send").click()
        hanne.get_by_text("Meldingen er sendt.").wait_for()
        assert "Ikke lest ennå" in b.text(hanne.locator("#meldinger"))
        b.check(hanne, "sak-meldinger")

        kari = b.new_page()
        b.log_in(kari, "Kari Nordmann", "Arbeidstaker")
        kari.goto(f"/saker/{case_id}/")
        assert "Arbeidsgiveren din ser ikke disse meldingene." in b.text(kari.locator("#meldinger"))
        assert "Vi har mottatt søknaden" not in b.text(kari.locator("#meldinger"))
        kari.get_by_label("Ny melding").fill(EMPLOYEE_TEXT)
        kari.get_by_role("button", name="Send meldingen").click()
        kari.get_by_text("Meldingen er sendt.").wait_for()
        b.check(kari, "arbeidstaker-meldinger")

        hanne.reload()
        assert EMPLOYEE_TEXT not in b.text(hanne.locator("main"))
        aud.reload()
        assert EMPLOYEE_TEXT in b.text(aud.locator("#meldinger-employee"))
        assert "Takk! Vi venter på svaret." in b.text(aud.locator("#meldinger-employer"))

        geir = b.new_page()  # another organisation: the talk looks missing
        b.log_in(geir, "Geir Moen", "Arbeidsgiver")
        assert geir.goto(f"/arbeidsgiver/samtaler/{talk.public_id}/").status == 404

    browser.run(messages_on_the_case)
    assert Message.objects.filter(body=EMPLOYEE_TEXT, thread__kind="employee").count() == 1
    assert not Message.objects.filter(body__contains="depresjon").exists()
