"""Messages with NAV: on a talk request, and on a case (employer ↔ the handling unit,
employee ↔ NAV). NAV writes as the unit, with the case worker's name (decision 0031).

Every message passes the registered text checks (``cases/text_checks``); a finding sends
the text back to the sender with the warning, and sending it anyway is the sender's choice.
Attachments pass the same upload check as every other file (``cases/uploads``).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.application import (
    REPLACEMENT,
    UNUSABLE_CHARACTERS,
    unusable_character_message,
)
from ekspertbistand.cases.models import Attachment, Case, User
from ekspertbistand.cases.permissions import CaseNotFound, NotAllowed, Role
from ekspertbistand.cases.text_checks import TextFinding, findings_in
from ekspertbistand.cases.uploads import check_upload
from ekspertbistand.contact.models import Message, TalkRequest, Thread
from ekspertbistand.contact.permissions import SIDE_OF_ROLE, can_see_talk, can_use_case_thread
from ekspertbistand.domain.case_status import CaseStatus

CLOSED_STATUSES = (CaseStatus.WITHDRAWN, CaseStatus.DELETED)


class HealthDetailsSuspected(ValueError):
    """The text looks like it holds health details; ``findings`` says why. Nothing is sent."""

    def __init__(self, findings: list[TextFinding]) -> None:
        super().__init__(" ".join(f.message for f in findings))
        self.findings = findings


def check_text(body: str, confirmed: bool) -> str:
    """The text stripped, or a refusal: empty, or a health warning not yet confirmed."""
    body = body.strip()
    if UNUSABLE_CHARACTERS.search(body) or REPLACEMENT in body:
        raise NotAllowed(unusable_character_message(_("Melding")))
    if not body:
        raise NotAllowed(_("Melding: skriv meldingen før du sender."))
    findings = findings_in(body)
    if findings and not confirmed:
        raise HealthDetailsSuspected(findings)
    return body


def _post(actor: User, role: Role, thread: Thread, body: str, *, unit_id: int | None,
          attachment: Attachment | None = None) -> Message:
    message = Message.objects.create(thread=thread, sender=actor, side=SIDE_OF_ROLE[role],
                                     unit_id=unit_id if role is Role.CASEWORKER else None,
                                     body=body, attachment=attachment)
    audit.record("message_sent", actor=actor, role=role, case=thread.case,
                 thread=thread.kind, message=message.pk)
    outbox.enqueue("notify_message", str(message.pk), message_id=message.pk)
    return message


def send_case_message(actor: User, role: Role, case: Case, kind: str, body: str, *,
                      upload: UploadedFile | None = None, confirmed: bool = False) -> Message:
    """Write in the case's ``kind`` thread (``Thread.Kind.EMPLOYER`` or ``EMPLOYEE``)."""
    if not can_use_case_thread(actor, role, case, kind):
        raise CaseNotFound(_("Fant ikke saken."))
    body = check_text(body, confirmed)
    checked = check_upload(upload, field_label=_("Vedlegg")) if upload else None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status in CLOSED_STATUSES and role is not Role.CASEWORKER:
            raise NotAllowed(_("Saken er avsluttet. Ring NAV hvis du har spørsmål."))
        thread, _created = Thread.objects.get_or_create(case=case, kind=kind)
        attachment = None
        if checked is not None:
            attachment = Attachment(case=case, uploaded_by=actor, original_name=checked.name,
                                    content_type=checked.content_type, size=checked.size,
                                    sha256=checked.sha256)
            attachment.file.save(f"melding.{checked.extension}", ContentFile(checked.content),
                                 save=False)
            attachment.save()
        return _post(actor, role, thread, body, unit_id=case.routed_unit_id,
                     attachment=attachment)


def send_talk_message(actor: User, role: Role, talk: TalkRequest, body: str, *,
                      confirmed: bool = False) -> Message:
    """Write on a talk request (before there is a case, so no attachments)."""
    if role not in (Role.EMPLOYER, Role.CASEWORKER) or not can_see_talk(actor, role, talk):
        raise CaseNotFound(_("Fant ikke forespørselen."))
    body = check_text(body, confirmed)
    with transaction.atomic():
        talk = TalkRequest.objects.select_for_update().get(pk=talk.pk)
        thread, _created = Thread.objects.get_or_create(kind=Thread.Kind.TALK, talk=talk)
        if role is Role.CASEWORKER and talk.assigned_to_id is None:
            # Answering takes the request, so two case workers do not both answer it.
            talk.assigned_to, talk.taken_at = actor, timezone.now()
            if talk.status == TalkRequest.Status.NEW:
                talk.status = TalkRequest.Status.TAKEN
            talk.save(update_fields=["assigned_to", "taken_at", "status"])
        message = _post(actor, role, thread, body, unit_id=talk.unit_id)
        audit.record("talk_message", actor=actor, role=role, talk=str(talk.public_id))
        return message
