"""The expert's assignment: the employer invites the grant's expert, the expert accepts or
declines, and records the phases of the work and their own notes (DOMAIN §7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.assignments.models import Assignment, ExpertNote, Phase
from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.models import Case, Expert, Grant, User
from ekspertbistand.cases.permissions import NotAllowed, Role, require_employer_access
from ekspertbistand.domain.case_status import CaseStatus

MIN_REASON = 10
START_MEETING_PARTIES = ("employer", "employee", "expert")


class AssignmentInvalid(ValueError):
    """What must be fixed, per field (Norwegian messages)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def active_grant(case: Case) -> Grant | None:
    return case.grants.filter(state=Grant.State.ACTIVE).order_by("-running_number").first()


def matching_expert(grant: Grant) -> Expert | None:
    """The registered expert the grant names: same organisation number and name."""
    candidates = Expert.objects.filter(orgnr=grant.expert_orgnr, user__isnull=False)
    named = [e for e in candidates if e.name.strip().casefold() == grant.expert_name.strip().casefold()]
    return named[0] if len(named) == 1 else None


def require_expert_of(actor: User, assignment: Assignment) -> Expert:
    """The acting expert, when the assignment is theirs (by registration or invited e-mail)."""
    expert = Expert.objects.filter(user=actor).first()
    if expert is None or not (
        assignment.expert_id == expert.pk
        or (assignment.expert_id is None and actor.email
            and assignment.invited_email.casefold() == actor.email.casefold())):
        raise NotAllowed(_("Oppdraget er ikke ditt."))
    return expert


def invite_expert(actor: User, case: Case, *, email: str = "") -> Assignment:
    """Invite the grant's expert: the registered expert it names, or by e-mail to one who is
    not registered yet (they register, then see the invitation under «Mine oppdrag»)."""
    require_employer_access(actor, case.organisation)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.GRANTED:
            raise NotAllowed(_("Du kan invitere eksperten når søknaden er innvilget."))
        grant = active_grant(case)
        if grant is None:
            raise NotAllowed(_("Saken har ikke noe gjeldende tilsagn."))
        if case.assignments.exclude(state=Assignment.State.DECLINED).exists():
            raise NotAllowed(_("Eksperten er allerede invitert."))
        expert = matching_expert(grant)
        email = email.strip()
        if expert is None:
            try:
                validate_email(email)
            except ValidationError:
                raise AssignmentInvalid({"email": _(
                    "E-post: %(name)s er ikke registrert i ekspertregisteret. Skriv e-postadressen "
                    "til eksperten, for eksempel navn@firma.no, så sender vi invitasjonen dit.")
                    % {"name": grant.expert_name}}) from None
        assignment = Assignment.objects.create(
            case=case, grant=grant, expert=expert,
            invited_email="" if expert else email.casefold(), invited_by=actor)
        audit.record("expert_invited", actor=actor, role=Role.EMPLOYER, case=case, public=True)
        outbox.enqueue("notify_expert_invited", str(assignment.pk), assignment_id=assignment.pk)
    return assignment


def _lock(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)


def accept(actor: User, assignment: Assignment) -> Assignment:
    expert = require_expert_of(actor, assignment)
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.state != Assignment.State.INVITED:
            raise NotAllowed(_("Invitasjonen er allerede besvart."))
        assignment.state, assignment.expert = Assignment.State.ACCEPTED, expert
        assignment.answered_at = timezone.now()
        assignment.save(update_fields=["state", "expert", "answered_at"])
        audit.record("expert_accepted", actor=actor, role=Role.EXPERT, case=assignment.case,
                     public=True)
    return assignment


def decline(actor: User, assignment: Assignment, *, reason: str) -> Assignment:
    expert = require_expert_of(actor, assignment)
    if len(reason.strip()) < MIN_REASON:
        raise AssignmentInvalid({"reason": _(
            "Begrunnelse: skriv hvorfor du takker nei (minst %(n)d tegn), så arbeidsgiveren kan "
            "finne en annen ekspert.") % {"n": MIN_REASON}})
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.state != Assignment.State.INVITED:
            raise NotAllowed(_("Invitasjonen er allerede besvart."))
        assignment.state, assignment.expert = Assignment.State.DECLINED, expert
        assignment.answered_at, assignment.decline_reason = timezone.now(), reason.strip()
        assignment.save(update_fields=["state", "expert", "answered_at", "decline_reason"])
        audit.record("expert_declined", actor=actor, role=Role.EXPERT, case=assignment.case,
                     public=True)
    return assignment


def _require_accepted(actor: User, assignment: Assignment) -> None:
    require_expert_of(actor, assignment)
    if assignment.state != Assignment.State.ACCEPTED:
        raise NotAllowed(_("Du må akseptere oppdraget først."))


def save_phase(actor: User, assignment: Assignment, *, kind: str, held_on: dt.date | None,
               participants: str, summary: str = "", goal: str = "", roles: str = "",
               expectations: str = "", agreed_by: list[str] | None = None,
               today: dt.date | None = None) -> Phase:
    """Record (or correct) one phase. The start meeting records what employer, employee and
    expert agreed: the goal, the roles and the expectations (evaluation §3.4)."""
    _require_accepted(actor, assignment)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in Phase.Kind.values:
        errors["kind"] = _("Fase: velg en av fasene.")
    if held_on is None:
        errors["held_on"] = _("Dato: skriv datoen som dd.mm.åååå.")
    elif held_on > today:
        errors["held_on"] = _("Dato: registrer fasen når den er gjennomført (datoen kan ikke "
                              "være fram i tid).")
    if not participants.strip():
        errors["participants"] = _("Deltakere: skriv hvem som deltok, for eksempel "
                                   "«arbeidstaker, nærmeste leder, ekspert».")
    agreed = sorted(set(agreed_by or []) & set(START_MEETING_PARTIES))
    if kind == Phase.Kind.START_MEETING:
        for name, label in (("goal", _("Mål")), ("roles", _("Roller")),
                            ("expectations", _("Forventninger"))):
            if not {"goal": goal, "roles": roles, "expectations": expectations}[name].strip():
                errors[name] = _("%(label)s: skriv hva dere ble enige om i oppstartsmøtet.") % {
                    "label": label}
        if len(agreed) < len(START_MEETING_PARTIES):
            errors["agreed_by"] = _("Enige: kryss av for at arbeidsgiveren, arbeidstakeren og "
                                    "du er enige om mål, roller og forventninger.")
    if errors:
        raise AssignmentInvalid(errors)
    values: dict[str, Any] = {"held_on": held_on, "participants": participants.strip(),
                              "summary": summary.strip(), "goal": goal.strip(),
                              "roles": roles.strip(), "expectations": expectations.strip(),
                              "agreed_by": agreed, "recorded_at": timezone.now()}
    with transaction.atomic():
        phase, _created = Phase.objects.update_or_create(assignment=assignment, kind=kind,
                                                         defaults=values)
        audit.record("phase_recorded", actor=actor, role=Role.EXPERT, case=assignment.case,
                     phase=kind)
    return phase


def add_note(actor: User, assignment: Assignment, *, text: str) -> ExpertNote:
    """The expert's own working note: never shown to anyone else."""
    _require_accepted(actor, assignment)
    if not text.strip():
        raise AssignmentInvalid({"text": _("Notat: skriv notatet før du lagrer.")})
    with transaction.atomic():
        note = ExpertNote.objects.create(assignment=assignment, text=text.strip())
        audit.record("expert_note_added", actor=actor, role=Role.EXPERT, case=assignment.case)
    return note
