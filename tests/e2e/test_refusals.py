"""What the employer sees when the application breaks a rule: a Norwegian message in the error
summary and at the field, the page still accessible, and nothing typed lost, neither after
the error nor after coming back to the step (QUALITY.md: drafts survive errors and reloads)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ekspertbistand.cases import outbox
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.models import Case, Notice
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.money import format_kr
from ekspertbistand.domain.rates import rate_for_period
from ekspertbistand.reference.selectors import rate_table

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAVE = "Lagre og gå videre"


def _refused(b: Any, page: Any, field_id: str, message: str, name: str) -> None:
    """The step is shown again with ``message`` in the error summary, linked to the field,
    and at the field, which is marked invalid and described by the message."""
    assert page.title().startswith("Feil:")
    summary = page.locator("#feiloppsummering")
    assert "Du må rette dette før du går videre" in b.text(summary)
    link = summary.get_by_role("link", name=message)
    assert link.get_attribute("href") == f"#{field_id}"
    at_field = page.locator(f"#{field_id}-error")
    assert message in b.text(at_field)
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in field.get_attribute("aria-describedby")
    b.check(page, name)


def _values(page: Any, labels: list[str]) -> list[str]:
    return [page.get_by_label(label).input_value() for label in labels]


def test_invalid_national_id_is_refused_and_what_was_typed_survives(browser: Any, people: Any) -> None:
    case = people.filled_draft(0, upto="kontaktperson")
    step = f"/soknad/{case.public_id}/arbeidstaker/"
    typed = {"Fødselsnummer eller D-nummer (11 siffer)": "12345678901",
             "Arbeidstakerens navn": "Kari Nordmann", "Stilling": "Helsefagarbeider",
             "Stillingsprosent": "80", "Ansatt fra": "2015-08-01",
             "Arbeidsoppgaver": "Stell og pleie av beboere.", "Arbeidstid": "Dagtid 08–16"}
    message = "Fødselsnummeret er ikke gyldig. Sjekk sifrene mot ID-kortet eller lønnssystemet."

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(step)
        for label, value in typed.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("group", name="Hva slags sykefravær har arbeidstakeren hatt?").get_by_label(
            "Hyppig gjentatt sykefravær", exact=True).check()
        page.get_by_role("group", name="Er arbeidstakeren sykmeldt nå?").get_by_label(
            "Nei", exact=True).check()
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name=SAVE).click()
        assert posted.value.status == 400
        _refused(b, page, "id_employee_national_id", message, "feil-fodselsnummer")
        # Only the number is wrong, so it is the only error.
        assert page.locator("#feiloppsummering li").count() == 1

        def everything_still_there() -> None:
            assert [page.get_by_label(label, exact=True).input_value() for label in typed] == list(
                typed.values())
            assert page.get_by_label("Hyppig gjentatt sykefravær", exact=True).is_checked()
            assert page.get_by_label("Nei", exact=True).is_checked()

        everything_still_there()
        page.goto(step)  # coming back to the step: the draft kept the bad number, and says so
        everything_still_there()
        assert message in b.text(page.locator("#id_employee_national_id-error"))

        # Logging out and in again loses nothing either.
        page.get_by_role("button", name="Logg ut").click()
        page.get_by_text("Du er logget ut. Utkast er lagret.").wait_for()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        drafts = page.get_by_role("region", name="Utkast")
        drafts.get_by_role("link", name="Utkast").click()
        # The draft opens at its first unfinished step: the one with the bad number.
        page.wait_for_url(f"**/soknad/{case.public_id}/arbeidstaker/")
        everything_still_there()

    browser.run(scenario)
    case.refresh_from_db()
    assert case.answers["arbeidstaker"]["employee_national_id"] == "12345678901"
    assert case.employee_national_id == ""  # an invalid number is kept as typed, not used


def test_period_across_new_year_is_refused(browser: Any, people: Any) -> None:
    case = people.filled_draft(0, upto="ekspert")
    today = timezone.localdate()  # 20 December ahead, within the 12 months (decision 0010)
    year = today.year if today < dt.date(today.year, 12, 20) else today.year + 1
    start, end = dt.date(year, 12, 20), dt.date(year + 1, 1, 10)
    step = f"/soknad/{case.public_id}/periode/"
    message = (f"Perioden kan ikke gå over nyttår. Velg en sluttdato senest 31.12.{year}, og søk "
               "på nytt for tiden etter nyttår.")

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(step)
        page.get_by_label("Planlagt oppstart").fill(start.isoformat())
        page.get_by_label("Planlagt slutt").fill(end.isoformat())
        page.get_by_role("button", name=SAVE).click()
        _refused(b, page, "id_end_date", message, "feil-periode-over-nyttar")
        assert page.locator("#id_start_date-error").count() == 0
        labels = ["Planlagt oppstart", "Planlagt slutt"]
        assert _values(page, labels) == [start.isoformat(), end.isoformat()]
        page.goto(step)
        assert _values(page, labels) == [start.isoformat(), end.isoformat()]
        assert message in b.text(page.locator("#id_end_date-error"))

    browser.run(scenario)


def test_amount_above_the_maximum_rate_is_refused(browser: Any, people: Any) -> None:
    case = people.filled_draft(0, upto="periode")
    start = dt.date.fromisoformat(case.answers["periode"]["start_date"])
    max_rate = rate_for_period(start, tuple(rate_table()))
    shown_rate = format_kr(max_rate).replace("\u00a0", " ")
    step = f"/soknad/{case.public_id}/kostnader/"
    costs = {"Ekspertens timer": "16", "Timepris for eksperten (kr)": "1500",
             "Reise (kr)": "2000"}  # 26 000 kr in all
    applied = str(max_rate + 100)
    message = (f"Dere kan søke om høyst {shown_rate} for dette året. Kostnader over satsen må "
               "arbeidsgiveren dekke selv.")

    def scenario(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(step)
        rate_info = b.text(page.locator(".info").filter(has_text="Tilskuddet er høyst"))
        assert f"Tilskuddet er høyst {shown_rate} per år for perioden dere søker om ({start.year})" \
            in rate_info
        for label, value in costs.items():
            page.get_by_label(label).fill(value)
        page.get_by_label("Beløp dere søker om (kr)").fill(applied)
        page.get_by_role("button", name=SAVE).click()
        _refused(b, page, "id_amount_applied", message.replace("\u00a0", " "),
                 "feil-belop-over-sats")
        assert b.text(page.locator("#sum-kostnader")) == "26 000 kr"
        labels = [*costs, "Beløp dere søker om (kr)"]
        assert _values(page, labels) == [*costs.values(), applied]
        page.goto(step)
        assert _values(page, labels) == [*costs.values(), applied]

    browser.run(scenario)


def test_summary_refuses_to_submit_when_the_employee_has_declined(browser: Any, people: Any) -> None:
    case = people.filled_draft(3)
    consent.request_consent(people.hanne, case)
    outbox.run_pending()  # the employee is told there is something to answer

    def employee_declines(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Per Johansen", "Arbeidstaker")
        assert "Varsler (1 nye)" in b.text(page.get_by_role("navigation", name="Bruker"))
        page.get_by_role("link", name="Les og svar").click()
        page.get_by_role("button", name="Send svaret").click()  # no answer chosen
        assert "Velg om du samtykker eller ikke." in b.text(page.locator(".error-summary"))
        assert "Velg om du samtykker eller ikke." in b.text(page.locator("#svar-feil"))
        b.check(page, "feil-samtykke-uten-svar")
        page.get_by_label("Nei, jeg vil ikke at arbeidsgiveren søker").check()
        page.get_by_role("button", name="Send svaret").click()
        page.get_by_text("Søknaden kan ikke sendes uten samtykket ditt.").wait_for()

    def employer_tries_to_submit(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(f"/soknad/{case.public_id}/oppsummering/")
        consent_section = page.get_by_role("region", name="Arbeidstakerens samtykke")
        assert "Arbeidstakeren har takket nei" in b.text(consent_section)

        # First without confirming: asked to confirm both, at the checkboxes too.
        page.get_by_role("button", name="Send søknaden til NAV").click()
        confirm = "Bekreft begge punktene før du sender søknaden."
        assert confirm in b.text(page.locator("#feiloppsummering"))
        assert confirm in b.text(page.locator("#attest-error"))
        b.check(page, "feil-oppsummering-ikke-bekreftet")

        page.get_by_label("Jeg bekrefter at opplysningene er riktige og fullstendige.").check()
        page.get_by_label("Søknaden er fylt ut sammen med arbeidstakeren, og vi er enige om "
                          "innholdet.").check()
        page.get_by_role("button", name="Send søknaden til NAV").click()
        assert page.title().startswith("Feil:")
        summary = page.locator("#feiloppsummering")
        declined = "Arbeidstakeren har takket nei. Søknaden kan ikke sendes uten samtykke."
        assert "Søknaden kan ikke sendes ennå" in b.text(summary)
        link = summary.get_by_role("link", name=declined)
        assert link.get_attribute("href").endswith(f"/soknad/{case.public_id}/samtykke/")
        assert "Arbeidstakeren har takket nei" in b.text(
            page.get_by_role("region", name="Arbeidstakerens samtykke"))
        b.check(page, "feil-oppsummering-takket-nei")
        link.click()
        assert "Arbeidstakeren har takket nei. Søknaden kan ikke sendes uten samtykke." in b.text(
            page.locator("main"))
        b.check(page, "soknad-samtykke-takket-nei")

    browser.run(employee_declines)
    browser.run(employer_tries_to_submit)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.reference is None
    assert not Case.objects.exclude(status=CaseStatus.DRAFT).exists()
    assert Notice.objects.filter(recipient_national_id=people.per.national_id).count() == 1
