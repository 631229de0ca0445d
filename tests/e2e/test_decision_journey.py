"""The way from a taken case to a grant the employer can read, in the browser: the case
worker assesses and proposes, a second person approves, the employer downloads the grant
letter, a self-approval is refused and the budget shows the commitment (DOMAIN §3.5–§3.9)."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

import factories
from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.domain.assessment import CONDITIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_assess_propose_approve_and_the_employer_reads_the_grant_letter(
        browser: Any, people: Any) -> None:
    today = timezone.localdate()
    agder = people.aud.unit_memberships.get().unit
    # Aud is case worker and decider in a small unit; Bente is the second decider.
    UnitMembership.objects.create(user=people.aud, unit=agder, role=UnitMembership.Role.DECIDER)
    bente = User.objects.create(username="nav.agder.beslutter", first_name="Bente",
                                last_name="Beslutter")
    UnitMembership.objects.create(user=bente, unit=agder, role=UnitMembership.Role.DECIDER)
    case = factories.taken_case(people.hanne, people.kari, today, people.aud)
    path = f"/nav/saker/{case.public_id}/"
    year = case.period_start.year
    state: dict[str, Any] = {}

    def scenario(b: Any) -> None:
        aud = b.new_page()
        b.log_in(aud, "Aud Saksbehandler", "NAV-saksbehandler")
        aud.goto(path)
        aud.get_by_role("heading", name="Vurdering av vilkårene").wait_for()
        assert "Lettere oppgaver og kortere vakter" in b.text(aud.locator("#vurdering"))
        b.check(aud, "nav-vurdering")
        # Granting before the assessment is refused with the reason.
        aud.get_by_label("Innvilge").check()
        aud.get_by_role("button", name="Send forslag til beslutter").click()
        aud.get_by_role("alert").filter(has_text="Alle vilkårene må være vurdert").wait_for()
        b.check(aud, "nav-vedtak-feil")
        for condition in CONDITIONS:
            aud.locator(f"#verdict_{condition.key}_met").check()
        aud.get_by_role("button", name="Lagre vurderingen").click()
        aud.get_by_text("Vurderingen er lagret.").wait_for()
        aud.get_by_label("Innvilge").check()
        aud.get_by_role("button", name="Send forslag til beslutter").click()
        aud.get_by_text("Forslaget er sendt til beslutter.").wait_for()
        assert "Du har laget forslaget. En annen beslutter må godkjenne det." in b.text(
            aud.locator("#vedtak"))
        assert aud.get_by_role("button", name="Godkjenn og fatt vedtak").count() == 0
        b.check(aud, "nav-forslag")
        # Approving one's own proposal is refused even when posted directly.
        csrf = next(c["value"] for c in aud.context.cookies() if c["name"] == "csrftoken")
        refused = aud.request.post(f"{path}godkjenn/", headers={
            "X-CSRFToken": csrf, "Referer": b.base_url + path})
        assert "Du kan ikke godkjenne ditt eget forslag" in refused.text()

        bente_page = b.new_page()
        b.log_in(bente_page, "Bente Beslutter", "NAV-saksbehandler")
        bente_page.goto(path)
        assert "Innvilgelse" in b.text(bente_page.locator("#forslag-utfall"))
        b.check(bente_page, "nav-til-beslutning")
        bente_page.get_by_role("button", name="Godkjenn og fatt vedtak").click()
        bente_page.get_by_text("Forslaget er godkjent og vedtaket fattet.").wait_for()
        assert "Innvilget" in b.text(bente_page.locator("main"))
        b.check(bente_page, "nav-innvilget")

        hanne = b.new_page()
        b.log_in(hanne, "Hanne Lunde", "Arbeidsgiver")
        hanne.goto(f"/saker/{case.public_id}/")
        assert "NAV innvilget søknaden" in b.text(hanne.locator("#vedtak"))
        b.check(hanne, "arbeidsgiver-vedtak")
        link = hanne.get_by_role("link", name=re.compile("Last ned tilsagnsbrev"))
        letter = hanne.request.get(link.get_attribute("href"))
        assert letter.status == 200 and letter.body().startswith(b"%PDF")
        state["letter"] = letter.body()

        bente_page.goto(f"/nav/budsjett/?ar={year}")
        row = bente_page.get_by_role("row", name=re.compile("NAV Arbeidslivssenter Agder"))
        state["budget_row"] = b.text(row)
        b.check(bente_page, "nav-budsjett")

    browser.run(scenario)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(state["letter"])).pages)
                    .split()).replace("\u00a0", " ")
    grant = case.grants.get()
    for expected in ("opptil 22 000 kr", grant.number, f"{grant.refund_deadline:%d.%m.%Y}",
                     "faller tilsagnet bort", "8601.11.17947", "Aud Saksbehandler",
                     "Bente Beslutter", "Kari Nordmann", "offentleglova § 13"):
        assert expected in text, expected
    assert "22 000 kr" in state["budget_row"]
