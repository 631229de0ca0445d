"""Assessment, decisions, grants (tilsagn) and the budget frame (decision 0028).

Imported at the end of ``cases/models.py``; changed only by ``cases/actions/decision.py``,
``grants.py`` and ``budget.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import Case, User
from ekspertbistand.domain.assessment import CONDITIONS, VERDICT_LABELS, Verdict
from ekspertbistand.reference.models import NavUnit


class ConditionAssessment(models.Model):
    """The case worker's assessment of one condition of the checklist."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments",
                             verbose_name=_("sak"))
    condition = models.CharField(_("vilkår"), max_length=30,
                                 choices=[(c.key, c.text) for c in CONDITIONS])
    verdict = models.CharField(_("vurdering"), max_length=14, default=Verdict.NOT_ASSESSED,
                               choices=[(v.value, label) for v, label in VERDICT_LABELS.items()])
    comment = models.TextField(_("kommentar"), blank=True)
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("vurdert av"))
    assessed_at = models.DateTimeField(_("vurdert"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "condition"],
                                               name="unique_assessment_per_condition")]
        verbose_name = _("vurdering av vilkår")
        verbose_name_plural = _("vurderinger av vilkår")

    def __str__(self) -> str:
        return f"{self.case}: {self.condition} {self.verdict}"


class Decision(models.Model):
    """A proposed or made decision on a case (vedtak). In a two-step unit the case worker
    proposes and a decider approves or returns it; in a one-step unit a decider decides
    directly (proposed_by = decided_by)."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Innvilgelse")
        REJECT = "reject", _("Avslag")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Til beslutning")
        RETURNED = "returned", _("Sendt tilbake")
        DECIDED = "decided", _("Vedtatt")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions",
                             verbose_name=_("sak"))
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices,
                             default=State.PROPOSED)
    amount_kr = models.PositiveIntegerField(_("tilsagnsbeløp (kr)"), null=True, blank=True)
    period_start = models.DateField(_("fra"), null=True, blank=True)
    period_end = models.DateField(_("til"), null=True, blank=True)
    lowered_reason = models.TextField(_("begrunnelse for lavere beløp"), blank=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    failed_conditions = models.JSONField(_("vilkår som ikke er oppfylt"), default=list,
                                         blank=True)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("foreslått av"))
    proposed_at = models.DateTimeField(_("foreslått"), default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True,
                                   blank=True, verbose_name=_("besluttet av"))
    decided_at = models.DateTimeField(_("besluttet"), null=True, blank=True)
    return_comment = models.TextField(_("kommentar fra beslutter"), blank=True)
    deciding_unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("vedtaksenhet"))
    over_budget_confirmed = models.BooleanField(_("bekreftet over budsjettrammen"),
                                                default=False)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            # One decision per case: a second (e.g. two deciders at once) fails here too.
            models.UniqueConstraint(fields=["case"], condition=models.Q(state="decided"),
                                    name="one_decision_per_case"),
            models.UniqueConstraint(fields=["case"], condition=models.Q(state="proposed"),
                                    name="one_open_proposal_per_case"),
        ]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.case} ({self.get_state_display()})"


class Grant(models.Model):
    """A grant commitment (tilsagn) under a case: «opptil X kroner» for a period, to be
    claimed by the refund deadline. A change makes a new grant that replaces the old one;
    a cancellation ends it. Only active grants commit budget."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Gjeldende")
        REPLACED = "replaced", _("Erstattet av endret tilsagn")
        CANCELLED = "cancelled", _("Annullert")
        EXPIRED = "expired", _("Utløpt (fristen for refusjon er passert)")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="grants",
                             verbose_name=_("sak"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="grants",
                                 verbose_name=_("vedtak"))
    number = models.CharField(_("tilsagnsnummer"), max_length=20, unique=True)
    running_number = models.PositiveSmallIntegerField(_("løpenummer"))
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices,
                             default=State.ACTIVE)
    amount_kr = models.PositiveIntegerField(_("opptil (kr)"))
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    refund_deadline = models.DateField(_("frist for krav om refusjon"))
    account_number = models.CharField(_("kontonummer"), max_length=11)
    expert_name = models.CharField(_("ekspert"), max_length=200)
    expert_company = models.CharField(_("ekspertvirksomhet"), max_length=200)
    expert_orgnr = models.CharField(_("ekspertvirksomhetens organisasjonsnummer"), max_length=9)
    caseworker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("saksbehandler"))
    decider = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("beslutter"))
    # The NAV county unit whose budget it commits (the deciding unit's worklife centre).
    budget_unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("budsjettenhet"))
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("erstatter"))
    change_reason = models.TextField(_("begrunnelse for endring"), blank=True)
    cancel_reason = models.TextField(_("begrunnelse for annullering"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    ended_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["running_number"]
        constraints = [models.UniqueConstraint(fields=["case", "running_number"],
                                               name="unique_grant_running_number")]
        indexes = [models.Index(fields=["state", "period_start"])]
        verbose_name = _("tilsagn")
        verbose_name_plural = _("tilsagn")

    def __str__(self) -> str:
        return f"Tilsagn {self.number}"


class BudgetFrame(models.Model):
    """NAV's frame for a year, nationally (no unit) or for one NAV county unit."""

    year = models.PositiveSmallIntegerField(_("år"))
    unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="budget_frames", verbose_name=_("NAV-enhet"),
                             help_text=_("Tom: rammen for hele landet."))
    amount_kr = models.PositiveBigIntegerField(_("ramme (kr)"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True,
                               blank=True, verbose_name=_("satt av"))
    set_at = models.DateTimeField(_("satt"), default=timezone.now)

    class Meta:
        ordering = ["-year", "unit__number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="unique_budget_frame_per_unit"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(unit=None),
                                    name="unique_national_budget_frame"),
        ]
        verbose_name = _("budsjettramme")
        verbose_name_plural = _("budsjettrammer")

    def __str__(self) -> str:
        return f"{self.year} {self.unit or 'hele landet'}: {self.amount_kr} kr"
