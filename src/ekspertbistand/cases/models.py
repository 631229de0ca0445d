"""The case model for the whole lifecycle: who may act, the case and its history.

Rows here are changed only by the functions in ``cases/actions``; views and the API read
through ``cases/selectors``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.domain.case_status import (
    CONSENT_LABELS,
    STATUS_LABELS,
    CaseStatus,
    ConsentStatus,
)
from ekspertbistand.domain.retention import draft_deleted_on
from ekspertbistand.reference.models import Municipality, NavUnit


class User(AbstractUser):
    """Anyone who logs in. What they may do follows from their roles, not from this row."""

    # Fødselsnummer/D-number of the person (from ID-porten). Empty for NAV staff.
    national_id = models.CharField(_("fødselsnummer"), max_length=11, blank=True, db_index=True)
    nav_ident = models.CharField(_("NAV-ident"), max_length=7, blank=True)
    # Kode 6 or 7 as the population register said at the last login; "" if none. Decides,
    # with the cases about the person, what the admin may show (``cases.privacy``).
    address_protection = models.CharField(_("adressebeskyttelse"), max_length=1, blank=True)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """An employer's organisation (virksomhet/underenhet), as found in Enhetsregisteret."""

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     verbose_name=_("kommune (forretningsadresse)"))
    sector_code = models.CharField(_("sektorkode"), max_length=4, blank=True)
    nace_code = models.CharField(_("næringskode"), max_length=6, blank=True)
    employee_count = models.PositiveIntegerField(_("antall ansatte"), null=True, blank=True)
    # The business address (beliggenhetsadresse/forretningsadresse) as one line, e.g.
    # "Fjordveien 12, 4631 Kristiansand S", shown with the organisation's name.
    business_address = models.CharField(_("forretningsadresse"), max_length=300, blank=True)
    account_number = models.CharField(_("kontonummer"), max_length=11, blank=True)
    refreshed_at = models.DateTimeField(_("hentet fra Enhetsregisteret"), default=timezone.now)
    # The name casefolded, for search that behaves the same on SQLite and PostgreSQL.
    name_folded = models.CharField(_("navn for søk"), max_length=200, blank=True,
                                   db_index=True, editable=False)

    class Meta:
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = self.name.casefold()
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class EmployerAccess(models.Model):
    """That a person may act for an organisation (the Altinn right 'Tilskudd til ekspertbistand')."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="employer_access",
                             verbose_name=_("person"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="access", verbose_name=_("virksomhet"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"],
                                               name="unique_employer_access")]
        verbose_name = _("tilgang for arbeidsgiver")
        verbose_name_plural = _("tilganger for arbeidsgivere")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class UnitMembership(models.Model):
    """That a NAV employee works in a NAV unit, as case worker or decider (beslutter)."""

    class Role(models.TextChoices):
        CASEWORKER = "caseworker", _("Saksbehandler")
        DECIDER = "decider", _("Beslutter")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="unit_memberships",
                             verbose_name=_("NAV-ansatt"))
    unit = models.ForeignKey(NavUnit, on_delete=models.CASCADE, related_name="members",
                             verbose_name=_("NAV-enhet"))
    role = models.CharField(_("rolle"), max_length=12, choices=Role.choices,
                            default=Role.CASEWORKER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"],
                                               name="unique_unit_membership")]
        verbose_name = _("medlemskap i NAV-enhet")
        verbose_name_plural = _("medlemskap i NAV-enheter")

    def __str__(self) -> str:
        return f"{self.user} i {self.unit} ({self.get_role_display()})"


class Expert(models.Model):
    """An expert (ekspert) in the experts register; may log in; named in applications.

    ``company`` and ``orgnr`` repeat the provider's name and number (kept in step by
    ``experts/actions.py``), as applications and older pages show them. The qualification is
    checked by NAV; changing the education or authorisation clears the check."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="expert",
                                null=True, blank=True, verbose_name=_("innlogging"))
    name = models.CharField(_("navn"), max_length=200)
    company = models.CharField(_("virksomhet"), max_length=200)
    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9)
    competence_areas = models.JSONField(_("kompetanseområder"), default=list)
    education = models.CharField(_("godkjent utdanning eller autorisasjon"), max_length=300)
    provider = models.ForeignKey("experts.Provider", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="experts",
                                 verbose_name=_("leverandør"))
    # HPR-nummer (Helsepersonellregisteret) for authorised health personnel; empty otherwise.
    authorisation_number = models.CharField(_("HPR-nummer"), max_length=9, blank=True)
    counties = models.JSONField(_("fylker eksperten dekker"), default=list, blank=True)
    presentation = models.TextField(_("kort presentasjon"), max_length=1000, blank=True)
    listed = models.BooleanField(_("vises i ekspertlisten"), default=True)
    qualification_checked_at = models.DateTimeField(_("kvalifikasjon kontrollert"), null=True,
                                                    blank=True)
    qualification_checked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True,
                                                 blank=True, related_name="+",
                                                 verbose_name=_("kontrollert av"))
    qualification_note = models.CharField(_("hva NAV kontrollerte"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ekspert")
        verbose_name_plural = _("eksperter")

    def __str__(self) -> str:
        return f"{self.name}, {self.company}"


class Case(models.Model):
    """One case (sak): the application from its first draft, and everything after it.

    The raw answers of each application step are kept in ``answers`` exactly as typed, so a
    draft survives errors, reloads and logouts. On submit the validated values the rest of the
    service queries are copied to columns.
    """

    public_id = models.UUIDField(_("offentlig id"), default=uuid.uuid4, unique=True,
                                 editable=False)
    reference = models.CharField(_("saksnummer"), max_length=20, unique=True, null=True,
                                 blank=True)
    status = models.CharField(_("status"), max_length=20, choices=[
        (s.value, label) for s, label in STATUS_LABELS.items()], default=CaseStatus.DRAFT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="cases", verbose_name=_("virksomhet"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("opprettet av"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("sist endret"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)

    answers = models.JSONField(_("svar i søknaden"), default=dict)

    # Copied from the answers when known, for access checks, routing and queries.
    employee_national_id = models.CharField(_("arbeidstakerens fødselsnummer"), max_length=11,
                                            blank=True, db_index=True)
    employee_name = models.CharField(_("arbeidstakerens navn"), max_length=200, blank=True)
    # Kode 6 (strengt fortrolig) or 7 (fortrolig), from the population register; "" if none.
    address_protection = models.CharField(_("adressebeskyttelse"), max_length=1, blank=True)
    expert_orgnr = models.CharField(_("ekspertens organisasjonsnummer"), max_length=9,
                                    blank=True)
    period_start = models.DateField(_("periode fra"), null=True, blank=True)
    period_end = models.DateField(_("periode til"), null=True, blank=True)
    amount_applied = models.PositiveIntegerField(_("søkt beløp (kr)"), null=True, blank=True)
    max_rate = models.PositiveIntegerField(_("maksimal sats (kr)"), null=True, blank=True)

    consent_status = models.CharField(_("samtykke"), max_length=16, choices=[
        (s.value, label) for s, label in CONSENT_LABELS.items()],
        default=ConsentStatus.NOT_REQUESTED)

    # A draft's progress as of its last save: how many form steps are valid, and the first
    # that is not ("" when all are). Lists read these instead of validating every answer.
    # Null for drafts saved before the columns existed: the list then works it out.
    steps_done = models.PositiveSmallIntegerField(_("ferdige steg"), null=True, blank=True,
                                                  default=0)
    resume_step = models.CharField(_("første uferdige steg"), max_length=30, blank=True)

    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    routed_unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="cases", verbose_name=_("behandlende enhet"))
    # Case handling (routing, queues): see the block at the end of this module.
    # The deciding unit when it is not the handling unit (an office that only recommends);
    # empty otherwise. Read it through cases/routing.deciding_unit(case).
    deciding_unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="decided_cases",
                                      verbose_name=_("vedtaksenhet"))
    routing_reason = models.CharField(_("årsak til ruting"), max_length=40, blank=True)
    assigned_to = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="assigned_cases",
                                    verbose_name=_("saksbehandler"))
    withdrawal_reason = models.TextField(_("begrunnelse for å trekke søknaden"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "submitted_at"]),
                   # «Mine saker» and GET /api/v1/cases: an organisation's cases, and its
                   # drafts, newest first, walked in index order (decision 0017).
                   models.Index(fields=["organisation", "updated_at", "id"],
                                name="case_org_updated"),
                   models.Index(fields=["organisation", "status", "updated_at", "id"],
                                name="case_org_status_updated"),
                   # The employee's cases, newest first.
                   models.Index(fields=["employee_national_id", "submitted_at", "id"],
                                name="case_employee_submitted"),
                   # NAV's work queue: count by status and page by date without the rows.
                   models.Index(fields=["routed_unit", "status", "submitted_at"],
                                name="case_work_queue_idx"),
                   # The same, for a search by organisation (its ids come first).
                   models.Index(fields=["organisation", "routed_unit", "status", "submitted_at"],
                                name="case_org_queue_idx")]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")

    def __str__(self) -> str:
        return self.reference or f"Utkast {self.public_id}"

    @property
    def status_enum(self) -> CaseStatus:
        return CaseStatus(self.status)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status_enum]

    @property
    def consent_enum(self) -> ConsentStatus:
        return ConsentStatus(self.consent_status)

    @property
    def draft_deleted_on(self) -> dt.date:
        """When a draft is deleted unless saved again before (domain.retention)."""
        return draft_deleted_on(timezone.localtime(self.updated_at).date())


class ConsentRequest(models.Model):
    """The employer's request for the employee's agreement, and the employee's answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_requests",
                             verbose_name=_("sak"))
    employee_national_id = models.CharField(_("arbeidstakerens fødselsnummer"), max_length=11)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("spurt av"))
    requested_at = models.DateTimeField(_("spurt"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=[
        (s.value, label) for s, label in CONSENT_LABELS.items()],
        default=ConsentStatus.PENDING)
    responded_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    # Whether the request is the current one; an earlier request is retired when the
    # employer changes what the employee read, or asks again.
    active = models.BooleanField(_("gjeldende"), default=True)
    # Set when a change by the employer made the request void: when, and which steps
    # (slugs) changed, so the employee's page can say why.
    voided_at = models.DateTimeField(_("ugyldig fra"), null=True, blank=True)
    voided_steps = models.JSONField(_("endrede steg"), default=list, blank=True)
    # The employee's own optional answer on what lies behind the absence (domain.categories.
    # CHALLENGES), for NAV's statistics only: never shown to the employer or in the case.
    challenges = models.JSONField(_("utfordringer (valgfritt, til statistikk)"), default=list,
                                  blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("forespørsel om samtykke")
        verbose_name_plural = _("forespørsler om samtykke")

    def __str__(self) -> str:
        return f"Samtykke for {self.case} ({self.get_status_display()})"


class AuditEvent(models.Model):
    """Append-only: who did or saw what, on which case, when. Also the case's timeline.

    No personal data in ``details``: references, statuses and field names only.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+",
                              verbose_name=_("utført av"))
    actor_role = models.CharField(_("rolle"), max_length=20, blank=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, related_name="events",
                             verbose_name=_("sak"))
    action = models.CharField(_("hendelse"), max_length=40)
    # Shown in the case's timeline to employer and employee.
    public = models.BooleanField(_("vises i sakens tidslinje"), default=False)
    details = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("revisjonshendelse")
        verbose_name_plural = _("revisjonslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Revisjonsloggen kan ikke endres.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Revisjonsloggen kan ikke slettes.")


class OutboxTask(models.Model):
    """Follow-up work written in the same transaction as the state change (transactional
    outbox). The worker (``manage.py run_outbox``) runs each at least once; handlers are
    idempotent."""

    class State(models.TextChoices):
        PENDING = "pending", _("Venter")
        DONE = "done", _("Utført")
        DEAD = "dead", _("Feilet (må følges opp)")

    kind = models.CharField(_("oppgave"), max_length=40)
    key = models.CharField(_("nøkkel"), max_length=120, unique=True)  # idempotency key
    payload = models.JSONField(_("innhold"), default=dict)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    attempts = models.PositiveIntegerField(_("forsøk"), default=0)
    available_at = models.DateTimeField(_("kan kjøres fra"), default=timezone.now)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)
    last_error = models.TextField(_("siste feil"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "available_at"])]
        verbose_name = _("utboksoppgave")
        verbose_name_plural = _("utboksoppgaver")

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_state_display()})"


class Document(models.Model):
    """An archived PDF (application receipt now; letters, reports and refunds later)."""

    class Kind(models.TextChoices):
        APPLICATION_RECEIPT = "application_receipt", _("Kvittering for søknad")
        GRANT_LETTER = "grant_letter", _("Tilsagnsbrev")
        REJECTION_LETTER = "rejection_letter", _("Vedtaksbrev om avslag")
        GRANT_CHANGE_LETTER = "grant_change_letter", _("Brev om endret tilsagn")
        GRANT_CANCEL_LETTER = "grant_cancel_letter", _("Brev om annullert tilsagn")
        REFUND_RECEIPT = "refund_receipt", _("Kvittering for refusjon")
        EXPERT_REPORT = "expert_report", _("Rapport fra eksperten")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents",
                             verbose_name=_("sak"))
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    # Which letter of its kind (a grant's number); "" for one-per-case documents.
    key = models.CharField(_("brev"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    content = models.BinaryField(_("innhold (PDF)"))
    sha256 = models.CharField(_("SHA-256-sjekksum"), max_length=64)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        constraints = [models.UniqueConstraint(fields=["case", "kind", "key"],
                                               name="unique_document_per_kind_and_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"vedlegg/{instance.case.public_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class Attachment(models.Model):
    """A file someone uploaded to a case (an answer to NAV, a message, an invoice), checked by
    ``cases/uploads.check_upload`` first. The object that uses it points here."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments",
                             verbose_name=_("sak"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("lastet opp av"))
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=40)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(_("SHA-256-sjekksum"), max_length=64)
    file = models.FileField(_("fil"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A message to a person, shown in the service and sent by e-mail where we have one.

    Holds no health details: it tells that something happened and links to the service."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, null=True,
                                  related_name="notices", verbose_name=_("mottaker"))
    recipient_national_id = models.CharField(_("mottakerens fødselsnummer"), max_length=11,
                                             blank=True, db_index=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, related_name="notices",
                             verbose_name=_("sak"))
    key = models.CharField(_("nøkkel"), max_length=120, unique=True)  # never sent twice
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    link = models.CharField(_("lenke"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")

    def __str__(self) -> str:
        return self.subject


# --- Case handling: routing history, questions to the employer, NAV's notes ------------------

class CaseRouting(models.Model):
    """Where a case went and why: one row per routing, the first automatic, later ones by a
    case worker with a reason. The newest row is the case's current routing."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="routings",
                             verbose_name=_("sak"))
    unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("NAV-enhet"))
    deciding_unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("vedtaksenhet"))
    reason = models.CharField(_("årsak"), max_length=40)
    text = models.TextField(_("forklaring"))
    routed_at = models.DateTimeField(_("rutet"), default=timezone.now)
    routed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("flyttet av"))

    class Meta:
        ordering = ["routed_at", "id"]
        verbose_name = _("ruting")
        verbose_name_plural = _("rutinger")

    def __str__(self) -> str:
        return f"{self.case} → {self.unit}"


class InformationRequest(models.Model):
    """NAV asks the employer for more; the case waits until the employer answers."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="information_requests",
                             verbose_name=_("sak"))
    question = models.TextField(_("spørsmål"))
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("spurt av"))
    asked_at = models.DateTimeField(_("spurt"), default=timezone.now)
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("besvart av"))
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+",
                                         verbose_name=_("vedlegg"))
    reminder_sent_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["answered_at", "reminder_sent_at"])]
        verbose_name = _("forespørsel om opplysninger")
        verbose_name_plural = _("forespørsler om opplysninger")

    def __str__(self) -> str:
        return f"Spørsmål til arbeidsgiver i {self.case}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class CaseNote(models.Model):
    """A note on the case that only NAV sees (never the employer, employee or expert)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes",
                             verbose_name=_("sak"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("skrevet av"))
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    text = models.TextField(_("notat"))
    # From the form, so a double click stores one note.
    key = models.UUIDField(_("idempotensnøkkel"), unique=True, default=uuid.uuid4,
                           editable=False)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")

    def __str__(self) -> str:
        return f"Notat i {self.case}"


# Assessment, decisions, grants and budget frames (decision 0028).
from ekspertbistand.cases.decision_models import (  # noqa: E402
    BudgetFrame,
    ConditionAssessment,
    Decision,
    Grant,
)

__all__ = ["BudgetFrame", "ConditionAssessment", "Decision", "Grant"]
