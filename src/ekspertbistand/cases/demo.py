"""Realistic demo data: organisations of different sectors and sizes in different counties,
their employees, experts, NAV staff and cases in every state that exists so far.

Cases are made through the same actions a user would trigger, so they obey every rule.
Dates are relative to today, so the demo stays valid whenever it is loaded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from ekspertbistand.cases import demo_decisions
from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent, handling, information
from ekspertbistand.cases.models import EmployerAccess, Expert, Organisation, UnitMembership, User
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.experts import demo as experts_demo
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from ekspertbistand.reference.models import NavUnit

EMPLOYERS = [
    # username, first, last, organisation numbers
    ("hanne.lunde", "Hanne", "Lunde", ["910825526", "910825488"]),
    ("geir.moen", "Geir", "Moen", ["910825518"]),
    ("siri.vik", "Siri", "Vik", ["910825496"]),
    ("trond.aas", "Trond", "Aas", ["910825453", "910825461"]),
    # In the municipalities of the NAV offices with delegated authority (decision 0025).
    ("lise.aasen", "Lise", "Aasen", ["910825402", "910825410", "910825429"]),
    ("kjetil.strand", "Kjetil", "Strand", ["910825534", "910825542", "910825550", "910825569"]),
]
EXPERTS = [
    ("eva.ekspert", "Eva", "Solberg", "Arbeidshelse Sør AS", "910825445",
     ["work_psychology", "coaching"], "Psykolog med autorisasjon"),
    ("bjorn.ekspert", "Bjørn", "Rønning", "Ergo Nord AS", "910825437",
     ["ergonomics_physio", "workplace_adaptation"], "Fysioterapeut med autorisasjon"),
]
# NAV staff: username, first, last, unit numbers (from reference data), role
NAV_STAFF = [
    ("nav.agder", "Aud", "Saksbehandler", "ALS", "42", UnitMembership.Role.CASEWORKER),
    ("nav.nordland", "Nils", "Saksbehandler", "ALS", "18", UnitMembership.Role.CASEWORKER),
    ("nav.vestland", "Vera", "Saksbehandler", "ALS", "46", UnitMembership.Role.CASEWORKER),
    ("nav.innlandet", "Ivar", "Saksbehandler", "ALS", "34", UnitMembership.Role.CASEWORKER),
    ("nav.vikafossen", "Vidar", "Saksbehandler", "VIKAFOSSEN", "", UnitMembership.Role.CASEWORKER),
]
# Case workers and deciders at the offices with delegated authority, and deciders at the
# worklife centres above them: unit number, case worker's first name, decider's first name.
OFFICE_STAFF = [
    ("4203", "Arne", "Astrid"),     # NAV Arendal
    ("4206", "Liv", "Leif"),        # NAV Lister
    ("4216", "Berit", "Bendik"),    # NAV Birkenes
    ("3105", "Sander", "Signe"),    # NAV Sarpsborg (requires prior contact)
    ("3216", "Vegard", "Vilde"),    # NAV Vestby (requires prior contact)
    ("3224", "Rune", "Randi"),      # NAV Rælingen (requires prior contact)
    ("3205", "Lill", "Lars"),       # NAV Lillestrøm (requires prior contact)
    ("1804", "Bodil", ""),          # NAV Bodø (recommends; NAV Arbeidslivssenter Nordland decides)
    ("1091", "", "Agnes"),          # NAV Arbeidslivssenter Agder
    ("1891", "", "Nina"),           # NAV Arbeidslivssenter Nordland
    ("3191", "Øystein", "Øyvor"),   # NAV Arbeidslivssenter Østfold
    ("3291", "Åse", "Ånund"),       # NAV Arbeidslivssenter Akershus
]


def _worklife_centre(county_number: str) -> NavUnit:
    today = timezone.localdate()
    return (NavUnit.objects.filter(
        kind=NavUnit.Kind.WORKLIFE_CENTRE, coverage__municipality__county__number=county_number,
        coverage__valid_from__lte=today).exclude(coverage__valid_to__lt=today).distinct().get())


def answers_for(person_index: int, today: dt.date, **overrides: Any) -> dict[str, dict[str, Any]]:
    """A complete, valid application for the demo person, as a browser would post it."""
    person = DEMO_PEOPLE[person_index]
    start = today + dt.timedelta(days=7)
    end = min(start + dt.timedelta(days=60), dt.date(start.year, 12, 31))
    answers: dict[str, dict[str, Any]] = {
        "kontaktperson": {"contact_name": "Hanne Lunde", "contact_phone": "91234567",
                          "contact_email": "hanne.lunde@example.no"},
        "arbeidstaker": {"employee_national_id": person.national_id,
                         "employee_name": person.name, "sick_leave_pattern": "long",
                         "on_sick_leave_now": "yes", "sick_leave_percent": "50",
                         "position_title": "Helsefagarbeider",
                         "work_tasks": "Stell og pleie av beboere, medisinutdeling og "
                                       "dokumentasjon.",
                         "working_hours": "Turnus, dag og kveld, hver tredje helg",
                         "position_percent": "80", "employed_since": "2015-08-01"},
        "tiltak": {"in_house_measures": ["adapted_tasks", "adapted_hours"],
                   "in_house_description": "Lettere oppgaver og kortere vakter i tre måneder. "
                                           "Det hjalp en stund, men fraværet kom tilbake.",
                   "scheme_oppfolging": "tried", "scheme_oppfolging_note": "",
                   "scheme_avklaring": "considered",
                   "scheme_avklaring_note": "Vurdert med NAV-veileder; for omfattende nå.",
                   "scheme_arbeidsrettet_rehabilitering": "considered",
                   "scheme_arbeidsrettet_rehabilitering_note":
                       "Ikke aktuelt mens personen er i delvis arbeid."},
        "bht-og-nav": {"has_bht": "yes",
                       "outside_bht_reason": "BHT-avtalen dekker ikke individuell kartlegging over tid.",
                       "nav_contact_name": "Aud Saksbehandler, NAV Arbeidslivssenter",
                       "nav_contact_date": (today - dt.timedelta(days=10)).isoformat()},
        "behov": {"goals": ["clarify_work_capacity", "return_same_position"],
                  "need_description": "Finne ut hvilke oppgaver og hvilken turnus som fungerer, "
                                      "og lage en plan for å øke stillingen igjen."},
        "ekspert": {"expert_name": "Eva Solberg", "expert_company": "Arbeidshelse Sør AS",
                    "expert_orgnr": "910825445", "expert_competence": ["work_psychology"],
                    "expert_education": "Psykolog med autorisasjon",
                    "planned_assistance": "Oppstartsmøte, tre kartleggingssamtaler, besøk på "
                                          "arbeidsplassen, avslutningsmøte og rapport."},
        "periode": {"start_date": start.isoformat(), "end_date": end.isoformat()},
        "kostnader": {"expert_hours": "12", "expert_hourly_rate": "1400",
                      "preparation_hours": "2", "preparation_hourly_rate": "1400",
                      "report_hours": "3", "report_hourly_rate": "1400",
                      "travel_kr": "1200", "food_and_lodging_kr": "",
                      "amount_applied": "22000"},
    }
    for key, value in overrides.items():
        answers[key] = {**answers[key], **value}
    return answers


def _fill(actor: User, case: Any, answers: dict[str, dict[str, Any]], upto: str | None = None) -> None:
    answers["kontaktperson"] = {**answers["kontaktperson"], "contact_name": actor.get_full_name(),
                                "contact_email": f"{actor.username}@example.no"}
    for slug, data in answers.items():
        app.save_step(actor, case, slug, data)
        case.refresh_from_db()
        if slug == upto:
            return


def _office_staff() -> None:
    for number, caseworker, decider in OFFICE_STAFF:
        unit = NavUnit.objects.get(number=number)
        slug = unit.name.removeprefix("NAV ").removeprefix("Arbeidslivssenter ").lower()
        slug = slug.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace(" ", "-")
        for first, last, role, suffix in (
                (caseworker, "Saksbehandler", UnitMembership.Role.CASEWORKER, ""),
                (decider, "Beslutter", UnitMembership.Role.DECIDER, ".beslutter")):
            if not first:
                continue
            prefix = "nav.als." if unit.kind == NavUnit.Kind.WORKLIFE_CENTRE else "nav."
            user = User.objects.create(username=f"{prefix}{slug}{suffix}", first_name=first,
                                       last_name=last, nav_ident=f"Z99{number}")
            UnitMembership.objects.create(user=user, unit=unit, role=role)


def _contact(office: str) -> dict[str, dict[str, str]]:
    """The application names the office the employer spoke with (decision 0025)."""
    return {"bht-og-nav": {"nav_contact_name": f"Saksbehandler, NAV {office}"}}


@transaction.atomic
def load_demo_data() -> bool:
    if User.objects.filter(username="nav.admin").exists():
        return False
    today = timezone.localdate()
    admin = User.objects.create(username="nav.admin", first_name="Ada", last_name="Administrator",
                                is_staff=True, is_superuser=True)
    employers: dict[str, User] = {}
    for username, first, last, orgnrs in EMPLOYERS:
        user = User.objects.create(username=username, first_name=first, last_name=last)
        for orgnr in orgnrs:
            EmployerAccess.objects.create(user=user, organisation=app.organisation_from_register(orgnr))
        employers[username] = user
    for person in DEMO_PEOPLE:
        first, _, last = person.name.partition(" ")
        User.objects.create(username=person.name.lower().replace(" ", "."), first_name=first,
                            last_name=last, national_id=person.national_id)
    for username, first, last, company, orgnr, areas, education in EXPERTS:
        user = User.objects.create(username=username, first_name=first, last_name=last)
        Expert.objects.create(user=user, name=f"{first} {last}", company=company, orgnr=orgnr,
                              competence_areas=areas, education=education)
    experts_demo.load_register(admin)
    for username, first, last, kind, county, role in NAV_STAFF:
        user = User.objects.create(username=username, first_name=first, last_name=last,
                                   nav_ident=f"Z{990000 + len(username)}")
        unit = (NavUnit.objects.get(kind=NavUnit.Kind.ADDRESS_PROTECTION) if kind == "VIKAFOSSEN"
                else _worklife_centre(county))
        UnitMembership.objects.create(user=user, unit=unit, role=role)
    _office_staff()

    hanne, geir, siri, trond = (employers[u] for u in ("hanne.lunde", "geir.moen", "siri.vik", "trond.aas"))
    org = {o.orgnr: o for o in Organisation.objects.all()}
    employee = {p.national_id: User.objects.get(national_id=p.national_id) for p in DEMO_PEOPLE}

    def submitted(actor: User, orgnr: str, person_index: int, **overrides: Any) -> Any:
        case = app.create_draft(actor, org[orgnr])
        _fill(actor, case, answers_for(person_index, today, **overrides))
        request = consent.request_consent(actor, case)
        consent.respond_to_consent(employee[DEMO_PEOPLE[person_index].national_id], request, True)
        return app.submit_application(actor, case, attested=True)

    # Submitted cases in four units (Agder, Nordland, Vestland, and Vikafossen for kode 6).
    submitted(hanne, "910825526", 0)
    submitted(geir, "910825518", 1, arbeidstaker={"position_title": "Sjåfør",
                                 "work_tasks": "Kjører varebil på faste ruter, laster og losser.",
                                 "position_percent": "100"})
    submitted(siri, "910825496", 2, arbeidstaker={"position_title": "Renholder",
                                 "work_tasks": "Renhold av skoler og kontorbygg, tidlig morgen."})
    submitted(trond, "910825453", 8, arbeidstaker={"position_title": "Barnehagelærer",
                                 "work_tasks": "Pedagogisk leder for en avdeling med 18 barn."})  # kode 6
    submitted(geir, "910825518", 7, arbeidstaker={"position_title": "Lagerarbeider",
                                 "work_tasks": "Plukk og pakking på lager, truckkjøring."})  # kode 7
    withdrawn = submitted(siri, "910825496", 9, arbeidstaker={"position_title": "Renholder",
                                 "work_tasks": "Renhold av skoler og kontorbygg, tidlig morgen."})
    app.withdraw_application(siri, withdrawn, "Arbeidstakeren er tilbake i full jobb.")

    # Every routing branch at the offices with delegated authority (decision 0025).
    lise, kjetil = employers["lise.aasen"], employers["kjetil.strand"]
    arendal = submitted(lise, "910825402", 12)  # same municipality → NAV Arendal
    submitted(lise, "910825402", 13)  # employee in Grimstad → NAV Arbeidslivssenter Agder
    submitted(lise, "910825410", 14)  # Farsund → NAV Lister
    submitted(lise, "910825429", 15)  # Birkenes → NAV Birkenes
    submitted(kjetil, "910825534", 16, **_contact("Sarpsborg"))  # → NAV Sarpsborg
    submitted(kjetil, "910825534", 17)  # no contact with the office → Arbeidslivssenter Østfold
    submitted(kjetil, "910825534", 18, **_contact("Sarpsborg"))  # Fredrikstad → Østfold
    submitted(kjetil, "910825542", 19, **_contact("Vestby"))  # → NAV Vestby
    submitted(kjetil, "910825550", 20, **_contact("Rælingen"))  # → NAV Rælingen
    submitted(kjetil, "910825569", 21, **_contact("Lillestrøm"))  # → NAV Lillestrøm
    submitted(kjetil, "910825569", 22, **_contact("Lillestrøm"))  # Lørenskog → Akershus
    submitted(geir, "910825518", 23, arbeidstaker={"position_title": "Sjåfør"})  # Fauske
    # NAV Arendal has taken Silje Andersen's case and asked the employer for more.
    arne = User.objects.get(username="nav.arendal")
    handling.take_case(arne, arendal)
    information.request_information(
        arne, arendal, "Hvilke oppgaver har Silje i dag, og hvor mange timer i uka jobber hun? "
                       "Legg gjerne ved en oppdatert oppfølgingsplan uten helseopplysninger.")

    # Drafts: just started; employee step done; waiting for consent; declined; ready to send.
    case = app.create_draft(hanne, org["910825488"], confirmed=True)
    _fill(hanne, case, answers_for(3, today), upto="kontaktperson")
    case = app.create_draft(hanne, org["910825526"], confirmed=True)
    _fill(hanne, case, answers_for(6, today), upto="arbeidstaker")
    case = app.create_draft(trond, org["910825461"])
    _fill(trond, case, answers_for(4, today))
    consent.request_consent(trond, case)
    case = app.create_draft(siri, org["910825496"])
    _fill(siri, case, answers_for(11, today))
    consent.respond_to_consent(employee[DEMO_PEOPLE[11].national_id],
                               consent.request_consent(siri, case), False)
    case = app.create_draft(hanne, org["910825488"])
    _fill(hanne, case, answers_for(3, today, arbeidstaker={"position_title": "Snekker",
                                 "work_tasks": "Produksjon av trapper og innredning i verkstedet."}))
    consent.respond_to_consent(employee[DEMO_PEOPLE[3].national_id],
                               consent.request_consent(hanne, case), True)
    # Agreed to, then the employer changed the expert: the employee must be asked again.
    case = app.create_draft(geir, org["910825518"], confirmed=True)
    _fill(geir, case, answers_for(10, today, arbeidstaker={
        "position_title": "Disponent", "work_tasks": "Planlegger ruter og følger opp sjåførene."}))
    consent.respond_to_consent(employee[DEMO_PEOPLE[10].national_id],
                               consent.request_consent(geir, case), True)
    case.refresh_from_db()
    app.save_step(geir, case, "ekspert", {**case.answers["ekspert"], "expert_name": "Bjørn Rønning",
                                          "expert_company": "Ergo Nord AS",
                                          "expert_orgnr": "910825437"})
    demo_decisions.load(today)
    from ekspertbistand.assignments import demo as assignments_demo

    assignments_demo.load(today)

    from ekspertbistand.refunds import demo as demo_refunds

    demo_refunds.load(today)
    from ekspertbistand.contact.demo import load_contact_demo
    load_contact_demo(today)
    transaction.on_commit(run_pending)
    return True
