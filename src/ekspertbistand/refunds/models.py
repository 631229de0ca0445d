"""One refund per grant, its cost lines, the payments made from it and the exports that carry
them to the bank. The state is stored (decision 0050) and changed only by
``cases/actions/refunds.py``; the amounts are computed by ``domain/refunds.py``."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import Attachment, Case, Grant, User
from ekspertbistand.domain.refunds import (
    CLAIM_COST_KIND_LABELS,
    REFUND_STATE_LABELS,
    ClaimCostKind,
    ClaimLine,
    CorrectionKind,
    RefundState,
)

STATE_CHOICES = [(state.value, label) for state, label in REFUND_STATE_LABELS.items()]
KIND_CHOICES = [(kind.value, label) for kind, label in CLAIM_COST_KIND_LABELS.items()]


class Refund(models.Model):
    """The refund of one grant, from «not yet claimable» to paid (or expired, cancelled)."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="refund",
                                 verbose_name=_("tilsagn"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="refunds",
                             verbose_name=_("sak"))
    state = models.CharField(_("tilstand"), max_length=20, choices=STATE_CHOICES,
                             default=RefundState.NOT_YET_CLAIMABLE.value)
    invoice = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("ekspertens faktura"))
    total_costs_kr = models.PositiveIntegerField(_("kostnader (kr)"), default=0)
    refund_kr = models.PositiveIntegerField(_("refusjon (kr)"), default=0)
    employer_share_kr = models.PositiveIntegerField(_("arbeidsgivers andel (kr)"), default=0)
    account_number = models.CharField(_("kontonummer"), max_length=11, blank=True)
    claimed_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    claimed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("sendt av"))
    checked_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("kontrollert av"))
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("godkjent av"))
    exception_reason = models.TextField(_("begrunnelse for unntak fra fristen"), blank=True)
    exception_on = models.DateField(_("unntak registrert"), null=True, blank=True)
    exception_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("unntak registrert av"))
    return_comment = models.TextField(_("kommentar fra NAV"), blank=True)
    paid_kr = models.PositiveIntegerField(_("utbetalt (kr)"), default=0)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["state"])]
        verbose_name = _("refusjon")
        verbose_name_plural = _("refusjoner")

    def __str__(self) -> str:
        return f"Refusjon for {self.grant}"

    @property
    def state_enum(self) -> RefundState:
        return RefundState(self.state)


class CostLine(models.Model):
    """One line of the expert's invoice (hours in hundredths: 7,5 t = 750)."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("refusjon"))
    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES)
    hours_hundredths = models.PositiveIntegerField(_("timer (hundredeler)"), default=0)
    hourly_rate_kr = models.PositiveIntegerField(_("timepris (kr)"), default=0)
    amount_kr = models.PositiveIntegerField(_("beløp (kr)"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kostnadslinje")
        verbose_name_plural = _("kostnadslinjer")

    def __str__(self) -> str:
        return self.get_kind_display()

    def as_domain(self) -> ClaimLine:
        return ClaimLine(ClaimCostKind(self.kind), self.hours_hundredths, self.hourly_rate_kr,
                         self.amount_kr)


class PaymentExport(models.Model):
    """One file to the bank: the pain.001 message and its JSON twin, stored as sent."""

    export_id = models.CharField(_("uttrekk"), max_length=35, unique=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("laget av"))
    pain001 = models.BinaryField(_("pain.001"))
    json = models.JSONField(_("JSON"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("betalingsuttrekk")
        verbose_name_plural = _("betalingsuttrekk")

    def __str__(self) -> str:
        return self.export_id


class Payment(models.Model):
    """A payment NAV approved: the refund, a retry after a failed payment, or an extra payment.
    It is in at most one export: ``export`` is set once, under a row lock (decision 0051)."""

    class State(models.TextChoices):
        APPROVED = "approved", _("Godkjent, venter på uttrekk")
        EXPORTED = "exported", _("Sendt til banken")
        PAID = "paid", _("Utbetalt")
        FAILED = "failed", _("Feilet")

    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="payments",
                               verbose_name=_("refusjon"))
    reference = models.CharField(_("referanse"), max_length=35, unique=True)
    amount_kr = models.PositiveIntegerField(_("beløp (kr)"))
    account_number = models.CharField(_("kontonummer"), max_length=11)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices,
                             default=State.APPROVED)
    export = models.ForeignKey(PaymentExport, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="payments", verbose_name=_("uttrekk"))
    failure_reason = models.TextField(_("årsak til feil"), blank=True)
    created_at = models.DateTimeField(_("godkjent"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "export"])]
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")

    def __str__(self) -> str:
        return self.reference


class RefundCorrection(models.Model):
    """An extra payment or a recovery after payment, with its reason."""

    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="corrections",
                               verbose_name=_("refusjon"))
    kind = models.CharField(_("type"), max_length=20, choices=[
        (CorrectionKind.EXTRA_PAYMENT.value, _("Etterbetaling")),
        (CorrectionKind.RECOVERY.value, _("Tilbakekreving"))])
    amount_kr = models.PositiveIntegerField(_("beløp (kr)"))
    reason = models.TextField(_("begrunnelse"))
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("registrert av"))
    made_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        verbose_name = _("korrigering")
        verbose_name_plural = _("korrigeringer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_kr} kr"
