"""Outbox handlers. Each is idempotent: running it twice leaves one result."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, privacy
from ekspertbistand.cases.models import Case, ConsentRequest, Document, InformationRequest, Notice
from ekspertbistand.cases.outbox import handler
from ekspertbistand.cases.permissions import Role


def notify(key: str, *, subject: str, body: str, link: str, case: Case,
           recipient=None, national_id: str = "", email: str = "") -> None:  # type: ignore[no-untyped-def]
    """Store a notice once per key and e-mail it where an address is known. No health details."""
    _notice, created = Notice.objects.get_or_create(key=key, defaults={
        "recipient": recipient, "recipient_national_id": national_id, "case": case,
        "subject": subject, "body": body, "link": link})
    if created and email:
        send_mail(subject, "{}\n\n{}".format(body, _("Logg inn på Ekspertbistand for å se saken.")),
                  settings.DEFAULT_FROM_EMAIL, [email])


@handler("archive_receipt")
def archive_receipt(payload: dict[str, Any]) -> None:
    from ekspertbistand.documents.rendering import render_receipt_pdf

    case = Case.objects.get(pk=payload["case_id"])
    if Document.objects.filter(case=case, kind=Document.Kind.APPLICATION_RECEIPT).exists():
        return
    pdf = render_receipt_pdf(case, archived=True)  # NAV's copy: PDF/A, no protected identity
    Document.objects.create(case=case, kind=Document.Kind.APPLICATION_RECEIPT, content=pdf,
                            sha256=hashlib.sha256(pdf).hexdigest())
    audit.record("receipt_archived", actor=None, case=case, public=True)


def _about(case: Case, role: Role) -> str:
    """How a notice names the case: its reference (or «søknaden» for a draft) and the
    employee's first name when ``role`` may see it (``cases.privacy``). Never a fødselsnummer."""
    first_name = privacy.employee_first_name(case, role)
    if case.reference and first_name:
        return _("søknaden %(reference)s for %(name)s") % {"reference": case.reference,
                                                          "name": first_name}
    if case.reference:
        return _("søknaden %(reference)s") % {"reference": case.reference}
    if first_name:
        return _("søknaden for %(name)s") % {"name": first_name}
    return _("søknaden")


@handler("notify_submitted")
def notify_submitted(payload: dict[str, Any]) -> None:
    case = Case.objects.select_related("organisation").get(pk=payload["case_id"])
    link = reverse("portal:case_detail", args=[case.public_id])
    contact_email = case.answers.get("kontaktperson", {}).get("contact_email", "")
    about = _about(case, Role.EMPLOYER)
    for access in case.organisation.access.select_related("user"):
        notify(f"submitted:{case.pk}:employer:{access.user_id}", recipient=access.user, case=case,
               subject=_("Søknaden %(reference)s for %(name)s er sendt til NAV")
               % {"reference": case.reference,
                  "name": privacy.employee_first_name(case, Role.EMPLOYER) or _("arbeidstakeren")},
               body=_("NAV har mottatt %(about)s om tilskudd til ekspertbistand fra "
                      "%(organisation)s.") % {"about": about,
                                               "organisation": case.organisation.name},
               link=link, email=contact_email if access.user_id == case.created_by_id else "")
    first_name = privacy.employee_first_name(case, Role.EMPLOYEE)
    notify(f"submitted:{case.pk}:employee", national_id=case.employee_national_id, case=case,
           subject=_("Søknaden %(reference)s om ekspertbistand er sendt til NAV")
           % {"reference": case.reference},
           body=(_("Hei %(first_name)s. ") % {"first_name": first_name} if first_name else "")
           + _("%(name)s har sendt søknaden %(reference)s du samtykket til.")
           % {"name": case.organisation.name, "reference": case.reference}, link=link)


@handler("notify_consent_requested")
def notify_consent_requested(payload: dict[str, Any]) -> None:
    request = ConsentRequest.objects.select_related("case__organisation").get(
        pk=payload["request_id"])
    case = request.case
    first_name = privacy.employee_first_name(case, Role.EMPLOYEE)
    notify(f"consent_requested:{request.pk}", national_id=request.employee_national_id,
           case=case,
           subject=_("%(name)s ber om samtykket ditt til søknad om ekspertbistand")
           % {"name": case.organisation.name},
           body=(_("Hei %(first_name)s. ") % {"first_name": first_name} if first_name else "")
           + _("%(name)s vil søke NAV om tilskudd til ekspertbistand for deg, og trenger "
               "svaret ditt.") % {"name": case.organisation.name},
           link=reverse("portal:consent", args=[request.pk]))


@handler("notify_consent_answered")
def notify_consent_answered(payload: dict[str, Any]) -> None:
    request = ConsentRequest.objects.select_related("case__organisation", "requested_by").get(
        pk=payload["request_id"])
    case = request.case
    agreed = request.status == "agreed"
    name = privacy.employee_first_name(case, Role.EMPLOYER) or _("Arbeidstakeren")
    values = {"name": name, "organisation": case.organisation.name}
    notify(f"consent_answered:{request.pk}:{request.status}", recipient=request.requested_by,
           case=case,
           subject=(_("%(name)s har samtykket") if agreed else _("%(name)s har takket nei"))
           % values,
           body=(_("Dere kan nå sende søknaden for %(name)s hos %(organisation)s til NAV.")
                 if agreed else
                 _("Søknaden for %(name)s hos %(organisation)s kan ikke sendes uten "
                   "samtykket.")) % values,
           link=reverse("portal:application_step", args=[case.public_id, "samtykke"]))


def _names(case: Case) -> dict[str, str]:
    """The case and the employee's first name, as ``cases.privacy`` lets the employer see it."""
    return {"reference": case.reference or "",
            "name": privacy.employee_first_name(case, Role.EMPLOYER) or _("arbeidstakeren")}


def _notify_employer(request: InformationRequest, kind: str, subject: str, body: str) -> None:
    case = request.case
    link = reverse("portal:case_detail", args=[case.public_id])
    contact_email = case.answers.get("kontaktperson", {}).get("contact_email", "")
    for access in case.organisation.access.select_related("user"):
        notify(f"{kind}:{request.pk}:employer:{access.user_id}", recipient=access.user,
               case=case, subject=subject, body=body, link=link,
               email=contact_email if access.user_id == case.created_by_id else "")


@handler("notify_information_requested")
def notify_information_requested(payload: dict[str, Any]) -> None:
    request = InformationRequest.objects.select_related("case__organisation").get(
        pk=payload["request_id"])
    values = _names(request.case)
    _notify_employer(request, "information_requested",
                     _("NAV trenger flere opplysninger i sak %(reference)s") % values,
                     _("NAV har et spørsmål om søknaden %(reference)s for %(name)s. Svar på "
                       "saken i «Mine saker», så fortsetter behandlingen.") % values)


@handler("notify_information_reminder")
def notify_information_reminder(payload: dict[str, Any]) -> None:
    request = InformationRequest.objects.select_related("case__organisation").get(
        pk=payload["request_id"])
    if request.answered_at is not None:
        return
    values = _names(request.case)
    _notify_employer(request, "information_reminder",
                     _("Påminnelse: NAV venter på svar i sak %(reference)s") % values,
                     _("NAV spurte om flere opplysninger i søknaden %(reference)s for %(name)s og "
                       "har ikke fått svar ennå. Svar på saken i «Mine saker».") % values)


@handler("notify_consent_voided")
def notify_consent_voided(payload: dict[str, Any]) -> None:
    """The employer changed what the employee read: the old request no longer counts. Names
    the organisation; the consent page it links to names the changed steps (never their text)."""
    request = ConsentRequest.objects.select_related("case__organisation").get(
        pk=payload["request_id"])
    notify(f"consent_voided:{request.pk}", national_id=request.employee_national_id,
           case=request.case,
           subject=_("Forespørselen om samtykke gjelder ikke lenger"),
           body=_("%(name)s har endret søknaden om ekspertbistand etter at du ble spurt. "
                  "Svaret ditt gjelder ikke lenger. Du får en ny forespørsel hvis de vil søke "
                  "med de nye opplysningene.") % {"name": request.case.organisation.name},
           link=reverse("portal:consent", args=[request.pk]))


# --- Decisions and grants -------------------------------------------------------------------

@handler("archive_letter")
def archive_letter(payload: dict[str, Any]) -> None:
    """The decision or grant letter as PDF/A in NAV's archive, exactly once per letter."""
    from ekspertbistand.documents.letters import render_letter_pdf

    case = Case.objects.get(pk=payload["case_id"])
    kind, key = payload["letter"], payload["letter_key"]
    if Document.objects.filter(case=case, kind=kind, key=key).exists():
        return
    pdf = render_letter_pdf(case, kind, key, audience="archive")
    Document.objects.create(case=case, kind=kind, key=key, content=pdf,
                            sha256=hashlib.sha256(pdf).hexdigest())
    audit.record("letter_archived", actor=None, case=case, public=True, kind=kind, key=key)


def _notify_employer_and_employee(case: Case, key: str, *, subject: str, employer_body: str,
                                  employee_body: str) -> None:
    link = reverse("portal:case_detail", args=[case.public_id])
    for access in case.organisation.access.select_related("user"):
        notify(f"{key}:employer:{access.user_id}", recipient=access.user, case=case,
               subject=subject, body=employer_body, link=link)
    notify(f"{key}:employee", national_id=case.employee_national_id, case=case,
           subject=subject, body=employee_body, link=link)


@handler("notify_decided")
def notify_decided(payload: dict[str, Any]) -> None:
    from ekspertbistand.cases.models import Decision

    case = Case.objects.select_related("organisation").get(pk=payload["case_id"])
    decision = Decision.objects.get(pk=payload["decision_id"])
    granted = decision.outcome == Decision.Outcome.GRANT
    subject = (_("NAV har innvilget søknaden %(reference)s") if granted else
               _("NAV har avslått søknaden %(reference)s")) % {"reference": case.reference}
    _notify_employer_and_employee(
        case, f"decided:{decision.pk}", subject=subject,
        employer_body=_("Les vedtaksbrevet på saken i «Mine saker».") if not granted else
        _("Tilsagnsbrevet ligger på saken i «Mine saker». Les fristen for å kreve refusjon."),
        employee_body=(_("NAV har innvilget søknaden om ekspertbistand fra %(name)s.") if granted
                       else _("NAV har avslått søknaden om ekspertbistand fra %(name)s."))
        % {"name": case.organisation.name})


@handler("notify_grant_changed")
def notify_grant_changed(payload: dict[str, Any]) -> None:
    from ekspertbistand.cases.models import Grant

    case = Case.objects.select_related("organisation").get(pk=payload["case_id"])
    grant = Grant.objects.get(pk=payload["grant_id"])
    cancelled = grant.state == Grant.State.CANCELLED
    subject = (_("NAV har annullert tilsagnet %(number)s") if cancelled else
               _("NAV har endret tilsagnet %(number)s")) % {"number": grant.number}
    _notify_employer_and_employee(
        case, f"grant:{grant.number}:{grant.state}", subject=subject,
        employer_body=_("Les brevet på saken i «Mine saker»."),
        employee_body=_("NAV har endret tilskuddet til ekspertbistand fra %(name)s.")
        % {"name": case.organisation.name})


# The refund capability registers its handlers (notices, the archived receipt).
from ekspertbistand.refunds import tasks as _refund_tasks  # noqa: E402,F401
