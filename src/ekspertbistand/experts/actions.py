"""The only code that changes the experts register. Each function checks the actor first, makes
its change and its audit event in one transaction.

- An expert keeps their own profile and their provider's contact details.
- A provider is always checked against Enhetsregisteret (the name comes from there).
- NAV (case worker or administrator) marks an expert's qualification as checked; changing the
  education, the authorisation number or the provider clears the check, so the public list
  never shows an unchecked claim.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case, Expert, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.experts.models import Provider
from ekspertbistand.integrations import organisation_register
from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable

NAV_ROLES = (Role.CASEWORKER, Role.ADMIN)
# Changing one of these means NAV must check the qualification again.
QUALIFICATION_FIELDS = ("education", "authorisation_number", "provider_id")
PROFILE_FIELDS = ("competence_areas", "education", "authorisation_number", "counties",
                  "presentation", "listed")
CONTACT_FIELDS = ("website", "email", "phone")


class ProviderNotFound(ValueError):
    """The organisation number is unknown to Enhetsregisteret (or it did not answer)."""


def provider_from_register(orgnr: str) -> Provider:
    """The provider with ``orgnr``, created or refreshed from Enhetsregisteret. Call before the
    transaction of the change that needs it: it may wait for the register."""
    try:
        info = organisation_register().lookup(orgnr)
    except RegisterUnavailable:
        raise ProviderNotFound(_("Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt; "
                                 "det du har skrevet, er tatt vare på.")) from None
    if info is None:
        raise ProviderNotFound(_("Fant ikke organisasjonsnummeret %(orgnr)s i "
                                 "Enhetsregisteret. Sjekk sifrene.") % {"orgnr": orgnr})
    provider, _created = Provider.objects.update_or_create(
        orgnr=info.orgnr, defaults={"name": info.name,
                                    "municipality_number": info.municipality_number,
                                    "checked_in_register_at": timezone.now()})
    return provider


def _require_own_profile(actor: User, expert: Expert) -> None:
    if expert.user_id is None or expert.user_id != actor.pk:
        raise NotAllowed(_("Du kan bare endre din egen profil i ekspertregisteret."))


def update_profile(actor: User, expert: Expert, values: dict[str, Any]) -> bool:
    """Save the expert's profile (cleaned ``ProfileForm`` values). Returns True when the change
    cleared NAV's check of the qualification."""
    _require_own_profile(actor, expert)
    provider = provider_from_register(values["orgnr"])
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        before = {name: getattr(expert, name) for name in (*PROFILE_FIELDS, "provider_id")}
        for name in PROFILE_FIELDS:
            setattr(expert, name, values[name])
        expert.provider = provider
        expert.company, expert.orgnr = provider.name, provider.orgnr
        changed = [name for name, old in before.items() if getattr(expert, name) != old]
        cleared = (expert.qualification_checked_at is not None
                   and any(name in changed for name in QUALIFICATION_FIELDS))
        if cleared:
            expert.qualification_checked_at = None
            expert.qualification_checked_by = None
            expert.qualification_note = ""
        expert.save()
        contact = {name: values[name] for name in CONTACT_FIELDS}
        if any(getattr(provider, name) != value for name, value in contact.items()):
            Provider.objects.filter(pk=provider.pk).update(**contact)
            changed.append("provider_contact")
        audit.record("expert_profile_updated", actor=actor, role=Role.EXPERT,
                     expert=expert.pk, fields=changed, qualification_cleared=cleared)
    return cleared


def _require_nav(role: Role) -> None:
    if role not in NAV_ROLES:
        raise NotAllowed(_("Bare NAV kan kontrollere en eksperts kvalifikasjon."))


def mark_qualification_checked(actor: User, role: Role, expert: Expert, note: str) -> Expert:
    """NAV has checked the expert's approved education or authorisation (DOMAIN §3.4)."""
    _require_nav(role)
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        expert.qualification_checked_at = timezone.now()
        expert.qualification_checked_by = actor
        expert.qualification_note = note.strip()[:300]
        expert.save(update_fields=["qualification_checked_at", "qualification_checked_by",
                                   "qualification_note"])
        audit.record("expert_qualification_checked", actor=actor, role=role, expert=expert.pk)
    return expert


def clear_qualification_check(actor: User, role: Role, expert: Expert) -> Expert:
    """Take the check back (the authorisation lapsed, say): the expert leaves the public list."""
    _require_nav(role)
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        expert.qualification_checked_at = None
        expert.qualification_checked_by = None
        expert.qualification_note = ""
        expert.save(update_fields=["qualification_checked_at", "qualification_checked_by",
                                   "qualification_note"])
        audit.record("expert_qualification_cleared", actor=actor, role=role, expert=expert.pk)
    return expert


def pick_for_application(actor: User, case: Case, expert: Expert) -> dict[str, list[str]]:
    """Fill the application's expert step from the register (the employer's choice from the
    neutral list). What the employer wrote about the planned work is kept; the step is saved
    through the application's own action, with its checks and audit."""
    if not (expert.listed and expert.qualification_checked_at and expert.provider_id):
        raise NotAllowed(_("Eksperten finnes ikke i ekspertlisten. Velg en annen, eller skriv "
                           "inn eksperten selv."))
    current = dict(case.answers.get("ekspert") or {})
    data = {
        **current,
        "expert_name": expert.name,
        "expert_company": expert.company,
        "expert_orgnr": expert.orgnr,
        "expert_competence": list(expert.competence_areas),
        "expert_education": expert.education,
        "planned_assistance": current.get("planned_assistance", ""),
    }
    return app_actions.save_step(actor, case, "ekspert", data)
