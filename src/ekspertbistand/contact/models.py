"""The pre-application talk and the message threads. Changed only by ``cases/actions/contact.py``
and ``cases/actions/messages.py``; read through ``contact/selectors.py``."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.models import Attachment, Case, ConsentRequest, Organisation, User
from ekspertbistand.reference.models import NavUnit


class TalkRequest(models.Model):
    """An employer's request for the talk with NAV before applying (DOMAIN §3.2: NAV is
    contacted before the application), and NAV's record of the talk."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        TAKEN = "taken", _("Under arbeid")
        RECORDED = "recorded", _("Samtale holdt")

    class Outcome(models.TextChoices):
        RELEVANT = "relevant", _("Ekspertbistand kan være aktuelt")
        TRY_FIRST = "try_first", _("Prøv dette først")
        NOT_SUITABLE = "not_suitable", _("Passer ikke")

    public_id = models.UUIDField(_("offentlig id"), default=uuid.uuid4, unique=True,
                                 editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="talk_requests", verbose_name=_("virksomhet"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("spurt av"))
    unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, related_name="talk_requests",
                             verbose_name=_("NAV-enhet"))
    description = models.TextField(_("hva dere vil snakke om"), max_length=1000)
    availability = models.CharField(_("når dere kan snakke"), max_length=300)
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.NEW)
    assigned_to = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("saksbehandler"))
    taken_at = models.DateTimeField(_("tatt"), null=True, blank=True)
    talk_date = models.DateField(_("dato for samtalen"), null=True, blank=True)
    nav_participant = models.CharField(_("hvem fra NAV"), max_length=200, blank=True)
    employer_participants = models.CharField(_("hvem fra arbeidsgiver"), max_length=200,
                                             blank=True)
    outcome = models.CharField(_("resultat"), max_length=12, choices=Outcome.choices,
                               blank=True)
    outcome_note = models.TextField(_("kommentar til resultatet"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("skrevet ned av"))
    recorded_at = models.DateTimeField(_("skrevet ned"), null=True, blank=True)
    # The application that names this talk as its contact with NAV (while a draft, and after).
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="talks", verbose_name=_("søknad"))

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["unit", "status", "created_at"])]
        verbose_name = _("samtale med NAV")
        verbose_name_plural = _("samtaler med NAV")

    def __str__(self) -> str:
        return f"Samtale {self.organisation.name} ({self.get_status_display()})"

    @property
    def recorded(self) -> bool:
        return self.status == self.Status.RECORDED


class Thread(models.Model):
    """One conversation: on a talk request, or on a case between the employer and the
    handling unit, or on a case between the employee and NAV (never shown to the employer)."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Samtale før søknad")
        EMPLOYER = "employer", _("Arbeidsgiver og NAV")
        EMPLOYEE = "employee", _("Arbeidstaker og NAV")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="threads", verbose_name=_("sak"))
    talk = models.OneToOneField(TalkRequest, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="thread", verbose_name=_("samtale"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], condition=Q(case__isnull=False),
                                    name="one_thread_per_case_and_kind"),
            models.CheckConstraint(
                condition=(Q(kind="talk", talk__isnull=False, case__isnull=True)
                           | (~Q(kind="talk") & Q(talk__isnull=True, case__isnull=False))),
                name="thread_belongs_to_talk_or_case"),
        ]
        verbose_name = _("meldingstråd")
        verbose_name_plural = _("meldingstråder")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case or self.talk})"


class Message(models.Model):
    """One message. ``read_at``: when the other side first opened the thread after it came."""

    class Side(models.TextChoices):
        NAV = "nav", _("NAV")
        EMPLOYER = "employer", _("Arbeidsgiver")
        EMPLOYEE = "employee", _("Arbeidstaker")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages",
                               verbose_name=_("tråd"))
    sender = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("avsender"))
    side = models.CharField(_("fra"), max_length=10, choices=Side.choices)
    # The NAV unit a NAV message was written as.
    unit = models.ForeignKey(NavUnit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("NAV-enhet"))
    body = models.TextField(_("tekst"), max_length=4000)
    attachment = models.OneToOneField(Attachment, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="message",
                                      verbose_name=_("vedlegg"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["thread", "sent_at"])]
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.sent_at:%Y-%m-%d %H:%M}"


class ConsentComment(models.Model):
    """The employee's «Noe stemmer ikke» on a request to agree: a comment that goes back to the
    employer instead of agreeing or declining (decision 0034). The request stays unanswered."""

    consent_request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE,
                                        related_name="comments",
                                        verbose_name=_("forespørsel om samtykke"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("skrevet av"))
    body = models.TextField(_("hva som ikke stemmer"), max_length=1000)
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kommentar til samtykke")
        verbose_name_plural = _("kommentarer til samtykke")

    def __str__(self) -> str:
        return f"Kommentar {self.created_at:%Y-%m-%d %H:%M}"
