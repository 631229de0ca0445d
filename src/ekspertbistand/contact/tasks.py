"""Outbox handlers for the contact with NAV: notices of new messages and of a recorded talk.

A notice says only that something came and links to it: no message text, no health details,
and never the name of the unit handling a kode 6 case (it says «NAV»). Each notice has a key,
so a handler run twice sends it once.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ekspertbistand.cases.outbox import handler
from ekspertbistand.cases.tasks import notify
from ekspertbistand.contact.models import ConsentComment, Message, TalkRequest, Thread


@handler("notify_message")
def notify_message(payload: dict[str, Any]) -> None:
    message = (Message.objects.select_related("thread__case__organisation",
                                              "thread__talk__organisation")
               .filter(pk=payload["message_id"]).first())
    if message is None or message.side != Message.Side.NAV:
        return  # messages to NAV show as unread in NAV's queue and on the case page
    thread = message.thread
    key = f"message:{message.pk}"
    if thread.kind == Thread.Kind.TALK:
        talk = thread.talk
        assert talk is not None
        link = reverse("portal:talk_detail", args=[talk.public_id])
        for access in talk.organisation.access.select_related("user"):
            notify(f"{key}:{access.user_id}", recipient=access.user, case=None,  # type: ignore[arg-type]
                   subject=_("NAV har svart på forespørselen om samtale"),
                   body=_("Du har fått en melding fra NAV om samtalen før søknaden."), link=link)
        return
    case = thread.case
    assert case is not None
    link = reverse("portal:case_detail", args=[case.public_id]) + "#meldinger"
    if thread.kind == Thread.Kind.EMPLOYEE:
        notify(f"{key}:employee", national_id=case.employee_national_id, case=case,
               subject=_("Ny melding fra NAV om saken din"),
               body=_("NAV har sendt deg en melding om søknaden om ekspertbistand."), link=link)
        return
    contact_email = case.answers.get("kontaktperson", {}).get("contact_email", "")
    for access in case.organisation.access.select_related("user"):
        notify(f"{key}:{access.user_id}", recipient=access.user, case=case,
               subject=_("Ny melding fra NAV i sak %(reference)s") % {"reference": case.reference},
               body=_("NAV har sendt en melding om søknaden om tilskudd til ekspertbistand."),
               link=link, email=contact_email if access.user_id == case.created_by_id else "")


@handler("notify_talk_recorded")
def notify_talk_recorded(payload: dict[str, Any]) -> None:
    talk = (TalkRequest.objects.select_related("organisation")
            .filter(pk=payload["talk_id"]).first())
    if talk is None or talk.recorded_at is None:
        return
    link = reverse("portal:talk_detail", args=[talk.public_id])
    for access in talk.organisation.access.select_related("user"):
        notify(f"talk_recorded:{talk.pk}:{talk.recorded_at.isoformat()}:{access.user_id}",
               recipient=access.user, case=None,  # type: ignore[arg-type]
               subject=_("NAV har skrevet ned samtalen med dere"),
               body=_("Se hva dere kom fram til, og start søknaden derfra når den er aktuell."),
               link=link)


@handler("notify_consent_comment")
def notify_consent_comment(payload: dict[str, Any]) -> None:
    comment = (ConsentComment.objects.select_related("consent_request__case",
                                                     "consent_request__requested_by")
               .filter(pk=payload["comment_id"]).first())
    if comment is None:
        return
    request = comment.consent_request
    notify(f"consent_comment:{comment.pk}", recipient=request.requested_by, case=request.case,
           subject=_("Arbeidstakeren mener noe i søknaden ikke stemmer"),
           body=_("Les kommentaren under «Arbeidstakerens samtykke», rett søknaden og spør på "
                  "nytt."),
           link=reverse("portal:application_step", args=[request.case.public_id, "samtykke"]))
