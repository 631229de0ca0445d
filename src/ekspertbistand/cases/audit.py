"""The audit log and the case timeline: one append-only table (``AuditEvent``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import AuditEvent, Case, User

# Timeline texts for the public events, shown to employer and employee.
TIMELINE_TEXT: dict[str, str] = {
    "draft_created": _("Søknaden ble påbegynt"),
    "consent_requested": _("Arbeidstakeren ble bedt om å samtykke"),
    "consent_agreed": _("Arbeidstakeren samtykket"),
    "consent_declined": _("Arbeidstakeren takket nei"),
    "consent_commented": _("Arbeidstakeren skrev at noe i søknaden ikke stemmer"),
    "consent_reset": _("Søknaden ble endret, og arbeidstakeren må samtykke på nytt"),
    "submitted": _("Søknaden ble sendt til NAV"),
    "withdrawn": _("Søknaden ble trukket"),
    "receipt_archived": _("Kvitteringen ble arkivert hos NAV"),
    "draft_expired": _("Utkastet ble slettet fordi det ikke var lagret på lenge"),
    "taken": _("En saksbehandler begynte å behandle søknaden"),
    "information_requested": _("NAV ba arbeidsgiveren om flere opplysninger"),
    "information_answered": _("Arbeidsgiveren svarte på spørsmålet fra NAV"),
    "granted": _("NAV innvilget søknaden. Tilsagnsbrevet ligger på saken"),
    "rejected": _("NAV avslo søknaden. Vedtaksbrevet ligger på saken"),
    "grant_changed": _("NAV endret tilsagnet. Det nye brevet ligger på saken"),
    "grant_cancelled": _("NAV annullerte tilsagnet"),
    "grant_expired": _("Fristen for å kreve refusjon gikk ut, og tilsagnet falt bort"),
    "letter_archived": _("Brevet ble arkivert hos NAV"),
}


def record(action: str, *, actor: User | None, role: str = "", case: Case | None = None,
           public: bool = False, **details: Any) -> AuditEvent:
    """Write one audit event. Call inside the transaction of the change it records."""
    return AuditEvent.objects.create(actor=actor, actor_role=role, case=case, action=action,
                                     public=public, details=details)
