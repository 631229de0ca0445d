"""Realistic people, organisations and drafts for tests, made through the real actions."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.cases.models import EmployerAccess, UnitMembership, User
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE

FJORDLYS = "910825526"  # Kristiansand, Agder
NORDLYS = "910825518"  # Bodø, Nordland
KARI, LENA = 0, 8  # indexes into DEMO_PEOPLE; Lena has kode 6
ARENDAL_ORG = "910825402"  # Arendal Havnelogistikk AS, Arendal (NAV Arendal, delegated)
SILJE, MORTEN = 12, 13  # live in Arendal, and in Grimstad (the neighbour municipality)


def make_employer(username: str, *orgnrs: str) -> User:
    user = User.objects.create(username=username, first_name=username.title())
    for orgnr in orgnrs:
        EmployerAccess.objects.create(user=user, organisation=app.organisation_from_register(orgnr))
    return user


def make_person(index: int) -> User:
    person = DEMO_PEOPLE[index]
    return User.objects.get_or_create(username=f"person{index}", defaults={
        "first_name": person.name, "national_id": person.national_id})[0]


def login(client: Client, user: User, role: str) -> Client:
    client.force_login(user)
    session = client.session
    session["role"] = role
    session.save()
    return client


def filled_draft(employer: User, today: dt.date, person: int = KARI, upto: str | None = None,
                 **overrides):
    """A draft with the steps answered validly, as the browser would post them: every step,
    or those up to and including ``upto``."""
    case = app.create_draft(employer, employer.employer_access.first().organisation)
    for slug, data in answers_for(person, today, **overrides).items():
        errors = app.save_step(employer, case, slug, data)
        assert errors == {} or overrides, (slug, errors)
        if slug == upto:
            break
    case.refresh_from_db()
    return case


def agreed_draft(employer: User, employee: User, today: dt.date, person: int = KARI):
    case = filled_draft(employer, today, person)
    consent.respond_to_consent(employee, consent.request_consent(employer, case), agree=True)
    case.refresh_from_db()
    return case


def submitted_case(employer: User, employee: User, today: dt.date, person: int = KARI):
    return app.submit_application(employer, agreed_draft(employer, employee, today, person),
                                  attested=True)


def make_staff(username: str, unit_number: str, role: str = "caseworker") -> User:
    """A NAV employee in the unit with that number, as case worker or decider."""
    from ekspertbistand.reference.models import NavUnit

    return make_nav(username, NavUnit.objects.get(number=unit_number), role,
                    last_name="Saksbehandler")


def pdf_bytes() -> bytes:
    """A small PDF that parses (what an employer attaches)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_nav(username: str, unit, role: str = "caseworker", **fields) -> User:
    """A NAV employee in ``unit`` (a NavUnit), as case worker or decider."""
    user = User.objects.get_or_create(username=username, defaults={
        "first_name": username.title(), "last_name": "NAV", **fields})[0]
    UnitMembership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def take_case(case, caseworker: User):
    """«Ta saken»: SUBMITTED → UNDER_ASSESSMENT, as the work queue does it."""
    from ekspertbistand.cases.actions import handling

    return handling.take_case(caseworker, case)


def taken_case(employer: User, employee: User, today: dt.date, caseworker: User,
               person: int = KARI):
    return take_case(submitted_case(employer, employee, today, person), caseworker)


def assess_all_met(caseworker: User, case) -> None:
    from ekspertbistand.cases.actions import decision
    from ekspertbistand.domain.assessment import CONDITIONS, Verdict

    errors = decision.save_assessment(caseworker, case, {
        c.key: (Verdict.MET, "") for c in CONDITIONS})
    assert errors == {}


def granted_case(employer: User, employee: User, today: dt.date, person: int = KARI):
    """A case granted in two steps in NAV Arbeidslivssenter Agder (the grant names Eva Solberg,
    Arbeidshelse Sør AS)."""
    from ekspertbistand.cases.actions import decision
    from ekspertbistand.reference.selectors import worklife_centre_for

    agder = worklife_centre_for("4204", today)
    caseworker = make_nav("aud", agder)
    decider = make_nav("bente", agder, "decider", first_name="Bente", last_name="Beslutter")
    case = taken_case(employer, employee, today, caseworker, person)
    assess_all_met(caseworker, case)
    decision.propose_decision(caseworker, case, outcome="grant", amount_kr=case.amount_applied,
                              period_start=case.period_start, period_end=case.period_end)
    decision.approve_decision(decider, case, confirm_over_budget=True)
    case.refresh_from_db()
    return case


def make_expert(username: str, name: str = "Eva Solberg", orgnr: str = "910825445",
                email: str = "eva@arbeidshelse.example"):
    """A registered expert who logs in (the grant's expert by default)."""
    from ekspertbistand.cases.models import Expert

    first, _, last = name.partition(" ")
    user = User.objects.create(username=username, first_name=first, last_name=last, email=email)
    Expert.objects.create(user=user, name=name, company="Arbeidshelse Sør AS", orgnr=orgnr,
                          education="Psykolog med autorisasjon")
    return user
