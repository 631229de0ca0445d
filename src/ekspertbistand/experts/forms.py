"""Forms of the experts register: the expert's own profile, the public list's filters and NAV's
check of a qualification. Every message names the field and says what to do."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.application import checkboxes, required, text
from ekspertbistand.domain import categories
from ekspertbistand.domain.identifiers import clean_orgnr, clean_phone

MIN_NOTE = 10


def county_field(label: str, choices: list[tuple[str, str]], message: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices,
                                     widget=forms.CheckboxSelectMultiple,
                                     error_messages=required(message))


class ProfileForm(forms.Form):
    """What an expert keeps in the register about themself and their provider."""

    orgnr = forms.CharField(
        label=_("Organisasjonsnummeret til virksomheten du arbeider i"), max_length=11,
        help_text=_("Vi henter navnet fra Enhetsregisteret. Er du selvstendig, bruker du "
                    "nummeret til enkeltpersonforetaket ditt."),
        error_messages=required(_("Skriv inn organisasjonsnummeret (9 siffer).")))
    competence_areas = checkboxes(_("Kompetanseområder"), categories.COMPETENCE_AREAS,
                                  _("Velg minst ett kompetanseområde."))
    education = text(
        _("Offentlig godkjent utdanning eller autorisasjon"),
        _("Skriv inn den offentlig godkjente utdanningen eller autorisasjonen din."), 300,
        help_text=_("For eksempel «Psykolog med autorisasjon» eller «Fysioterapeut, autorisert». "
                    "Uten det kan arbeidsgiveren ikke få tilskudd. Endrer du dette, må NAV "
                    "kontrollere det på nytt."))
    authorisation_number = forms.CharField(
        label=_("HPR-nummer"), required=False, max_length=12,
        help_text=_("Nummeret ditt i Helsepersonellregisteret, hvis du er autorisert "
                    "helsepersonell. NAV bruker det til å kontrollere autorisasjonen."))
    counties = county_field(_("Fylker du tar oppdrag i"), [],
                            _("Velg minst ett fylke du tar oppdrag i."))
    presentation = text(
        _("Kort presentasjon"), None, 1000, True,
        _("Hva du tilbyr og hvordan du arbeider, slik arbeidsgivere ser det i ekspertlisten. "
          "Ikke skriv om tidligere oppdrag eller personer."))
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Skriv nettadressen som "
                                                          "https://www.eksempel.no.")})
    email = forms.EmailField(label=_("E-post for henvendelser"), required=False,
                             error_messages={"invalid": _("Skriv e-postadressen som "
                                                          "navn@eksempel.no.")})
    phone = forms.CharField(label=_("Telefon for henvendelser"), required=False, max_length=20)
    listed = forms.BooleanField(label=_("Vis meg i den offentlige ekspertlisten"), required=False)

    def __init__(self, *args: Any, counties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counties"].choices = counties  # type: ignore[attr-defined]

    def clean_orgnr(self) -> str:
        try:
            return clean_orgnr(self.cleaned_data["orgnr"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_authorisation_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data.get("authorisation_number") or "")
        if value and not re.fullmatch(r"\d{7,9}", value):
            raise forms.ValidationError(_("HPR-nummeret har 7 til 9 siffer. La feltet stå tomt "
                                          "hvis du ikke har et."))
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone") or ""
        if not value.strip():
            return ""
        try:
            return clean_phone(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ListFilterForm(forms.Form):
    """The public list's filters; an unknown value is ignored rather than refused."""

    kompetanse = forms.ChoiceField(label=_("Kompetanseområde"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)

    def __init__(self, *args: Any, counties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kompetanse"].choices = [("", _("Alle"))] + list(  # type: ignore[attr-defined]
            categories.COMPETENCE_AREAS.items())
        self.fields["fylke"].choices = [("", _("Alle"))] + counties  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "") if self.is_valid() else ""


class QualificationForm(forms.Form):
    note = forms.CharField(
        label=_("Hva kontrollerte du?"), max_length=300,
        help_text=_("For eksempel «Autorisasjon som psykolog kontrollert i "
                    "Helsepersonellregisteret»."),
        error_messages=required(_("Skriv hva du kontrollerte (minst 10 tegn).")))

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if len(note) < MIN_NOTE:
            raise forms.ValidationError(_("Skriv hva du kontrollerte (minst 10 tegn)."))
        return str(note)
