"""The forms of the contact pages and API: one set of messages for both."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.application import (
    DATE_INPUT_FORMATS,
    HEALTH_WARNING,
    REPLACEMENT,
    UNUSABLE_CHARACTERS,
    unusable_character_message,
)
from ekspertbistand.contact.models import TalkRequest

NO_HEALTH = _("Ikke skriv navn på arbeidstakeren, diagnoser eller andre helseopplysninger. "
              "Beskriv situasjonen på arbeidsplassen.")


def _usable(label: Any) -> Any:
    def validate(value: str) -> None:
        if UNUSABLE_CHARACTERS.search(value) or REPLACEMENT in value:
            raise forms.ValidationError(unusable_character_message(label))
    return validate


def _text(label: Any, required: Any, max_length: int, *, area: bool = True,
          help_text: Any = "") -> forms.CharField:
    field = forms.CharField(
        label=label, max_length=max_length, required=bool(required), help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}) if area else None,
        error_messages={"required": required or "",
                        "max_length": _("Teksten kan ha høyst %(limit_value)d tegn.")})
    # A NUL cannot be stored (the pages turn it into U+FFFD on the way in): refused in
    # Norwegian, naming the field, as the application's steps do.
    field.validators = [v for v in field.validators
                        if not isinstance(v, ProhibitNullCharactersValidator)] + [_usable(label)]
    return field


class TalkRequestForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Virksomheten"), choices=[],
        error_messages={"required": _("Velg virksomheten samtalen gjelder."),
                        "invalid_choice": _("Velg virksomheten samtalen gjelder.")})
    description = _text(_("Hva vil dere snakke med NAV om?"),
                        _("Skriv kort hva dere vil snakke med NAV om."), 1000,
                        help_text=NO_HEALTH)
    availability = _text(_("Når kan dere snakke?"),
                         _("Skriv når dere kan snakke, for eksempel «tirsdager etter kl. 12»."),
                         300, area=False,
                         help_text=_("Dager og tidspunkter som passer, og om dere vil ha "
                                     "møte, video eller telefon."))

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]


class RecordTalkForm(forms.Form):
    talk_date = forms.DateField(
        label=_("Dato for samtalen"), input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Skriv inn datoen dere snakket sammen."),
                        "invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 15.01.2027.")})
    nav_participant = _text(_("Hvem fra NAV"), _("Skriv hvem fra NAV som deltok."), 200,
                            area=False)
    employer_participants = _text(_("Hvem fra arbeidsgiveren"),
                                  _("Skriv hvem fra arbeidsgiveren som deltok."), 200, area=False)
    outcome = forms.ChoiceField(
        label=_("Resultat"), choices=TalkRequest.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Velg resultatet av samtalen."),
                        "invalid_choice": _("Velg resultatet av samtalen.")})
    outcome_note = _text(_("Kommentar til arbeidsgiveren"), None, 1000,
                         help_text=_("Arbeidsgiveren ser kommentaren. Skriv hva de bør prøve "
                                     "først når du har valgt «Prøv dette først»."))

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_talk_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["talk_date"]
        if value > self.today:
            raise forms.ValidationError(_("Datoen for samtalen kan ikke være fram i tid. "
                                          "Skriv ned samtalen etter at den er holdt."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == TalkRequest.Outcome.TRY_FIRST and not data.get("outcome_note"):
            self.add_error("outcome_note", _("Skriv hva arbeidsgiveren bør prøve først."))
        return data


class MessageForm(forms.Form):
    body = _text(_("Melding"), _("Skriv meldingen før du sender."), 4000,
                 help_text=HEALTH_WARNING)
    attachment = forms.FileField(label=_("Vedlegg (PDF, PNG eller JPEG)"), required=False)
    # Set when the sender has read the warning about health details and sends anyway.
    confirm_health = forms.BooleanField(required=False, widget=forms.HiddenInput)
