"""NAV asks the employer for more; the case waits; the employer answers with text and files;
the case returns to the handling unit's queue. One reminder if no answer in time.

Notices go through the outbox (``cases/tasks.py``) and name the case, never a fødselsnummer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.actions.texts import InvalidText, clean_text
from ekspertbistand.cases.models import Attachment, Case, InformationRequest, User
from ekspertbistand.cases.permissions import (
    NotAllowed,
    Role,
    require_employer_access,
    require_handling_unit,
)
from ekspertbistand.cases.uploads import CheckedUpload, check_upload
from ekspertbistand.domain.case_status import CaseStatus, check_transition

QUESTION_MAX = 4000
ANSWER_MAX = 8000
MAX_FILES = 5


def request_information(actor: User, case: Case, question: str) -> InformationRequest:
    """Ask the employer a question: UNDER_ASSESSMENT → WAITING_FOR_EMPLOYER. The same question
    sent twice (a double click) leaves one request."""
    require_handling_unit(actor, case)
    question = clean_text(question, field=_("Spørsmål til arbeidsgiveren"),
                          max_length=QUESTION_MAX)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_handling_unit(actor, case)
        open_request = case.information_requests.filter(answered_at=None).first()
        if case.status == CaseStatus.WAITING_FOR_EMPLOYER and open_request is not None:
            if open_request.question == question:
                return open_request
            raise NotAllowed(_("Saken venter allerede på svar på et spørsmål til "
                               "arbeidsgiveren. Vent på svaret før du spør om mer."))
        if case.status == CaseStatus.SUBMITTED:
            raise NotAllowed(_("Ta saken før du spør arbeidsgiveren."))
        check_transition(case.status_enum, CaseStatus.WAITING_FOR_EMPLOYER)
        request = InformationRequest.objects.create(case=case, question=question,
                                                    asked_by=actor)
        case.status = CaseStatus.WAITING_FOR_EMPLOYER
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("information_requested", actor=actor, role=Role.CASEWORKER, case=case,
                     public=True, request=request.pk)
        outbox.enqueue("notify_information_requested", str(request.pk), request_id=request.pk)
    return request


def check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    """Every file checked by content and size before anything is stored."""
    if len(files) > MAX_FILES:
        raise InvalidText(_("Vedlegg: du kan laste opp høyst %(max)s filer i ett svar.")
                          % {"max": MAX_FILES}, field="files")
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload, field_label=_("Vedlegg")))
        except ValidationError as error:
            raise InvalidText(" ".join(error.messages), field="files") from error
    return checked


def answer_information(actor: User, request: InformationRequest, answer: str,
                       files: Sequence[UploadedFile] = ()) -> InformationRequest:
    """The employer's answer: WAITING_FOR_EMPLOYER → UNDER_ASSESSMENT, back to the case
    worker. An answer sent twice stores the first only."""
    case = request.case
    require_employer_access(actor, case.organisation)
    answer = clean_text(answer, field=_("Svar til NAV"), max_length=ANSWER_MAX,
                        required=not files)
    checked = check_files(files)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        request = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if request.answered_at is not None:
            return request
        if case.status != CaseStatus.WAITING_FOR_EMPLOYER:
            raise NotAllowed(_("Saken venter ikke lenger på svar (status «%(status)s»).")
                             % {"status": case.status_label})
        check_transition(case.status_enum, CaseStatus.UNDER_ASSESSMENT)
        for file in checked:
            attachment = Attachment(case=case, uploaded_by=actor, original_name=file.name,
                                    content_type=file.content_type, size=file.size,
                                    sha256=file.sha256)
            attachment.file.save(f"vedlegg.{file.extension}", ContentFile(file.content),
                                 save=False)
            attachment.save()
            request.attachments.add(attachment)
        request.answer = answer
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.save()
        case.status = CaseStatus.UNDER_ASSESSMENT
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("information_answered", actor=actor, role=Role.EMPLOYER, case=case,
                     public=True, request=request.pk, files=len(checked))
    return request


def send_reminders(now: dt.datetime | None = None) -> int:
    """One reminder per unanswered question older than its unit's limit
    (``NavUnit.information_reminder_days``, 14 by default). Idempotent: safe to run as often as
    the scheduler likes, from several replicas. Returns how many reminders were queued."""
    now = now or timezone.now()
    due = (InformationRequest.objects
           .filter(answered_at=None, reminder_sent_at=None,
                   case__status=CaseStatus.WAITING_FOR_EMPLOYER)
           # No unit waits less than a day; the exact limit per unit is checked below.
           .filter(asked_at__lte=now - dt.timedelta(days=1))
           .select_related("case__routed_unit").only(
               "id", "asked_at", "case__routed_unit__information_reminder_days")
           .order_by("id"))
    queued = 0
    for candidate in due.iterator():
        days = (candidate.case.routed_unit.information_reminder_days
                if candidate.case.routed_unit else 14)
        if candidate.asked_at > now - dt.timedelta(days=days):
            continue
        with transaction.atomic():
            claimed = InformationRequest.objects.filter(
                pk=candidate.pk, reminder_sent_at=None, answered_at=None).update(
                reminder_sent_at=now)
            if not claimed:
                continue  # answered, or another runner sent it
            request = InformationRequest.objects.select_related("case").get(pk=candidate.pk)
            audit.record("information_reminder_sent", actor=None, case=request.case,
                         request=request.pk)
            outbox.enqueue("notify_information_reminder", str(request.pk),
                           request_id=request.pk)
            queued += 1
    return queued
