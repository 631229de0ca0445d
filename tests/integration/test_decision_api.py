"""/api/v1 for NAV staff: assessment, proposal, approval and return, decisions, grants,
letters and the budget, behind the same actions and permissions as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from ekspertbistand.domain.assessment import CONDITIONS
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import login, make_nav, taken_case

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def setup(employer, employee, today):
    agder = worklife_centre_for("4204", today)
    aud = make_nav("aud", agder)
    bente = make_nav("bente", agder, "decider")
    case = taken_case(employer, employee, today, aud)
    return case, login(Client(), aud, "caseworker"), login(Client(), bente, "caseworker"), agder


def grant_body(case, **kw):
    return {"outcome": "grant", "amount_kr": case.amount_applied,
            "period_start": str(case.period_start), "period_end": str(case.period_end), **kw}


def test_assess_propose_approve_grant_letter_and_budget(setup, employer):
    case, aud, bente, agder = setup
    base = f"{API}/nav/cases/{case.public_id}"
    conditions = aud.get(f"{base}/assessment").json()
    assert {c["key"] for c in conditions} == {c.key for c in CONDITIONS}
    refused = aud.put(f"{base}/assessment", {"conditions": {
        "not_treatment": {"verdict": "not_met"}}}, content_type=JSON)
    assert refused.status_code == 422 and "not_treatment" in refused.json()["errors"]["body"]
    response = aud.put(f"{base}/assessment", {"conditions": {
        c.key: {"verdict": "met"} for c in CONDITIONS}}, content_type=JSON)
    assert response.status_code == 200
    too_much = aud.post(f"{base}/proposal", grant_body(case, amount_kr=30_000), content_type=JSON)
    assert too_much.status_code == 422 and "amount_kr" in too_much.json()["errors"]["body"]
    proposed = aud.post(f"{base}/proposal", grant_body(case), content_type=JSON)
    assert proposed.status_code == 201 and proposed.json()["case_status"] == "awaiting_decision"
    own = aud.post(f"{base}/proposal/approve", {}, content_type=JSON)
    assert own.status_code == 403
    bente.put(f"{API}/nav/budget/{case.period_start.year}",
              {"unit": agder.number, "amount_kr": 1000}, content_type=JSON)
    over = bente.post(f"{base}/proposal/approve", {}, content_type=JSON)
    assert over.status_code == 409 and over.json()["over_budget"] is True
    approved = bente.post(f"{base}/proposal/approve", {"confirm_over_budget": True},
                          content_type=JSON)
    assert approved.status_code == 200 and approved.json()["case_status"] == "granted"
    again = bente.post(f"{base}/proposal/approve", {"confirm_over_budget": True},
                       content_type=JSON)
    assert again.status_code == 409 and "Innvilget" in again.json()["detail"]
    grants = aud.get(f"{base}/grants").json()
    assert len(grants) == 1 and grants[0]["account_number"] == "86011117947"
    number = grants[0]["number"]
    pdf = aud.get(grants[0]["letter_url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    employer_pdf = login(Client(), employer, "employer").get(
        f"{API}/cases/{case.public_id}/letters/grant_letter/{number}")
    assert employer_pdf.status_code == 200
    budget = {line["unit"]: line for line in bente.get(
        f"{API}/nav/budget/{case.period_start.year}").json()}
    assert budget[agder.number]["committed_kr"] == case.amount_applied
    assert budget[agder.number]["remaining_kr"] == 1000 - case.amount_applied
    changed = bente.post(f"{base}/grants/{number}/change", {
        "amount_kr": 10_000, "period_start": str(case.period_start),
        "period_end": str(case.period_end), "reason": "Færre timer."}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["replaces"] == number
    cancelled = bente.post(f"{base}/grants/{changed.json()['number']}/cancel",
                           {"reason": "Sluttet."}, content_type=JSON)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert bente.get(f"{API}/nav/budget/{case.period_start.year}").json()[0][
        "committed_kr"] == 0


def test_other_units_and_employers_get_404_and_employers_403(setup, caseworker_nordland,
                                                             employer):
    case, _aud, _bente, _agder = setup
    base = f"{API}/nav/cases/{case.public_id}"
    nils = login(Client(), caseworker_nordland, "caseworker")
    assert nils.get(f"{base}/assessment").status_code == 404
    assert nils.post(f"{base}/proposal", grant_body(case), content_type=JSON).status_code == 404
    hanne = login(Client(), employer, "employer")
    assert hanne.get(f"{base}/grants").status_code == 403


def test_openapi_lists_the_nav_endpoints(setup):
    import json

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys  # Swagger UI refuses duplicated keys
        return dict(pairs)

    _case, aud, _bente, _agder = setup
    paths = json.loads(aud.get(f"{API}/openapi.json").content,
                       object_pairs_hook=no_duplicates)["paths"]
    for path in ("/api/v1/nav/cases/{case_id}/assessment", "/api/v1/nav/cases/{case_id}/proposal",
                 "/api/v1/nav/cases/{case_id}/proposal/approve",
                 "/api/v1/nav/cases/{case_id}/grants/{number}/cancel",
                 "/api/v1/nav/budget/{year}"):
        assert path in paths
