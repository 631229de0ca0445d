"""The second half of a case in the browser: the employer invites the expert, the expert
accepts, records the phases, writes the report with a diagnosis the privacy check flags and
removes it, the employee approves, employer and NAV read it, the follow-up is answered and the
case closes (DOMAIN §3.8, §4, §7). Refused: another expert opening the assignment, the
employer reading the expert's notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

import factories
from ekspertbistand.assignments.models import Assignment, Report
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.domain.case_status import CaseStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = "Eget notat: spør om søvnrytme neste gang"


def test_granted_case_to_closure_through_the_report(browser: Any, people: Any) -> None:
    today = timezone.localdate()
    case = factories.granted_case(people.hanne, people.kari, today)
    factories.make_expert("eva")
    factories.make_expert("ola", name="Ola Hansen", orgnr="910825446", email="ola@x.example")
    case_path = f"/saker/{case.public_id}/"
    due = (today + dt.timedelta(days=30)).isoformat()
    state: dict[str, Any] = {}

    def invite_accept_and_write(b: Any) -> None:
        hanne = b.new_page()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.goto(case_path)
        hanne.get_by_role("heading", name="Eksperten, rapporten og oppfølgingen").wait_for()
        b.check(hanne, "oppdrag-inviter")
        hanne.get_by_role("button", name="Inviter eksperten").click()
        hanne.get_by_text("Eksperten er invitert.").wait_for()
        eva = b.new_page()
        b.log_in(eva, "Eva Solberg", "Ekspert")
        eva.get_by_role("link", name=case.reference).click()
        b.check(eva, "oppdrag-invitasjon")
        eva.get_by_role("button", name="Aksepter oppdraget").click()
        eva.get_by_text("Du har akseptert oppdraget.").wait_for()
        state["url"] = eva.url
        start = eva.locator("section", has=eva.get_by_role("heading", name="Oppstartsmøte"))
        start.get_by_label("Dato").fill(today.isoformat())
        start.get_by_label("Deltakere").fill("Arbeidstaker, nærmeste leder, ekspert")
        start.get_by_label("Målet dere ble enige om").fill("Tilbake i egen stilling innen mai")
        start.get_by_label("Rollene (hvem gjør hva)").fill("Leder tilrettelegger vaktene")
        start.get_by_label("Forventningene").fill("Åpenhet om hva som fungerer")
        for who in ("Arbeidsgiveren", "Arbeidstakeren", "Eksperten (du)"):
            start.get_by_label(who).check()
        start.get_by_role("button", name="Lagre Oppstartsmøte").click()
        eva.get_by_text("Fasen er registrert.").wait_for()
        for heading in ("Kartlegging og veiledning", "Arbeidsplassvurdering", "Avslutningsmøte"):
            phase = eva.locator("section", has=eva.get_by_role("heading", name=heading))
            phase.get_by_label("Dato").fill(today.isoformat())
            phase.get_by_label("Deltakere").fill("Arbeidstaker, ekspert")
            phase.get_by_role("button", name=f"Lagre {heading}").click()
            eva.get_by_text("Fasen er registrert.").wait_for()
        eva.get_by_label("Nytt notat").fill(NOTE)
        eva.get_by_role("button", name="Lagre notatet").click()
        eva.get_by_text("Notatet er lagret. Bare du ser det.").wait_for()
        b.check(eva, "oppdrag-arbeidsrom")
        eva.get_by_role("link", name="Skriv rapporten").click()
        eva.get_by_label("Oppdraget").fill("Målet var at arbeidstakeren kommer tilbake i egen "
                                           "stilling.")
        eva.get_by_label("Hva er gjort").fill("Oppstartsmøte, to samtaler, "
                                              "arbeidsplassvurdering og avslutningsmøte.")
        eva.get_by_label("Årsaker til fraværet, slik de gjelder arbeidet").fill(
            "Har depresjon og trenger forutsigbare vakter og færre tunge løft.")
        eva.get_by_label("Tilbake i egen stilling med tilrettelegging").check()
        rows = [("employee", "Gradvis opptrapping til full stilling", "Arbeidstakeren"),
                ("employer", "Faste dagvakter i tre måneder", "Nærmeste leder")]
        for index, (party, what, who) in enumerate(rows):
            eva.locator(f"#id_tiltak-{index}-party").select_option(party)
            eva.locator(f"#id_tiltak-{index}-description").fill(what)
            eva.locator(f"#id_tiltak-{index}-responsible").fill(who)
            eva.locator(f"#id_tiltak-{index}-due").fill(due)
        eva.get_by_role("button", name="Kontroller og send til arbeidstakeren").click()
        eva.get_by_role("heading", name="Personvernkontrollen").wait_for()
        assert "Hvorfor det er en risiko:" in b.text(eva.locator("#personvern"))
        b.check(eva, "rapport-personvern")
        eva.get_by_label("Fjern «depresjon» fra teksten").check()
        eva.get_by_role("button", name="Kontroller og send til arbeidstakeren").click()
        eva.get_by_text("Rapporten er sendt til arbeidstakeren").wait_for()
        ola = b.new_page()
        b.log_in(ola, "Ola Hansen", "Ekspert")
        assert ola.goto(state["url"]).status == 404
        # The employer is sent to their own home, without the expert's notes.
        hanne.goto(state["url"])
        assert "/ekspert/oppdrag/" not in hanne.url and NOTE not in hanne.content()

    browser.run(invite_accept_and_write)
    run_pending()
    assert Assignment.objects.get(case=case).state == Assignment.State.ACCEPTED
    assert "depresjon" not in Report.objects.get(assignment__case=case).content["causes"]

    def employee_then_employer_and_nav(b: Any) -> None:
        kari = b.new_page()
        b.log_in(kari, "Kari Nordmann", "Arbeidstaker")
        kari.goto(f"{case_path}rapport/")
        b.check(kari, "rapport-arbeidstaker")
        kari.get_by_label("Jeg har lest rapporten og godkjenner at den sendes").check()
        kari.get_by_role("button", name="Send svaret").click()
        kari.get_by_text("Takk. Rapporten er sendt til arbeidsgiveren og NAV.").wait_for()
        hanne = b.new_page()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.goto(case_path)
        hanne.get_by_role("link", name="Les rapporten fra eksperten").click()
        assert "Faste dagvakter" in b.text(hanne.locator("main"))
        assert "depresjon" not in b.text(hanne.locator("main"))
        assert NOTE not in hanne.content()
        b.check(hanne, "rapport-arbeidsgiver")
        aud = b.new_page()
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        aud.goto(f"/nav/saker/{case.public_id}/")
        aud.get_by_role("link", name="Les rapporten fra eksperten (NAVs kopi)").click()
        assert "Faste dagvakter" in b.text(aud.locator("main"))
        assert NOTE not in aud.content()
        b.check(aud, "rapport-nav")

    browser.run(employee_then_employer_and_nav)
    report = Report.objects.get(assignment__case=case)
    Report.objects.filter(pk=report.pk).update(
        released_at=report.released_at - dt.timedelta(days=100))

    def follow_up(b: Any) -> None:
        hanne = b.new_page()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.goto(case_path)
        hanne.get_by_role("link", name="Svar på oppfølgingen").click()
        hanne.get_by_role("button", name="Send svarene").click()
        hanne.get_by_role("alert").filter(has_text="Resultat: velg").wait_for()
        b.check(hanne, "oppfolging-feil")
        hanne.get_by_label("Arbeidsgiveren: Faste dagvakter i tre måneder").check()
        hanne.get_by_label("Tilbake i samme stilling").check()
        hanne.get_by_label("Ja", exact=True).check()
        hanne.get_by_role("button", name="Send svarene").click()
        hanne.get_by_text("Takk for svarene.").wait_for()
        b.check(hanne, "sak-avsluttet")

    browser.run(follow_up)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
