"""The employee's agreement to the assistance (DOMAIN §3.2: employer, employee and NAV agree).

The employer asks; the employee, logged in as themself, reads what the assistance is and
is not, and agrees or declines. Only the person the application is about can answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.actions.application import lock_draft
from ekspertbistand.cases.application import STEPS_BY_SLUG, bind_step
from ekspertbistand.cases.models import Case, ConsentRequest, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.cases.selectors import step_context
from ekspertbistand.domain import categories
from ekspertbistand.domain.case_status import CaseStatus, ConsentStatus


def request_consent(actor: User, case: Case) -> ConsentRequest:
    with transaction.atomic():
        case = lock_draft(actor, case)
        employee_form = bind_step(STEPS_BY_SLUG["arbeidstaker"], step_context(case))
        if not employee_form.is_bound or not employee_form.is_valid():
            raise NotAllowed(_("Fyll ut steget «Arbeidstakeren» først, så vi vet hvem vi skal "
                             "spørre."))
        if case.consent_status == ConsentStatus.AGREED:
            raise NotAllowed(_("Arbeidstakeren har allerede samtykket."))
        case.consent_requests.filter(active=True).update(active=False)
        # A request made void by a change stays void (with its reason) for the employee.
        request = ConsentRequest.objects.create(
            case=case, employee_national_id=case.employee_national_id, requested_by=actor)
        case.consent_status = ConsentStatus.PENDING
        case.updated_at = timezone.now()
        case.save()
        audit.record("consent_requested", actor=actor, role=Role.EMPLOYER, case=case,
                     public=True)
        outbox.enqueue("notify_consent_requested", str(request.pk), request_id=request.pk)
    return request


def respond_to_consent(actor: User, request: ConsentRequest, agree: bool,
                       challenges: Sequence[str] = ()) -> ConsentRequest:
    """The employee's answer. ``challenges`` is their own optional answer on what lies behind
    the absence (domain.categories.CHALLENGES), kept for NAV's statistics only and never
    shown to the employer (decision 0020); it is kept only with an agreement."""
    unknown = [c for c in challenges if c not in categories.CHALLENGES]
    if unknown:
        raise NotAllowed(_("Velg bare blant svarene som står på siden."))
    with transaction.atomic():
        request = ConsentRequest.objects.select_for_update().select_related("case").get(
            pk=request.pk)
        if not actor.national_id or actor.national_id != request.employee_national_id:
            raise NotAllowed(_("Bare arbeidstakeren søknaden gjelder kan svare."))
        case = Case.objects.select_for_update().get(pk=request.case_id)
        if not request.active or case.status != CaseStatus.DRAFT:
            raise NotAllowed(_("Forespørselen gjelder ikke lenger. Arbeidsgiveren har endret "
                             "søknaden eller sendt den."))
        status = ConsentStatus.AGREED if agree else ConsentStatus.DECLINED
        kept = list(dict.fromkeys(challenges)) if agree else []
        if request.status == status and request.challenges == kept:
            return request
        request.challenges = kept
        if request.status == status:
            request.save(update_fields=["challenges"])
            return request
        request.status = status
        request.responded_at = timezone.now()
        request.save()
        case.consent_status = status
        case.updated_at = timezone.now()
        case.save()
        audit.record("consent_agreed" if agree else "consent_declined", actor=actor,
                     role=Role.EMPLOYEE, case=case, public=True)
        outbox.enqueue("notify_consent_answered", f"{request.pk}:{status}",
                       request_id=request.pk)
    return request
