"""Reads of talks and message threads, with the access checks and the audit of reads.

Opening a thread is a read like opening a case: it is audit-logged (NAV's reads are what
the log is for), and it marks the other side's messages as read, which the sender sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, privacy
from ekspertbistand.cases.models import Attachment, Case, User
from ekspertbistand.cases.permissions import CaseNotFound, Role
from ekspertbistand.contact.models import ConsentComment, Message, TalkRequest, Thread
from ekspertbistand.contact.permissions import SIDE_OF_ROLE, can_see_talk, can_use_case_thread
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.reference.models import NavUnit


@dataclass(frozen=True)
class MessageView:
    id: int
    sender: str
    side: str
    mine: bool
    body: str
    sent_at: Any
    read_at: Any
    attachment: Attachment | None


# --- Talk requests ------------------------------------------------------------------------

def talks_for_employer(user: User) -> QuerySet[TalkRequest]:
    return (TalkRequest.objects.filter(organisation__access__user=user)
            .select_related("organisation", "unit").order_by("-created_at"))


def talk_queue(units: Iterable[NavUnit]) -> QuerySet[TalkRequest]:
    """The units' talk requests: open ones first (oldest first), then recorded ones, with the
    number of messages from the employer that nobody at NAV has read."""
    return (TalkRequest.objects.filter(unit__in=list(units))
            .select_related("organisation", "unit", "assigned_to")
            .annotate(unread=Count("thread__messages", filter=Q(
                thread__messages__side=Message.Side.EMPLOYER,
                thread__messages__read_at__isnull=True)))
            .annotate(open_first=DbCase(When(status=TalkRequest.Status.NEW, then=0),
                                        When(status=TalkRequest.Status.TAKEN, then=1),
                                        default=2))
            .order_by("open_first", "created_at"))


def get_talk(user: User, role: Role, public_id: Any) -> TalkRequest:
    talk = (TalkRequest.objects.select_related("organisation", "unit", "assigned_to", "case")
            .filter(public_id=public_id).first())
    if talk is None or not can_see_talk(user, role, talk):
        raise CaseNotFound(_("Fant ikke forespørselen."))
    audit.record("talk_viewed", actor=user, role=role, talk=str(talk.public_id))
    return talk


def recorded_talks_for_draft(case: Case) -> list[TalkRequest]:
    """The organisation's recorded talks an application may name: not yet used by a sent case."""
    return list(TalkRequest.objects.filter(
        organisation_id=case.organisation_id, status=TalkRequest.Status.RECORDED)
        .filter(Q(case__isnull=True) | Q(case=case)
                | Q(case__status__in=(CaseStatus.DRAFT, CaseStatus.DELETED)))
        .select_related("unit").order_by("-talk_date", "-id"))


def linked_talk(case: Case) -> TalkRequest | None:
    return (TalkRequest.objects.filter(case=case).select_related("unit", "recorded_by")
            .order_by("-recorded_at").first())


# --- Threads --------------------------------------------------------------------------------

def _sender(message: Message, viewer: User, role: Role, case: Case | None) -> str:
    if message.sender_id == viewer.pk:
        return _("Du")
    name = message.sender.display_name()
    if message.side == Message.Side.NAV:
        if case is not None and not privacy.shows_unit(case, role):
            return privacy.NEUTRAL_UNIT_NAME  # kode 6: the unit would tell (decision 0015)
        unit = message.unit.name if message.unit else privacy.NEUTRAL_UNIT_NAME
        return f"{name}, {unit}"
    if message.side == Message.Side.EMPLOYER:
        organisation = case.organisation if case else message.thread.talk.organisation  # type: ignore[union-attr]
        return f"{name}, {organisation.name}"
    assert case is not None
    return _("%(name)s (arbeidstakeren)") % {"name": privacy.employee_name(case, role)}


def _open(user: User, role: Role, thread: Thread | None, case: Case | None) -> list[MessageView]:
    if thread is None:
        return []
    messages = list(thread.messages.select_related("sender", "unit", "attachment",
                                                   "thread__talk__organisation"))
    audit.record("messages_viewed", actor=user, role=role, case=case, thread=thread.kind,
                 messages=len(messages))
    own_side = SIDE_OF_ROLE[role]
    unread = [m.pk for m in messages if m.side != own_side and m.read_at is None]
    if unread:
        now = timezone.now()
        Message.objects.filter(pk__in=unread, read_at=None).update(read_at=now)
    return [MessageView(m.pk, _sender(m, user, role, case), m.side, m.side == own_side,
                        m.body, m.sent_at, m.read_at, m.attachment) for m in messages]


def open_talk_thread(user: User, role: Role, talk: TalkRequest) -> list[MessageView]:
    """The talk's messages (access already checked by :func:`get_talk`), marked read."""
    if not can_see_talk(user, role, talk):
        raise CaseNotFound(_("Fant ikke forespørselen."))
    return _open(user, role, Thread.objects.filter(talk=talk).first(), None)


def open_case_thread(user: User, role: Role, case: Case, kind: str) -> list[MessageView]:
    """The case's ``kind`` thread as ``user`` may see it, marked read, the read audit-logged."""
    if not can_use_case_thread(user, role, case, kind):
        raise CaseNotFound(_("Fant ikke saken."))
    return _open(user, role, Thread.objects.filter(case=case, kind=kind).first(), case)


def unread_in_case(case: Case, role: Role) -> dict[str, int]:
    """Unread messages per thread kind from the other side, for headings and lists."""
    own = SIDE_OF_ROLE[role]
    rows = (Message.objects.filter(thread__case=case, read_at=None).exclude(side=own)
            .values("thread__kind").annotate(n=Count("id")))
    return {r["thread__kind"]: r["n"] for r in rows}


def cases_with_unread_for_units(units: Iterable[NavUnit]) -> QuerySet[Case]:
    """The units' cases with messages from outside NAV that nobody at NAV has read."""
    unread = (Message.objects.filter(thread__case__routed_unit__in=list(units), read_at=None)
              .exclude(side=Message.Side.NAV).values("thread__case_id"))
    return (Case.objects.filter(pk__in=unread).select_related("organisation")
            .order_by("submitted_at"))


def message_attachment(user: User, role: Role, case: Case, message_id: int) -> Attachment:
    """A message's file, if ``user`` may read the thread it is in; else 404. Logged."""
    message = (Message.objects.select_related("thread", "attachment")
               .filter(pk=message_id, thread__case=case).exclude(attachment=None).first())
    if message is None or not can_use_case_thread(user, role, case, message.thread.kind):
        raise CaseNotFound(_("Fant ikke vedlegget."))
    audit.record("attachment_viewed", actor=user, role=role, case=case, message=message.pk)
    assert message.attachment is not None
    return message.attachment


def consent_comments(case: Case) -> list[ConsentComment]:
    """The employee's «Noe stemmer ikke» comments on the draft's requests, newest first. The
    caller has checked access to the case (the employer's consent step, the employee's page)."""
    return list(ConsentComment.objects.filter(consent_request__case=case)
                .select_related("consent_request"))
