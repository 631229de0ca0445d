"""The pre-application talk with NAV (DOMAIN §3.2: NAV is contacted before the application;
evaluation §7.1.1: direct contact with the Arbeidslivssenter inside the service).

The employer asks, the covering unit takes the request and records the talk (date, who, the
outcome), and the application's NAV-contact step is filled from the record and linked to it,
so the case worker can check the condition instead of trusting free text (decision 0030).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case, ConsentRequest, Organisation, User
from ekspertbistand.cases.permissions import NotAllowed, Role, require_employer_access
from ekspertbistand.contact.models import ConsentComment, TalkRequest, Thread
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.reference.selectors import covering_units, worklife_centre_for

# Where the answers the talk fills in are kept in ``Case.answers`` (beside the steps).
PREFILL_KEY = "nav_talk"
NAV_CONTACT_STEP = "bht-og-nav"


def talk_unit_for(organisation: Organisation, on: dt.date) -> NavUnit:
    """The NAV unit that holds the pre-application talk with ``organisation``.

    The delegated office covering the employer's municipality when that office decides
    cases itself (DOMAIN §3.9); otherwise the Arbeidslivssenter covering the municipality.
    No employee is known yet, so the residence criterion of case routing cannot apply here.
    The one place this is decided; NAV's routing rules may replace it (decision 0030).
    """
    if organisation.municipality is None:
        raise NotAllowed(_("Vi vet ikke hvilken kommune virksomheten er registrert i, og "
                           "finner derfor ikke NAV-enheten. Kontakt NAV Arbeidslivssenter "
                           "på telefon."))
    number = organisation.municipality.number
    try:
        offices = [u for u in covering_units(number, on)
                   if u.kind == NavUnit.Kind.NAV_OFFICE and u.delegated_authority
                   and not u.recommends_only]
        return offices[0] if offices else worklife_centre_for(number, on)
    except LookupError as error:
        raise NotAllowed(_("Vi fant ikke NAV-enheten for virksomheten (%(error)s). Kontakt "
                           "NAV Arbeidslivssenter på telefon.") % {"error": error}) from error


def request_talk(actor: User, organisation: Organisation, *, description: str,
                 availability: str, today: dt.date | None = None) -> TalkRequest:
    """Send the employer's request for a talk to the unit covering its municipality."""
    require_employer_access(actor, organisation)
    unit = talk_unit_for(organisation, today or timezone.localdate())
    with transaction.atomic():
        talk = TalkRequest.objects.create(organisation=organisation, requested_by=actor,
                                          unit=unit, description=description,
                                          availability=availability)
        Thread.objects.create(kind=Thread.Kind.TALK, talk=talk)
        audit.record("talk_requested", actor=actor, role=Role.EMPLOYER, talk=str(talk.public_id),
                     unit=unit.number)
    return talk


def _lock_for_unit(actor: User, talk: TalkRequest) -> TalkRequest:
    locked = TalkRequest.objects.select_for_update().get(pk=talk.pk)
    if not actor.unit_memberships.filter(unit_id=locked.unit_id).exists():
        raise NotAllowed(_("Forespørselen er sendt til en annen NAV-enhet."))
    return locked


def take_talk(actor: User, talk: TalkRequest) -> TalkRequest:
    """A case worker of the unit takes the request. Two taking at once: the first wins."""
    with transaction.atomic():
        talk = _lock_for_unit(actor, talk)
        if talk.assigned_to_id == actor.pk:
            return talk
        if talk.assigned_to_id is not None:
            raise NotAllowed(_("%(name)s har allerede tatt forespørselen.")
                             % {"name": talk.assigned_to.display_name()})  # type: ignore[union-attr]
        talk.assigned_to = actor
        talk.taken_at = timezone.now()
        if talk.status == TalkRequest.Status.NEW:
            talk.status = TalkRequest.Status.TAKEN
        talk.save()
        audit.record("talk_taken", actor=actor, role=Role.CASEWORKER, talk=str(talk.public_id))
    return talk


def record_talk(actor: User, talk: TalkRequest, values: dict[str, Any]) -> TalkRequest:
    """Record the talk (``RecordTalkForm``'s cleaned values). Recording again corrects it."""
    with transaction.atomic():
        talk = _lock_for_unit(actor, talk)
        if talk.assigned_to_id not in (None, actor.pk):
            raise NotAllowed(_("%(name)s har tatt forespørselen. Bare den som har tatt den, kan "
                               "skrive ned samtalen.")
                             % {"name": talk.assigned_to.display_name()})  # type: ignore[union-attr]
        for field in ("talk_date", "nav_participant", "employer_participants", "outcome",
                      "outcome_note"):
            setattr(talk, field, values[field])
        corrected = talk.status == TalkRequest.Status.RECORDED
        talk.assigned_to = actor
        talk.taken_at = talk.taken_at or timezone.now()
        talk.status = TalkRequest.Status.RECORDED
        talk.recorded_by, talk.recorded_at = actor, timezone.now()
        talk.save()
        audit.record("talk_recorded", actor=actor, role=Role.CASEWORKER,
                     talk=str(talk.public_id), outcome=talk.outcome, corrected=corrected)
        outbox.enqueue("notify_talk_recorded", f"{talk.pk}:{talk.recorded_at.isoformat()}",
                       talk_id=talk.pk)
    return talk


def _prefill(talk: TalkRequest) -> dict[str, str]:
    unit = talk.unit.name
    who = f"{talk.nav_participant}, {unit}" if unit not in talk.nav_participant else (
        talk.nav_participant)
    return {"talk": str(talk.public_id), "nav_contact_name": who[:200],
            "nav_contact_date": talk.talk_date.isoformat() if talk.talk_date else ""}


def link_talk(actor: User, case: Case, talk: TalkRequest) -> Case:
    """Name the recorded ``talk`` as the draft's contact with NAV and fill the NAV-contact step
    from it. What the employer already typed in that step is kept unless it is empty."""
    with transaction.atomic():
        case = app_actions.lock_draft(actor, case)
        talk = (TalkRequest.objects.select_for_update(of=("self",)).select_related("unit", "case")
                .get(pk=talk.pk))
        if talk.organisation_id != case.organisation_id:
            raise NotAllowed(_("Samtalen gjelder en annen virksomhet enn søknaden."))
        if not talk.recorded:
            raise NotAllowed(_("NAV har ikke skrevet ned samtalen ennå. Vent til samtalen er "
                               "holdt, eller skriv inn kontakten med NAV selv."))
        used_by = talk.case
        if used_by is not None and used_by.pk != case.pk and used_by.status not in (
                CaseStatus.DRAFT, CaseStatus.DELETED):
            raise NotAllowed(_("Samtalen er allerede brukt i søknaden %(reference)s. Be om en ny "
                               "samtale, eller skriv inn kontakten med NAV selv.")
                             % {"reference": used_by.reference})
        TalkRequest.objects.filter(case=case).exclude(pk=talk.pk).update(case=None)
        talk.case = case
        talk.save(update_fields=["case"])
        prefill = _prefill(talk)
        step = dict(case.answers.get(NAV_CONTACT_STEP) or {})
        if step:  # a saved step: the talk replaces the NAV contact, nothing else
            step.update({k: v for k, v in prefill.items() if k != "talk"})
        answers = {**case.answers, PREFILL_KEY: prefill}
        if step:
            answers[NAV_CONTACT_STEP] = step
        case.answers = answers
        case.updated_at = timezone.now()
        case.save()
        audit.record("talk_linked", actor=actor, role=Role.EMPLOYER, case=case,
                     talk=str(talk.public_id))
    return case


def unlink_talk(actor: User, case: Case) -> Case:
    """The employer names another contact with NAV instead: the link goes, what was typed in
    the step stays for the employer to change."""
    with transaction.atomic():
        case = app_actions.lock_draft(actor, case)
        TalkRequest.objects.filter(case=case).update(case=None)
        if PREFILL_KEY in case.answers:
            case.answers = {k: v for k, v in case.answers.items() if k != PREFILL_KEY}
            case.updated_at = timezone.now()
            case.save()
        audit.record("talk_unlinked", actor=actor, role=Role.EMPLOYER, case=case)
    return case


def comment_on_consent(actor: User, request: ConsentRequest, body: str, *,
                       confirmed: bool = False) -> ConsentComment:
    """The employee answers «Noe stemmer ikke»: a comment to the employer about what the
    application says, instead of agreeing or declining (decision 0034). The request stays open
    so the employee can still agree or decline, and the employer can correct and ask again."""
    from ekspertbistand.cases.actions.messages import check_text

    if not actor.national_id or actor.national_id != request.employee_national_id:
        raise NotAllowed(_("Bare arbeidstakeren søknaden gjelder kan svare."))
    body = check_text(body, confirmed)
    if len(body) > 1000:
        raise NotAllowed(_("Kommentaren kan ha høyst 1000 tegn."))
    with transaction.atomic():
        request = ConsentRequest.objects.select_for_update().select_related("case").get(
            pk=request.pk)
        if not request.active or request.case.status != CaseStatus.DRAFT:
            raise NotAllowed(_("Forespørselen gjelder ikke lenger. Arbeidsgiveren har endret "
                               "søknaden eller sendt den."))
        comment = ConsentComment.objects.create(consent_request=request, author=actor, body=body)
        audit.record("consent_commented", actor=actor, role=Role.EMPLOYEE, case=request.case,
                     public=True, comment=comment.pk)
        outbox.enqueue("notify_consent_comment", str(comment.pk), comment_id=comment.pk)
    return comment
