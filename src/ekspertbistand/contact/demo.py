"""Demo data for talking to NAV, made through the real actions (called by cases/demo.py)."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases.actions import contact
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.models import Case, Organisation, UnitMembership, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.contact.models import TalkRequest


def load_contact_demo(today: dt.date) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[
        "hanne.lunde", "siri.vik", "geir.moen", "trond.aas", "nav.agder", "nav.vikafossen",
        "ola.hansen"])}
    org = {o.orgnr: o for o in Organisation.objects.all()}

    # Siri (Bergen) has asked for a talk: a new request in Vera's queue in Vestland.
    contact.request_talk(users["siri.vik"], org["910825496"], today=today,
                         description="En renholder har hatt mye fravær det siste året. Vi har "
                                     "tilrettelagt, men lurer på om ekspertbistand kan hjelpe.",
                         availability="Onsdager og torsdager før kl. 14, gjerne video.")

    # Hanne (Fjordlys) has talked with Aud: she can start the application from the record.
    talk = contact.request_talk(users["hanne.lunde"], org["910825526"], today=today,
                                description="En sykepleier er ofte sykmeldt. Vi vil vite om "
                                            "ekspertbistand passer før vi søker.",
                                availability="Mandag eller tirsdag formiddag.")
    contact.take_talk(users["nav.agder"], talk)
    message_actions.send_talk_message(users["nav.agder"], Role.CASEWORKER, talk,
                                      "Hei! Passer det med et videomøte tirsdag kl. 10?")
    message_actions.send_talk_message(users["hanne.lunde"], Role.EMPLOYER, talk,
                                      "Det passer fint. Vi ses da.")
    contact.record_talk(users["nav.agder"], talk, {
        "talk_date": today - dt.timedelta(days=2), "nav_participant": "Aud Saksbehandler",
        "employer_participants": "Hanne Lunde (HR) og avdelingsleder",
        "outcome": TalkRequest.Outcome.RELEVANT,
        "outcome_note": "Tiltak på arbeidsplassen og Oppfølging er prøvd. Søk når dere har "
                        "valgt ekspert."})

    # Geir's case for Ola Hansen: a question and the handling unit's answer; Ola's own thread.
    ola_case = Case.objects.filter(organisation__orgnr="910825518",
                                   employee_name="Ola Hansen").first()
    handler = (UnitMembership.objects.filter(unit_id=ola_case.routed_unit_id)
               .select_related("user").order_by("id").first() if ola_case else None)
    if ola_case is not None and handler is not None:
        message_actions.send_case_message(users["geir.moen"], Role.EMPLOYER, ola_case,
                                          "employer", "Hei! Når kan vi vente svar på søknaden?")
        message_actions.send_case_message(handler.user, Role.CASEWORKER, ola_case,
                                          "employer", "Hei, Geir. Vi ser på søknaden denne "
                                                      "uken og svarer innen ti dager.")
        if "ola.hansen" in users:
            message_actions.send_case_message(users["ola.hansen"], Role.EMPLOYEE, ola_case,
                                              "employee", "Kan jeg få en samtale med NAV uten "
                                                          "at arbeidsgiveren er med?")

    # Trond's kode 6 case at NAV Vikafossen: the employer sees the answer as from «NAV».
    lena_case = Case.objects.filter(organisation__orgnr="910825453").exclude(
        routed_unit=None).first()
    if lena_case is not None:
        message_actions.send_case_message(users["nav.vikafossen"], Role.CASEWORKER, lena_case,
                                          "employer", "Vi har mottatt søknaden og tar kontakt "
                                                      "hvis vi trenger mer informasjon.")
