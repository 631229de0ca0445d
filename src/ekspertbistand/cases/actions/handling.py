"""A case worker takes a case from the unit's queue, and writes notes only NAV sees."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit
from ekspertbistand.cases.actions.texts import clean_text
from ekspertbistand.cases.models import Case, CaseNote, User
from ekspertbistand.cases.permissions import (
    NotAllowed,
    Role,
    can_see_case,
    require_handling_unit,
)
from ekspertbistand.domain.case_status import CaseStatus, check_transition

NOTE_MAX = 4000


class AlreadyTaken(NotAllowed):
    """Someone else took the case first; the message names them."""


def take_case(actor: User, case: Case) -> Case:
    """«Ta saken»: SUBMITTED → UNDER_ASSESSMENT with ``assigned_to`` = the actor. Taking a case
    one already has changes nothing; a case someone else took first is refused with their name.
    """
    require_handling_unit(actor, case)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_handling_unit(actor, case)
        if case.assigned_to_id == actor.pk:
            return case
        if case.assigned_to_id is not None:
            raise AlreadyTaken(_("%(name)s har allerede tatt saken.")
                               % {"name": case.assigned_to.display_name()})  # type: ignore[union-attr]
        check_transition(case.status_enum, CaseStatus.UNDER_ASSESSMENT)
        case.status = CaseStatus.UNDER_ASSESSMENT
        case.assigned_to = actor
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("taken", actor=actor, role=Role.CASEWORKER, case=case, public=True)
    return case


def add_note(actor: User, case: Case, text: str, key: uuid.UUID | None = None) -> CaseNote:
    """A note on the case for NAV's eyes only. ``key`` (from the form) makes a double submit
    store one note."""
    if not can_see_case(actor, Role.CASEWORKER, case):
        raise NotAllowed(_("Du har ikke tilgang til saken."))
    text = clean_text(text, field=_("Notat"), max_length=NOTE_MAX)
    key = key or uuid.uuid4()
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        existing = CaseNote.objects.filter(key=key).first()
        if existing is not None:
            if existing.case_id != case.pk:
                raise NotAllowed(_("Notatet kunne ikke lagres. Last siden på nytt."))
            return existing
        note = CaseNote.objects.create(case=case, author=actor, text=text, key=key)
        audit.record("note_added", actor=actor, role=Role.CASEWORKER, case=case, note=note.pk)
    return note
