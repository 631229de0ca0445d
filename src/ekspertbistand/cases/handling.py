"""Reads for case handling (selectors): a case's routing history, its questions to the
employer, NAV's notes and the files attached to answers. Callers have already opened the case
through ``selectors.get_case`` (the access check and the read audit)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ekspertbistand.cases import audit
from ekspertbistand.cases.models import Attachment, Case, CaseNote, CaseRouting, InformationRequest, User
from ekspertbistand.cases.permissions import CaseNotFound, Role, works_in_handling_unit
from ekspertbistand.cases.routing import deciding_unit, preparing_unit
from ekspertbistand.domain.routing import REASON_LABELS, Reason
from ekspertbistand.reference.models import NavUnit

__all__ = ["deciding_unit", "preparing_unit", "routing_history", "information_requests",
           "open_information_request", "notes", "attachment_for", "reroute_targets",
           "reason_label", "can_handle"]


def reason_label(code: str) -> str:
    try:
        return REASON_LABELS[Reason(code)]
    except ValueError:
        return code or "–"


def routing_history(case: Case) -> list[CaseRouting]:
    return list(case.routings.select_related("unit", "deciding_unit", "routed_by")
                .order_by("routed_at", "id"))


def information_requests(case: Case) -> list[InformationRequest]:
    return list(case.information_requests.select_related("asked_by", "answered_by")
                .prefetch_related("attachments").order_by("asked_at", "id"))


def open_information_request(case: Case) -> InformationRequest | None:
    return case.information_requests.filter(answered_at=None).order_by("-asked_at").first()


def information_request(case: Case, request_id: Any) -> InformationRequest:
    request = case.information_requests.filter(pk=request_id).select_related("case").first()
    if request is None:
        raise CaseNotFound("Fant ikke spørsmålet.")
    return request


def notes(user: User, case: Case) -> QuerySet[CaseNote]:
    """NAV's notes on the case; only for NAV staff who may see the case."""
    return case.notes.select_related("author").order_by("-written_at", "-id")


def can_handle(user: User, case: Case) -> bool:
    return works_in_handling_unit(user, case)


def reroute_targets(case: Case) -> QuerySet[NavUnit]:
    """Units a case may be moved to by hand: worklife centres and offices with delegated
    authority; the unit for protected persons only for kode 6 cases (domain/routing.py)."""
    units = NavUnit.objects.exclude(pk=case.routed_unit_id).order_by("name")
    if case.address_protection == "6":
        return units.filter(kind=NavUnit.Kind.ADDRESS_PROTECTION)
    return units.filter(Q(kind=NavUnit.Kind.WORKLIFE_CENTRE)
                        | Q(kind=NavUnit.Kind.NAV_OFFICE, delegated_authority=True))


def attachment_for(user: User, role: Role, case: Case, attachment_id: Any) -> Attachment:
    """A file of the case the caller has opened; anything else is 404. Audited."""
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise CaseNotFound("Fant ikke vedlegget.")
    audit.record("attachment_viewed", actor=user, role=role, case=case,
                 attachment=attachment.pk)
    return attachment


def just_rerouted_by(user: User, public_id: Any) -> bool:
    """Whether ``user`` made the case's latest routing (a second click on «Flytt saken» after
    the case has left the user's units). Tells nothing else about the case."""
    latest = (CaseRouting.objects.filter(case__public_id=public_id)
              .order_by("-routed_at", "-id").values_list("routed_by_id", flat=True).first())
    return latest is not None and latest == user.pk
