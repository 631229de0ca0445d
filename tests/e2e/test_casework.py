"""NAV's case handling in the browser: an application from an employer and an employee in
NAV Arendal's municipality lands at NAV Arendal; the case worker takes it and asks for more;
the employer answers with a PDF; the case returns to the queue. A case worker of another unit
cannot open the case. Every page checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

import factories
from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.models import Case, EmployerAccess, User
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from factories import ARENDAL_ORG, SILJE, pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "Hvilke oppgaver har hun i dag? Legg ved oppfølgingsplanen."


def test_delegated_office_takes_asks_and_gets_an_answer(browser: Any, people: Any) -> None:
    today = timezone.localdate()
    arendal = app.organisation_from_register(ARENDAL_ORG)
    lise = User.objects.create(username="lise.aasen", first_name="Lise", last_name="Aasen")
    EmployerAccess.objects.create(user=lise, organisation=arendal)
    person = DEMO_PEOPLE[SILJE]
    first, _, last = person.name.partition(" ")
    silje = User.objects.create(username="silje.andersen", first_name=first, last_name=last,
                                national_id=person.national_id)
    arne = factories.make_staff("nav.arendal", "4203")
    User.objects.filter(pk=arne.pk).update(first_name="Arne")
    draft = factories.agreed_draft(lise, silje, today, SILJE)
    pdf = pdf_bytes()

    def send_and_take(b: Any) -> str:
        employer = b.new_page()
        b.log_in(employer, "Lise Aasen", "Arbeidsgiver")
        employer.goto(f"/soknad/{draft.public_id}/oppsummering/")
        employer.get_by_label("Jeg bekrefter at opplysningene er riktige og fullstendige.").check()
        employer.get_by_label("Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige om "
                              "innholdet.").check()
        employer.get_by_role("button", name="Send søknaden til NAV").click()
        employer.get_by_role("heading", level=1, name="Søknaden er sendt til NAV").wait_for()
        reference = b.text(employer.locator("#saksnummer"))
        assert "NAV Arendal" in b.text(employer.locator("main"))

        nav = b.new_page()
        b.log_in(nav, "Arne Saksbehandler", "NAV-saksbehandler")
        nav.get_by_role("heading", level=1, name="Saker til behandling").wait_for()
        row = nav.get_by_role("row").filter(has_text=reference)
        assert "Silje Andersen" in b.text(row) and "Sendt til NAV" in b.text(row)
        assert person.national_id not in nav.content()
        b.check(nav, "nav-arbeidsko")
        row.get_by_role("link", name=reference).click()
        nav.get_by_role("heading", level=2, name="Hvorfor saken er her").wait_for()
        assert "NAV-kontor med delegert myndighet" in b.text(nav.locator("#routing-reason"))
        b.check(nav, "nav-sak-ny")
        nav.get_by_role("button", name="Ta saken").click()
        assert b.text(nav.locator("#status")) == "Under behandling"
        assert b.text(nav.locator("#assigned-to")) == "Arne Saksbehandler"
        nav.get_by_label("Be arbeidsgiveren om flere opplysninger").fill(QUESTION)
        nav.get_by_role("button", name="Send spørsmålet").click()
        assert b.text(nav.locator("#status")) == "Venter på svar fra arbeidsgiver"
        b.check(nav, "nav-sak-venter")

        employer.goto("/arbeidsgiver/")
        employer.get_by_role("link", name=reference).first.click()
        assert QUESTION in b.text(employer.locator("#open-question"))
        b.check(employer, "arbeidsgiver-sporsmal")
        employer.get_by_label("Svaret ditt til NAV").fill("Hun kjører truck 20 timer i uka.")
        employer.get_by_label("Vedlegg (valgfritt)").set_input_files(
            [{"name": "oppfolgingsplan.pdf", "mimeType": "application/pdf", "buffer": pdf}])
        employer.get_by_role("button", name="Send svaret til NAV").click()
        employer.get_by_text("Svaret er sendt til NAV.").wait_for()
        assert b.text(employer.locator("#status")) == "Under behandling"
        b.check(employer, "arbeidsgiver-svart")

        nav.goto("/nav/?status=in_progress")
        row = nav.get_by_role("row").filter(has_text=reference)
        assert "Under behandling" in b.text(row) and "Deg" in b.text(row)
        row.get_by_role("link", name=reference).click()
        assert "Hun kjører truck 20 timer i uka." in b.text(nav.locator("main"))
        with nav.expect_download() as download:
            nav.get_by_role("link", name="oppfolgingsplan.pdf").click()
        assert download.value.suggested_filename == "oppfolgingsplan.pdf"
        b.check(nav, "nav-sak-svar")

        # On a 390 px phone neither the queue, the case page nor the employer's page scrolls
        # sideways (issue 11 point 20).
        for page, path in ((nav, "/nav/?status=all"), (nav, nav.url), (employer, employer.url)):
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(path)
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
        return reference

    reference = browser.run(send_and_take)
    case = Case.objects.get(reference=reference)
    assert case.routed_unit.name == "NAV Arendal" and case.status == "under_assessment"
    assert case.information_requests.get().attachments.count() == 1

    def refused(b: Any) -> None:
        aud = b.new_page()  # NAV Arbeidslivssenter Agder: not the handling unit
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        assert reference not in b.text(aud.locator("main"))
        response = aud.goto(f"/nav/saker/{case.public_id}/")
        assert response.status == 404
        b.check(aud, "nav-annen-enhet-404")

    browser.run(refused)
