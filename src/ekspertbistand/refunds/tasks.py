"""Outbox handlers of the refund: notices to the employer, and the receipt archived once."""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit
from ekspertbistand.cases.models import Document
from ekspertbistand.cases.outbox import handler
from ekspertbistand.cases.tasks import notify
from ekspertbistand.refunds.models import Refund

SUBJECTS = {
    "claimed": _("Kravet om refusjon for tilsagn %(number)s er sendt til NAV"),
    "approved": _("NAV har godkjent refusjonen for tilsagn %(number)s"),
    "paid": _("Refusjonen for tilsagn %(number)s er utbetalt"),
    "failed": _("Utbetalingen av refusjonen for tilsagn %(number)s feilet"),
    "ready": _("Dere kan nå søke om refusjon for tilsagn %(number)s"),
    "deadline_30": _("30 dager igjen til fristen for refusjon, tilsagn %(number)s"),
    "deadline_7": _("7 dager igjen til fristen for refusjon, tilsagn %(number)s"),
}
BODIES = {
    "claimed": _("NAV behandler kravet. Dere får beskjed når det er godkjent."),
    "approved": _("Pengene blir utbetalt til kontonummeret som er registrert for virksomheten."),
    "paid": _("Kvitteringen for refusjonen ligger på saken i «Mine saker»."),
    "failed": _("Sjekk kontonummeret i Altinn. NAV prøver igjen når det er rettet."),
    "ready": _("Perioden i tilsagnet er slutt. Søk om refusjon med ekspertens faktura før "
               "fristen %(deadline)s. Kommer kravet for sent, faller tilsagnet bort."),
    "deadline_30": _("Søk om refusjon senest %(deadline)s. Etter fristen faller tilsagnet bort, "
                     "og pengene kan ikke betales ut."),
    "deadline_7": _("Søk om refusjon senest %(deadline)s. Etter fristen faller tilsagnet bort, "
                    "og pengene kan ikke betales ut."),
}


def notify_employer(refund: Refund, event: str, key: str) -> None:
    grant, case = refund.grant, refund.case
    link = reverse("portal:refund_claim", args=[case.public_id])
    values = {"number": grant.number, "deadline": f"{grant.refund_deadline:%d.%m.%Y}"}
    for access in case.organisation.access.select_related("user"):
        notify(f"refund:{key}:{access.user_id}", recipient=access.user, case=case,
               subject=SUBJECTS[event] % values, body=BODIES[event] % values, link=link,
               email=access.user.email)


@handler("notify_refund")
def notify_refund(payload: dict[str, Any]) -> None:
    refund = Refund.objects.select_related("grant", "case__organisation").get(
        pk=payload["refund_id"])
    notify_employer(refund, payload["event"], payload.get("notice_key") or
                    f"{payload['event']}:{refund.pk}:{payload.get('reference', '')}")


@handler("archive_refund_receipt")
def archive_refund_receipt(payload: dict[str, Any]) -> None:
    from ekspertbistand.documents.refund_receipt import render_refund_receipt_pdf

    refund = Refund.objects.select_related("grant", "case__organisation").get(
        pk=payload["refund_id"])
    key = payload["reference"]
    if Document.objects.filter(case=refund.case, kind=Document.Kind.REFUND_RECEIPT,
                               key=key).exists():
        return
    pdf = render_refund_receipt_pdf(refund, archived=True)
    Document.objects.create(case=refund.case, kind=Document.Kind.REFUND_RECEIPT, key=key,
                            content=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    audit.record("refund_receipt_archived", actor=None, case=refund.case, public=True, key=key)
