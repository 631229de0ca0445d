"""The application's flow in the browser (issue 11, points 13, 14, 15, 17 and 20): the intro
page, a voided agreement said at once, «Endre» back to the summary, focus on the error summary
after a failed submit, and no page scrolling sideways on a 390 px wide phone. Every page is
checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.models import Case, Notice
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.domain import eligibility
from ekspertbistand.domain.case_status import ConsentStatus
from factories import FJORDLYS, agreed_draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_intro_page_then_the_first_save_makes_the_draft(browser: Any, people: Any) -> None:
    def leaves_at_the_first_step(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.get_by_role("button", name="Start ny søknad").click()
        page.get_by_role("heading", level=1, name="Før du starter søknaden").wait_for()
        for heading in ("Dette trenger du", "Hvem som ser søknaden", "Hvor lenge det lagres",
                        "Arbeidstakerens rett til innsyn"):
            page.get_by_role("heading", level=2, name=heading).wait_for()
        b.check(page, "intro")
        # One confirmation only: refused, and the ticked one stays ticked.
        page.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").check()
        page.get_by_role("button", name="Start søknaden").click()
        assert "Kryss av for begge punktene" in b.text(page.locator("#feiloppsummering"))
        assert page.evaluate("document.activeElement.id") == "feiloppsummering"
        assert page.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").is_checked()
        b.check(page, "intro-feil")
        page.get_by_label("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                          "ekspertbistand er riktig.").check()
        page.get_by_role("button", name="Start søknaden").click()
        page.get_by_role("heading", level=1, name="Kontaktperson", exact=True).wait_for()
        b.check(page, "forste-steg-uten-utkast")
        page.get_by_role("link", name="Avbryt uten å lagre").click()
        page.get_by_role("heading", level=1, name="Mine saker").wait_for()

    browser.run(leaves_at_the_first_step)
    assert not Case.objects.exists()  # starting and leaving left nothing behind

    def saves_the_first_step(b: Any) -> None:
        page = b.contexts[0].pages[0]
        page.get_by_role("button", name="Start ny søknad").click()
        page.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").check()
        page.get_by_label("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                          "ekspertbistand er riktig.").check()
        page.get_by_role("button", name="Start søknaden").click()
        page.get_by_label("Navn på kontaktperson").fill("Hanne Lunde")
        page.get_by_label("Telefonnummer").fill("91234567")
        page.get_by_label("E-post").fill("hanne@example.no")
        page.get_by_role("button", name="Lagre og gå videre").click()
        page.get_by_role("heading", level=1, name="Arbeidstakeren", exact=True).wait_for()
        assert re.search(r"slettes \d+\. \w+ \d{4}", b.text(page.locator("main")))
        page.goto("/arbeidsgiver/")
        assert "Slettes" in b.text(page.get_by_role("region", name="Utkast"))
        b.check(page, "mine-saker-med-slettedato")

    browser.run(saves_the_first_step)
    assert Case.objects.get().organisation.orgnr == FJORDLYS


def test_a_voided_agreement_is_said_at_once_and_asked_again(browser: Any, people: Any) -> None:
    case = agreed_draft(people.hanne, people.kari, timezone.localdate())
    old_request = case.consent_requests.get()

    def employer_changes_what_kari_read(b: Any) -> Any:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(f"/soknad/{case.public_id}/oppsummering/")
        page.get_by_role("link", name="Endre eksperten").click()
        page.get_by_label("Ekspertens navn").fill("Bjørn Rønning")
        page.get_by_role("button", name="Lagre og gå til oppsummeringen").click()
        # Back on the summary (point 14), and the voided agreement is said at once (13).
        page.get_by_role("heading", level=1, name="Se over søknaden før du sender").wait_for()
        banner = b.text(page.locator("#samtykke-ugyldig"))
        assert "Arbeidstakeren må samtykke på nytt" in banner
        assert "Du endret «Eksperten» etter at Kari Nordmann ble spurt" in banner
        assert "Må spørres på nytt" in b.text(page.get_by_role("region",
                                                               name="Arbeidstakerens samtykke"))
        b.check(page, "oppsummering-samtykke-ugyldig")
        return page

    page = browser.run(employer_changes_what_kari_read)
    run_pending()

    def kari_sees_the_old_request_as_void(b: Any) -> None:
        kari = b.new_page()
        b.log_in(kari, "Kari Nordmann", "Arbeidstaker")
        kari.get_by_role("link", name="Se hvorfor forespørselen fra Fjordlys Sykehjem AS ikke "
                                      "gjelder").click()
        kari.get_by_role("heading", level=1, name="Forespørselen gjelder ikke lenger").wait_for()
        assert "endret «Eksperten»" in b.text(kari.locator("#ugyldig-grunn"))
        b.check(kari, "arbeidstaker-foresporsel-ugyldig")

    browser.run(kari_sees_the_old_request_as_void)
    assert Notice.objects.filter(key=f"consent_voided:{old_request.pk}").count() == 1

    def employer_asks_again(b: Any) -> None:
        page.get_by_role("button", name="Be Kari Nordmann om samtykke på nytt").click()
        page.get_by_text("Vi har bedt Kari Nordmann om å samtykke").wait_for()
        assert b.text(page.locator("#samtykke-status")) == "Venter på svar fra arbeidstakeren"
        assert page.locator("#samtykke-ugyldig").count() == 0
        b.check(page, "samtykke-spurt-igjen")

    browser.run(employer_asks_again)
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.PENDING
    old_request.refresh_from_db()
    assert not old_request.active and old_request.voided_steps == ["ekspert"]


def test_endre_in_the_eligibility_check_returns_to_the_result(browser: Any, people: Any) -> None:
    def scenario(b: Any) -> None:
        page = b.new_page()
        page.goto(f"/passer-det/{eligibility.QUESTIONS[0].slug}/")
        for question in eligibility.QUESTIONS:
            fitting = next(o for o in question.options
                           if o.outcome is eligibility.Outcome.CAN_APPLY)
            page.get_by_label(fitting.label, exact=True).check()
            page.get_by_role("button", name="Neste").click()
        page.get_by_role("heading", level=1, name="Dere kan søke om ekspertbistand").wait_for()
        question = eligibility.QUESTIONS_BY_KEY["nav_contacted"]
        page.get_by_role("link", name=f"Endre {question.text}").click()
        assert page.url.endswith(f"/passer-det/{question.slug}/?tilbake=resultat")
        b.check(page, "passer-det-endre")
        page.get_by_label(question.options[-1].label, exact=True).check()
        page.get_by_role("button", name="Lagre og se resultatet").click()
        page.get_by_role("heading", level=1, name="Gjør dette før dere søker").wait_for()
        assert page.url.endswith("/passer-det/resultat/")

    browser.run(scenario)


def test_a_failed_submit_focuses_the_error_summary_and_keeps_the_ticks(browser: Any,
                                                                        people: Any) -> None:
    case = people.filled_draft(0)  # not agreed to: sending fails

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(f"/soknad/{case.public_id}/oppsummering/")
        page.get_by_label("Jeg bekrefter at opplysningene er riktige og fullstendige.").check()
        page.get_by_label("Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige om "
                          "innholdet.").check()
        page.get_by_role("button", name="Send søknaden til NAV").click()
        page.locator("#feiloppsummering").wait_for()
        assert page.evaluate("document.activeElement.id") == "feiloppsummering"
        assert page.get_by_label("Jeg bekrefter at opplysningene er riktige og fullstendige."
                                 ).is_checked()
        assert page.get_by_label("Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige "
                                 "om innholdet.").is_checked()
        b.check(page, "oppsummering-feil-fokus")

    browser.run(scenario)


def _no_sideways_scroll(b: Any, page: Any, name: str) -> None:
    page.wait_for_load_state()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"«{name}» ({page.url}) er {widths[0]} px bred på {widths[1]} px"
    b.check(page, f"390-{name}")


def test_no_page_scrolls_sideways_at_390_px(browser: Any, people: Any) -> None:
    submitted = people.submitted_case()
    draft = people.filled_draft(3)
    pending = people.filled_draft(0)
    request = consent.request_consent(people.hanne, pending)
    voided = agreed_draft(people.hanne, people.per, timezone.localdate(), person=3)
    app.save_step(people.hanne, voided, "periode", {
        **voided.answers["periode"], "end_date": voided.answers["periode"]["start_date"]})
    void_request = voided.consent_requests.get()
    run_pending()

    def phone(b: Any) -> Any:
        return b.new_page(viewport=PHONE)

    def scenario(b: Any) -> list[str]:
        seen = []
        page = phone(b)
        for url in ("/", "/passer-det/", f"/passer-det/{eligibility.QUESTIONS[0].slug}/",
                    "/finnes-ikke/", "/logg-inn/"):
            page.goto(url)
            _no_sideways_scroll(b, page, url.strip("/").replace("/", "-") or "forside")
            seen.append(url)
        page.goto(f"/passer-det/{eligibility.QUESTIONS[0].slug}/")
        for question in eligibility.QUESTIONS:
            page.get_by_label(question.options[0].label, exact=True).check()
            page.get_by_role("button", name="Neste").click()
        _no_sideways_scroll(b, page, "passer-det-resultat")
        seen.append(page.url)

        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        steps = ["kontaktperson", "arbeidstaker", "tiltak", "bht-og-nav", "behov", "ekspert",
                 "periode", "kostnader", "samtykke", "oppsummering"]
        urls = ["/arbeidsgiver/", "/arbeidsgiver/ny-soknad/", "/varsler/",
                *(f"/soknad/{draft.public_id}/{slug}/" for slug in steps),
                f"/soknad/{draft.public_id}/slett/",
                f"/saker/{submitted.public_id}/", f"/saker/{submitted.public_id}/kvittering/",
                f"/saker/{submitted.public_id}/trekk/"]
        for url in urls:
            page.goto(url)
            _no_sideways_scroll(b, page, "arbeidsgiver" + url.replace("/", "-"))
            seen.append(url)

        page.goto("/arbeidsgiver/ny-soknad/")
        page.get_by_label("Jeg vil svare så riktig og fullstendig som jeg kan.").check()
        page.get_by_label("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                          "ekspertbistand er riktig.").check()
        page.get_by_role("button", name="Start søknaden").click()
        _no_sideways_scroll(b, page, "arbeidsgiver-forste-steg-uten-utkast")
        seen.append(page.url)
        page.goto(f"/soknad/{voided.public_id}/oppsummering/")
        _no_sideways_scroll(b, page, "arbeidsgiver-oppsummering-samtykke-ugyldig")
        seen.append(page.url)

        per = phone(b)
        b.log_in(per, "Per Johansen", "Arbeidstaker")
        for url in ("/arbeidstaker/", f"/samtykke/{void_request.pk}/"):
            per.goto(url)
            _no_sideways_scroll(b, per, "arbeidstaker-ugyldig" + url.replace("/", "-"))
            seen.append(url)

        kari = phone(b)
        b.log_in(kari, "Kari Nordmann", "Arbeidstaker")
        for url in ("/arbeidstaker/", f"/samtykke/{request.pk}/", f"/saker/{submitted.public_id}/",
                    "/varsler/"):
            kari.goto(url)
            _no_sideways_scroll(b, kari, "arbeidstaker" + url.replace("/", "-"))
            seen.append(url)

        aud = phone(b)
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        for url in ("/nav/", f"/nav/saker/{submitted.public_id}/"):
            aud.goto(url)
            _no_sideways_scroll(b, aud, "nav" + url.replace("/", "-"))
            seen.append(url)
        return seen

    seen = browser.run(scenario)
    assert len(seen) >= 30
