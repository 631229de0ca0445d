"""The NAV case page's assessment and decision sections, the budget page and the employer's
letter, through the pages (Django test client)."""

from __future__ import annotations

import pytest
from django.test import Client

from ekspertbistand.cases.models import Grant
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.domain.assessment import CONDITIONS
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import login, make_nav, taken_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(employer, employee, today):
    agder = worklife_centre_for("4204", today)
    aud = make_nav("aud", agder)
    bente = make_nav("bente", agder, "decider")
    case = taken_case(employer, employee, today, aud)
    return case, aud, bente


def test_assessment_proposal_approval_and_employer_letter(setup, employer, employee):
    case, aud, bente = setup
    nav = login(Client(), aud, "caseworker")
    page = nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Vurdering av vilkårene" in page and "Bistanden er ikke behandling" in page
    assert "Lettere oppgaver og kortere vakter" in page  # the application's answer beside it
    posted = {f"verdict_{c.key}": "met" for c in CONDITIONS}
    posted["verdict_not_treatment"] = "not_met"
    nav.post(f"/nav/saker/{case.public_id}/vurdering/", posted)
    page = nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Skriv hvorfor vilkåret ikke er oppfylt" in page
    posted["verdict_not_treatment"] = "met"
    nav.post(f"/nav/saker/{case.public_id}/vurdering/", posted)
    # A typo in the amount keeps what was typed and names the field.
    nav.post(f"/nav/saker/{case.public_id}/forslag/", {
        "outcome": "grant", "amount_kr": "20 000", "period_start": str(case.period_start),
        "period_end": str(case.period_end), "lowered_reason": "Lavere timepris"})
    page = nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Skriv beløpet i hele kroner" in page and "Lavere timepris" in page
    nav.post(f"/nav/saker/{case.public_id}/forslag/", {
        "outcome": "grant", "amount_kr": "20000", "period_start": str(case.period_start),
        "period_end": str(case.period_end), "lowered_reason": "Lavere timepris"})
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION
    decider = login(Client(), bente, "caseworker")
    assert "Godkjenn og fatt vedtak" in decider.get(f"/nav/saker/{case.public_id}/").content.decode()
    decider.post(f"/nav/saker/{case.public_id}/godkjenn/", {})
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    run_pending()
    grant = Grant.objects.get(case=case)
    employer_client = login(Client(), employer, "employer")
    page = employer_client.get(f"/saker/{case.public_id}/").content.decode()
    assert "NAV innvilget søknaden" in page and grant.number in page
    response = employer_client.get(f"/saker/{case.public_id}/brev/grant_letter/{grant.number}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader
    root = PdfReader(BytesIO(response.content)).trailer["/Root"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # tagged for screen readers
    employee_page = login(Client(), employee, "employee").get(
        f"/saker/{case.public_id}/").content.decode()
    assert "NAV innvilget søknaden" in employee_page and "tilsagnsbrev" not in employee_page
    budget = decider.get(f"/nav/budsjett/?ar={grant.period_start.year}").content.decode()
    assert "20\u00a0000\u00a0kr" in budget


def test_other_unit_and_other_employer_cannot_reach_decisions_or_letters(
        setup, other_employer, caseworker_nordland):
    case, aud, bente = setup
    nils = login(Client(), caseworker_nordland, "caseworker")
    assert nils.post(f"/nav/saker/{case.public_id}/forslag/", {"outcome": "reject"}
                     ).status_code == 404
    assert nils.get(f"/nav/saker/{case.public_id}/brev/grant_letter/x/").status_code == 404
    geir = login(Client(), other_employer, "employer")
    assert geir.get(f"/saker/{case.public_id}/brev/grant_letter/x/").status_code == 404


def test_a_rejection_needs_no_amount_and_names_the_failed_condition(setup):
    case, aud, _bente = setup
    nav = login(Client(), aud, "caseworker")
    posted = {f"verdict_{c.key}": "met" for c in CONDITIONS}
    posted.update(verdict_not_treatment="not_met", comment_not_treatment="Fysioterapi.")
    nav.post(f"/nav/saker/{case.public_id}/vurdering/", posted)
    nav.post(f"/nav/saker/{case.public_id}/forslag/", {
        "outcome": "reject", "amount_kr": "", "period_start": "", "period_end": "",
        "reason": "Bistanden er behandling."})
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION
    assert case.decisions.get().failed_conditions == ["not_treatment"]
    # A grant without an amount names the field.
    other = {"outcome": "grant", "amount_kr": "", "period_start": "", "period_end": ""}
    from ekspertbistand.casework.decision_forms import DecisionForm
    form = DecisionForm(other)
    assert not form.is_valid() and "amount_kr" in form.errors


def test_only_letters_that_were_written_can_be_downloaded(setup, employer):
    from ekspertbistand.cases.actions import decision
    from factories import assess_all_met

    case, aud, bente = setup
    assess_all_met(aud, case)
    decision.propose_decision(aud, case, outcome="grant", amount_kr=case.amount_applied,
                              period_start=case.period_start, period_end=case.period_end)
    decision.approve_decision(bente, case)
    number = Grant.objects.get(case=case).number
    hanne = login(Client(), employer, "employer")
    base = f"/saker/{case.public_id}/brev"
    assert hanne.get(f"{base}/grant_letter/{number}/").status_code == 200
    for path in (f"grant_cancel_letter/{number}", f"grant_change_letter/{number}",
                 "rejection_letter/1", "rejection_letter/x", "grant_letter/2026-999999-01",
                 "unknown/1"):
        assert hanne.get(f"{base}/{path}/").status_code == 404, path
