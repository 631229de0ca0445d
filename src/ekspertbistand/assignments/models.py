"""The expert's assignment on a granted case and what grows from it.

Rows change only through ``cases/actions/assignment.py``, ``report.py`` and ``followup.py``;
pages read through ``assignments/selectors.py``. ``ExpertNote`` is the expert's alone: no
selector for the employer, the employee or NAV reads it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.decision_models import Grant
from ekspertbistand.cases.models import Case, Expert, User


class Assignment(models.Model):
    """The employer's invitation of the grant's expert, and the expert's answer."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invitert")
        ACCEPTED = "accepted", _("Akseptert")
        DECLINED = "declined", _("Takket nei")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments",
                             verbose_name=_("sak"))
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="assignments",
                              verbose_name=_("tilsagn"))
    # A registered expert, or (until they register) the e-mail address the invitation went to.
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="assignments", verbose_name=_("ekspert"))
    invited_email = models.EmailField(_("invitert e-post"), blank=True)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices,
                             default=State.INVITED)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("invitert av"))
    invited_at = models.DateTimeField(_("invitert"), default=timezone.now)
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    decline_reason = models.TextField(_("begrunnelse for å takke nei"), blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        indexes = [models.Index(fields=["invited_email", "state"])]
        verbose_name = _("oppdrag")
        verbose_name_plural = _("oppdrag")

    def __str__(self) -> str:
        return f"Oppdrag i {self.case}"


class Phase(models.Model):
    """One phase of the expert's work (DOMAIN §7), shared with employer and employee."""

    class Kind(models.TextChoices):
        START_MEETING = "start_meeting", _("Oppstartsmøte")
        MAPPING = "mapping", _("Kartlegging og veiledning")
        WORKPLACE = "workplace", _("Arbeidsplassvurdering")
        CLOSING_MEETING = "closing_meeting", _("Avslutningsmøte")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="phases",
                                   verbose_name=_("oppdrag"))
    kind = models.CharField(_("fase"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("dato"))
    participants = models.CharField(_("deltakere"), max_length=300)
    summary = models.TextField(_("referat"), blank=True)
    # The start meeting: what employer, employee and expert agreed (evaluation §3.4).
    goal = models.TextField(_("mål"), blank=True)
    roles = models.TextField(_("roller"), blank=True)
    expectations = models.TextField(_("forventninger"), blank=True)
    agreed_by = models.JSONField(_("enige"), default=list, blank=True)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "kind"],
                                               name="one_phase_of_each_kind")]
        verbose_name = _("fase")
        verbose_name_plural = _("faser")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on:%d.%m.%Y})"


class ExpertNote(models.Model):
    """The expert's own working note. Never shown to employer, employee or NAV."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notes",
                                   verbose_name=_("oppdrag"))
    text = models.TextField(_("notat"))
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("arbeidsnotat")
        verbose_name_plural = _("arbeidsnotater")

    def __str__(self) -> str:
        return f"Arbeidsnotat {self.pk}"


class Report(models.Model):
    """The expert's report: a draft, then with the employee, then released."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        WITH_EMPLOYEE = "with_employee", _("Hos arbeidstakeren")
        RELEASED = "released", _("Sendt til arbeidsgiver og NAV")

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT,
                                      related_name="report", verbose_name=_("oppdrag"))
    state = models.CharField(_("tilstand"), max_length=14, choices=State.choices,
                             default=State.DRAFT)
    # domain.report_template.ReportContent as JSON (measures' due dates as ISO strings).
    content = models.JSONField(_("innhold"), default=dict)
    # The flags the expert kept, each with the reason (kind, text, reason, where).
    kept_flags = models.JSONField(_("beholdte merknader"), default=list, blank=True)
    updated_at = models.DateTimeField(_("sist endret"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sendt til arbeidstakeren"), null=True, blank=True)
    employee_answer = models.CharField(_("arbeidstakerens svar"), max_length=10, blank=True)
    employee_answered_at = models.DateTimeField(_("arbeidstakeren svarte"), null=True,
                                                blank=True)
    released_at = models.DateTimeField(_("sendt til arbeidsgiver og NAV"), null=True,
                                       blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "released_at"])]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")

    def __str__(self) -> str:
        return f"Rapport i {self.assignment.case}"


class FollowUp(models.Model):
    """One answer to the follow-up: the employer's, or the employee's if they wish."""

    class Respondent(models.TextChoices):
        EMPLOYER = "employer", _("Arbeidsgiver")
        EMPLOYEE = "employee", _("Arbeidstaker")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups",
                             verbose_name=_("sak"))
    respondent = models.CharField(_("svart av"), max_length=10, choices=Respondent.choices)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("besvart av"))
    answered_at = models.DateTimeField(_("besvart"), default=timezone.now)
    # Indexes into the report's measures that were carried out.
    measures_done = models.JSONField(_("gjennomførte tiltak"), default=list, blank=True)
    outcome = models.CharField(_("resultat for arbeidstakeren"), max_length=30)
    helped = models.CharField(_("hjalp ekspertbistanden"), max_length=10)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "respondent"],
                                               name="one_follow_up_per_respondent")]
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")

    def __str__(self) -> str:
        return f"Oppfølging i {self.case} ({self.get_respondent_display()})"


class NavFollowUpTask(models.Model):
    """A task for the deciding NAV unit: the report proposed a measure for NAV."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="nav_follow_up_task",
                                verbose_name=_("sak"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    done_at = models.DateTimeField(_("fullført"), null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("fullført av"))

    class Meta:
        verbose_name = _("oppfølgingsoppgave for NAV")
        verbose_name_plural = _("oppfølgingsoppgaver for NAV")

    def __str__(self) -> str:
        return f"Oppfølgingsoppgave i {self.case}"
