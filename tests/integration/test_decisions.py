"""Assessment, two-step decisions, grants, letters and the budget (DOMAIN §3.5–§3.9, §8)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import budget, decision, grants
from ekspertbistand.cases.models import AuditEvent, Document, Grant, Notice, OutboxTask
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.domain.assessment import Verdict
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import assess_all_met, make_nav, taken_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def agder(today):
    return worklife_centre_for("4204", today)


@pytest.fixture
def aud(agder):
    return make_nav("aud", agder)


@pytest.fixture
def bente(agder):
    return make_nav("bente", agder, "decider", first_name="Bente", last_name="Beslutter")


@pytest.fixture
def case(employer, employee, today, aud):
    return taken_case(employer, employee, today, aud)


def proposal(case, actor, **kw):
    args = {"outcome": "grant", "amount_kr": case.amount_applied,
            "period_start": case.period_start, "period_end": case.period_end}
    return decision.propose_decision(actor, case, **{**args, **kw})


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split())


def test_grant_needs_every_condition_met(case, aud):
    with pytest.raises(decision.DecisionInvalid) as raised:
        proposal(case, aud)
    assert "conditions" in raised.value.errors


def test_not_met_needs_a_comment_but_keeps_what_was_typed(case, aud):
    errors = decision.save_assessment(aud, case, {"not_treatment": (Verdict.NOT_MET, ""),
                                                  "employment": (Verdict.MET, "Fast ansatt")})
    assert "not_treatment" in errors
    assert ds.verdicts(case) == {"not_treatment": Verdict.NOT_MET, "employment": Verdict.MET}


def test_two_step_grant_letter_archived_once_and_employer_notified(case, aud, bente, employer):
    assess_all_met(aud, case)
    proposal(case, aud, amount_kr=20_000, lowered_reason="Timeprisen er høy.")
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION
    decision.approve_decision(bente, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED
    grant = Grant.objects.get(case=case)
    assert grant.amount_kr == 20_000 and grant.account_number == "86011117947"
    assert grant.caseworker == aud and grant.decider == bente
    run_pending()
    run_pending()
    letter = Document.objects.get(case=case, kind="grant_letter")
    text = pdf_text(bytes(letter.content))
    for expected in ("opptil 20", "Frist for å kreve refusjon", "faller tilsagnet bort",
                     "fakturaen", "lavere", "etterpå", "Rapporten må også sendes til NAV",
                     "kontrollere", "8601.11.17947", "Aud NAV", "Bente Beslutter",
                     "offentleglova § 13", grant.number):
        assert expected in text, expected
    assert bytes(letter.content)[:8].startswith(b"%PDF-")
    root = PdfReader(BytesIO(bytes(letter.content))).trailer["/Root"]
    assert b'pdfaid:part="2"' in root["/Metadata"].get_object().get_data()  # PDF/A-2b
    assert "/OutputIntents" in root
    assert OutboxTask.objects.filter(kind="archive_letter").count() == 1
    assert Notice.objects.filter(recipient=employer, case=case,
                                 subject__contains="innvilget").exists()
    assert Notice.objects.filter(recipient_national_id=case.employee_national_id,
                                 subject__contains="innvilget").exists()


def test_nobody_approves_their_own_proposal(case, bente):
    assess_all_met(bente, case)
    proposal(case, bente)
    with pytest.raises(NotAllowed, match="eget forslag"):
        decision.approve_decision(bente, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION


def test_a_case_worker_cannot_approve(case, aud, agder):
    other = make_nav("ola", agder)
    assess_all_met(aud, case)
    proposal(case, aud)
    with pytest.raises(NotAllowed, match="beslutter"):
        decision.approve_decision(other, case)


def test_return_with_comment_goes_back_to_assessment(case, aud, bente):
    assess_all_met(aud, case)
    proposal(case, aud)
    with pytest.raises(decision.DecisionInvalid):
        decision.return_proposal(bente, case, comment=" ")
    decision.return_proposal(bente, case, comment="Sjekk BHT-avtalen.")
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_ASSESSMENT
    assert ds.returned_proposals(case)[0].return_comment == "Sjekk BHT-avtalen."
    proposal(case, aud)  # a new proposal is possible


def test_one_step_unit_decider_decides_directly_two_step_refuses(case, bente, agder):
    assess_all_met(bente, case)
    with pytest.raises(NotAllowed, match="to trinn"):
        decision.decide(bente, case, outcome="grant", amount_kr=case.amount_applied,
                        period_start=case.period_start, period_end=case.period_end)
    agder.two_step_decisions = False
    agder.save()
    case.routed_unit.refresh_from_db()
    decision.decide(bente, case, outcome="grant", amount_kr=case.amount_applied,
                    period_start=case.period_start, period_end=case.period_end)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED


def test_rejection_letter_names_failed_conditions_and_appeal(case, aud, bente):
    assess_all_met(aud, case)
    decision.save_assessment(aud, case, {"not_treatment": (
        Verdict.NOT_MET, "Planen beskriver fysioterapi, som er behandling.")})
    with pytest.raises(decision.DecisionInvalid) as raised:
        proposal(case, aud, outcome="reject")
    assert "reason" in raised.value.errors
    proposal(case, aud, outcome="reject", reason="Bistanden er behandling.")
    decision.approve_decision(bente, case)
    run_pending()
    letter = Document.objects.get(case=case, kind="rejection_letter")
    text = pdf_text(bytes(letter.content))
    for expected in ("avslått", "Bistanden er ikke behandling", "fysioterapi",
                     "forskrift 29. august 2019 nr. 1105", "6 uker", "klage"):
        assert expected in text, expected




def test_budget_frame_warns_and_decider_confirms(case, aud, bente, agder, today):
    year = case.period_start.year
    budget.set_frame(bente, year, agder, 10_000)
    assess_all_met(aud, case)
    proposal(case, aud)
    with pytest.raises(decision.OverBudget, match="overskrides"):
        decision.approve_decision(bente, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION
    decision.approve_decision(bente, case, confirm_over_budget=True)
    use = ds.budget_use(year, agder)
    assert use.committed_kr == case.amount_applied and use.remaining_kr == 10_000 - case.amount_applied


def test_change_and_cancel_grant_adjust_budget_and_write_letters(case, aud, bente, agder):
    assess_all_met(aud, case)
    proposal(case, aud)
    decision.approve_decision(bente, case)
    grant = Grant.objects.get(case=case)
    year = grant.period_start.year
    with pytest.raises(grants.GrantInvalid):
        grants.change_grant(bente, grant, period_start=grant.period_start,
                            period_end=grant.period_end, amount_kr=grant.amount_kr + 1, reason="x")
    new = grants.change_grant(bente, grant, period_start=grant.period_start,
                              period_end=grant.period_end, amount_kr=15_000,
                              reason="Færre timer trengs.")
    grant.refresh_from_db()
    assert grant.state == Grant.State.REPLACED and new.replaces == grant
    assert ds.budget_use(year, agder).committed_kr == 15_000
    grants.cancel_grant(bente, new, reason="Arbeidstakeren har sluttet.")
    assert ds.budget_use(year, agder).committed_kr == 0
    with pytest.raises(NotAllowed):
        grants.cancel_grant(bente, new, reason="igjen")
    run_pending()
    kinds = sorted(Document.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["application_receipt", "grant_cancel_letter", "grant_change_letter",
                     "grant_letter"]


def test_kode_7_archived_letter_has_no_identity_employer_copy_no_protection(
        db, today, other_employer):
    from ekspertbistand.cases.actions.application import submit_application
    from ekspertbistand.documents.letters import letter_html
    from factories import agreed_draft, make_person, take_case

    anders = make_person(7)  # kode 7
    case = submit_application(other_employer, agreed_draft(other_employer, anders, today, 7),
                              attested=True)
    caseworker = make_nav("nils", case.routed_unit)
    decider = make_nav("nora", ds.deciding_unit(case), "decider")
    case = take_case(case, caseworker)
    assess_all_met(caseworker, case)
    proposal(case, caseworker)
    decision.approve_decision(decider, case)
    grant = Grant.objects.get(case=case)
    archived = letter_html(case, "grant_letter", grant.number, audience="archive")
    employer_copy = letter_html(case, "grant_letter", grant.number, audience="employer")
    assert "Anders" not in archived and anders.national_id not in archived
    assert "Anders Nilsen" in employer_copy
    for revealing in ("Skjermet", "adressebeskyttelse", "fortrolig", "Vikafossen"):
        assert revealing not in employer_copy


def test_missing_account_is_a_clear_stop(case, aud, monkeypatch):
    from ekspertbistand.integrations import kontoregister

    monkeypatch.setattr(kontoregister, "DEMO_ACCOUNTS", {})
    assess_all_met(aud, case)
    with pytest.raises(decision.DecisionInvalid) as raised:
        proposal(case, aud)
    assert "kontonummer" in raised.value.errors["account"][0]


def test_kode_6_letters_name_nav_not_the_protection_unit(db, today, employer,
                                                          caseworker_vikafossen):
    from ekspertbistand.documents.letters import letter_html
    from factories import LENA, make_person

    unit = caseworker_vikafossen.unit_memberships.get().unit
    decider = make_nav("viggo", unit, "decider")
    lena = make_person(LENA)
    case = taken_case(employer, lena, today, caseworker_vikafossen, person=LENA)
    assert case.routed_unit == unit
    assess_all_met(caseworker_vikafossen, case)
    proposal(case, caseworker_vikafossen)
    decision.approve_decision(decider, case)
    run_pending()
    grant = Grant.objects.get(case=case)
    archived = pdf_text(bytes(Document.objects.get(case=case, kind="grant_letter").content))
    employer_copy = letter_html(case, "grant_letter", grant.number, audience="employer")
    assert "Lena" not in archived and lena.national_id not in archived
    assert "Lena Strand" in employer_copy
    for text in (archived, employer_copy):
        assert unit.name not in text and "Vikafossen" not in text and "Skjermet" not in text


def test_expired_grants_release_the_budget_once(case, aud, bente, agder):
    assess_all_met(aud, case)
    proposal(case, aud)
    decision.approve_decision(bente, case)
    grant = Grant.objects.get(case=case)
    year = grant.period_start.year
    day_after = grant.refund_deadline + dt.timedelta(days=1)
    assert grants.expire_overdue_grants(grant.refund_deadline) == 0  # the deadline day itself
    assert grants.expire_overdue_grants(day_after) == 1
    assert grants.expire_overdue_grants(day_after) == 0
    assert ds.budget_use(year, agder).committed_kr == 0
    assert AuditEvent.objects.filter(case=case, action="grant_expired", public=True).count() == 1


def test_demo_data_has_deciders_frames_and_decisions(db):
    from ekspertbistand.cases.demo import load_demo_data
    from ekspertbistand.cases.models import BudgetFrame, Case, UnitMembership
    from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE

    assert load_demo_data()
    assert UnitMembership.objects.filter(role="decider", user__username__in=(
        "nav.beslutter.1", "nav.beslutter.2")).count() == 2
    assert BudgetFrame.objects.filter(unit=None, amount_kr=50_000_000).exists()
    kari, ola = (Case.objects.get(employee_national_id=DEMO_PEOPLE[i].national_id,
                                  routed_unit__isnull=False) for i in (0, 1))
    assert kari.status == CaseStatus.AWAITING_DECISION
    assert ola.status == CaseStatus.GRANTED and ola.grants.count() == 1


def test_budget_overview_matches_budget_use_and_admin_sets_frames(case, aud, bente, agder, today):
    from django.test import Client

    from ekspertbistand.cases.models import BudgetFrame, User

    assess_all_met(aud, case)
    proposal(case, aud)
    decision.approve_decision(bente, case)
    year = case.period_start.year
    admin = User.objects.create(username="ada", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session["role"] = "admin"
    session.save()
    assert client.get("/admin/cases/budgetframe/add/").status_code == 200
    client.post("/admin/cases/budgetframe/add/", {"year": year, "unit": "", "amount_kr": 50_000_000})
    assert BudgetFrame.objects.get(year=year, unit=None).set_by == admin
    lines = {line.unit: line for line in ds.budget_overview(year, today)}
    assert lines[None].use == ds.budget_use(year, None)
    assert lines[agder].use == ds.budget_use(year, agder)
    assert lines[agder].use.committed_kr == case.amount_applied
    assert lines[None].use.remaining_kr == 50_000_000 - case.amount_applied
    with pytest.raises(NotAllowed):
        budget.set_frame(aud, year, agder, 1)  # a case worker cannot set frames


def test_budget_overview_costs_the_same_whatever_the_number_of_grants(
        case, aud, bente, agder, today, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    year = case.period_start.year
    with CaptureQueriesContext(connection) as before:
        ds.budget_overview(year, today)
    assess_all_met(aud, case)
    proposal(case, aud)
    decision.approve_decision(bente, case)
    with django_assert_num_queries(len(before.captured_queries)):
        ds.budget_overview(year, today)


def test_account_register_down_stops_the_proposal_with_a_message(case, aud, monkeypatch):
    from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable
    from ekspertbistand.integrations.kontoregister import FakeKontoregister

    def down(self, orgnr):
        raise RegisterUnavailable("timeout")

    monkeypatch.setattr(FakeKontoregister, "account_for", down)
    assess_all_met(aud, case)
    with pytest.raises(NotAllowed, match="Kontoregisteret svarer ikke"):
        proposal(case, aud)
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_ASSESSMENT
