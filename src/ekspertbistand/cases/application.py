"""The application (søknad) as steps, one topic a page, each a Django form.

The pages and the API validate through these same forms, so the messages are the same.
Raw answers are stored per step as typed (see ``Case.answers``) and validated again before
submission, when every rule is judged as of the day of submission.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ekspertbistand.domain import categories
from ekspertbistand.domain.errors import NoRateConfigured
from ekspertbistand.domain.identifiers import clean_national_id, clean_orgnr, clean_phone
from ekspertbistand.domain.money import CostKind, CostLine, check_amount, total_cost
from ekspertbistand.domain.periods import check_period
from ekspertbistand.domain.rates import rate_for_period

# A character that cannot be stored or shown: NUL (PostgreSQL refuses it in text and JSON)
# and lone UTF-16 surrogates (not valid Unicode text; nothing can encode them as UTF-8).
# Each is replaced by U+FFFD where answers are taken in, and a field holding U+FFFD gets an
# error until the user removes it: nothing broken is stored and nothing else typed is lost.
UNUSABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
EARLIEST_DATE = dt.date(1900, 1, 1)

HEALTH_WARNING = (
    _("Ikke skriv diagnoser eller andre helseopplysninger. Beskriv hvordan situasjonen "
    "påvirker arbeidet, ikke sykdommen.")
)
YES_NO = [("yes", _("Ja")), ("no", _("Nei"))]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def clean_text(value: str) -> str:
    """``value`` with every unusable character replaced by U+FFFD, so it can be stored."""
    return UNUSABLE_CHARACTERS.sub(REPLACEMENT, value)


def clean_answers(value: Any) -> Any:
    """Stored or received answers (JSON: dicts, lists, strings) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_answers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_answers(v) for v in value]
    return value


def unusable_character_message(label: Any) -> str:
    return str(format_lazy(_("«{}» inneholder et tegn som ikke kan brukes (vist som «\ufffd»). "
                             "Fjern tegnet og skriv teksten på nytt."), label))


def required(message: str) -> dict[str, str]:
    return {"required": message, "invalid": message, "invalid_choice": message}


def date_field(label: str, message: str) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(EARLIEST_DATE, format_lazy(
            _("Sjekk årstallet: «{}» kan ikke være før {}."), label,
            EARLIEST_DATE.strftime("%d.%m.%Y")))],
        error_messages={"required": message,
                        "invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 15.01.2027.")},
    )


def radio(label: str, choices: list[tuple[str, str]], message: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages=required(message))


def checkboxes(label: str, choices: dict[str, str], message: str | None = None
               ) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=list(choices.items()), widget=forms.CheckboxSelectMultiple,
        required=message is not None, error_messages=required(message or ""),
    )


def text(label: str, message: str | None, max_length: int = 200, area: bool = False,
         help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=message is not None,
        help_text=help_text, widget=forms.Textarea(attrs={"rows": 5}) if area else None,
        error_messages={"required": message or "",
                        "max_length": format_lazy(_("Teksten kan ha høyst {} tegn."),
                                                  max_length)},
    )


class StepForm(forms.Form):
    """A step of the application. ``context`` carries the case's other answers and the day
    the rules are judged at, for rules that span steps.

    ``follow_ups`` names the questions that only apply after a given answer to another
    question in the step: {follow-up field: (field, answer that makes it apply)}. A follow-up
    that does not apply is neither required nor printed (summary, PDF, NAV's case page)."""

    follow_ups: dict[str, tuple[str, str]] = {}

    def applies(self, name: str, values: Mapping[str, Any]) -> bool:
        """Whether question ``name`` applies, given the step's ``values`` (raw or cleaned)."""
        if name not in self.follow_ups:
            return True
        parent, answer = self.follow_ups[name]
        return str(values.get(parent) or "") == answer

    def __init__(self, *args: Any, context: StepContext | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context = context or StepContext(answers={}, today=timezone.localdate())
        if self.is_bound and isinstance(self.data, Mapping) and not hasattr(self.data, "getlist"):
            # Stored answers (a plain dict): a value stored before unusable characters were
            # cleaned on the way in is shown, and refused, with U+FFFD in its place.
            self.data = clean_answers(dict(self.data))

    def _clean_fields(self) -> None:
        """A field holding U+FFFD (an unusable character) gets that error and no other."""
        super()._clean_fields()
        for name, bound in self._bound_items():
            values = bound.data if isinstance(bound.data, list | tuple) else [bound.data]
            if any(isinstance(v, str) and REPLACEMENT in clean_text(v) for v in values):
                self._errors.pop(name, None)
                self.add_error(name, unusable_character_message(bound.field.label))

    def _post_clean(self) -> None:
        """Link each input to its hint and error text for screen readers."""
        super()._post_clean()
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            described = [f"{auto_id}-hint"] if field.help_text else []
            if name in self.errors:
                described.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


@dataclass(frozen=True)
class StepContext:
    answers: Mapping[str, Mapping[str, Any]]
    today: dt.date
    rate_table: tuple[tuple[dt.date, int], ...] = ()


class ContactForm(StepForm):
    contact_name = text(
        _("Navn på kontaktperson"), _("Skriv inn navnet på kontaktpersonen."),
        help_text=_("Den som følger opp arbeidstakeren i hverdagen, vanligvis nærmeste leder. "
                    "NAV tar kontakt med denne personen om søknaden."))
    contact_phone = forms.CharField(label=_("Telefonnummer"), max_length=20, error_messages=required(
        _("Skriv inn telefonnummeret til kontaktpersonen (8 siffer).")))
    contact_email = forms.EmailField(label=_("E-post"), error_messages=required(
        _("Skriv inn en gyldig e-postadresse, for eksempel navn@virksomhet.no.")))

    def clean_contact_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data["contact_phone"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class EmployeeForm(StepForm):
    employee_national_id = forms.CharField(
        label=_("Fødselsnummer eller D-nummer (11 siffer)"), max_length=14,
        error_messages=required(_("Skriv inn fødselsnummeret eller D-nummeret til arbeidstakeren.")))
    employee_name = text(_("Arbeidstakerens navn"), _("Skriv inn arbeidstakerens navn."))
    sick_leave_pattern = radio(_("Hva slags sykefravær har arbeidstakeren hatt?"),
                               list(categories.SICK_LEAVE_PATTERNS.items()),
                               _("Velg hva slags sykefravær arbeidstakeren har hatt."))
    on_sick_leave_now = radio(_("Er arbeidstakeren sykmeldt nå?"), YES_NO,
                              _("Svar på om arbeidstakeren er sykmeldt nå."))
    sick_leave_percent = forms.IntegerField(
        label=_("Hvor mange prosent er arbeidstakeren sykmeldt?"), min_value=1, max_value=100,
        required=False, help_text=_("100 hvis arbeidstakeren er helt sykmeldt. Bare omfanget, "
                                    "ikke årsaken."),
        error_messages={"invalid": _("Sykmeldingsprosenten må være et helt tall mellom 1 og "
                                     "100."),
                        "min_value": _("Sykmeldingsprosenten må være minst 1."),
                        "max_value": _("Sykmeldingsprosenten kan ikke være over 100.")})
    position_title = text(_("Stilling"), _("Skriv inn hvilken stilling arbeidstakeren har."))
    position_percent = forms.IntegerField(
        label=_("Stillingsprosent"), min_value=1, max_value=100,
        error_messages={"required": _("Skriv inn stillingsprosenten (1–100)."),
                        "invalid": _("Stillingsprosenten må være et helt tall mellom 1 og 100."),
                        "min_value": _("Stillingsprosenten må være minst 1."),
                        "max_value": _("Stillingsprosenten kan ikke være over 100.")})
    work_tasks = text(_("Arbeidsoppgaver"),
                      _("Beskriv kort arbeidstakerens arbeidsoppgaver."), 1000, True,
                      format_lazy("{} {}", _("Hva arbeidstakeren vanligvis gjør i jobben."),
                                  HEALTH_WARNING))
    working_hours = text(_("Arbeidstid"), _("Skriv inn arbeidstakerens arbeidstid."),
                         help_text=_("For eksempel «Dagtid 08–16» eller «Turnus, dag og kveld, "
                                     "hver tredje helg»."))
    employed_since = date_field(_("Ansatt fra"), _("Skriv inn datoen arbeidstakeren ble ansatt."))

    follow_ups = {"sick_leave_percent": ("on_sick_leave_now", "yes")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("on_sick_leave_now") == "yes" and data.get("sick_leave_percent") is None
                and "sick_leave_percent" not in self.errors):
            self.add_error("sick_leave_percent",
                           _("Skriv inn hvor mange prosent arbeidstakeren er sykmeldt (1–100)."))
        return data

    def clean_employee_national_id(self) -> str:
        try:
            return clean_national_id(self.cleaned_data["employee_national_id"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_employed_since(self) -> dt.date:
        value: dt.date = self.cleaned_data["employed_since"]
        if value > self.context.today:
            raise forms.ValidationError(
                _("Det må finnes et arbeidsforhold nå: ansettelsesdatoen kan ikke være fram i tid."))
        return value


class MeasuresForm(StepForm):
    in_house_measures = checkboxes(
        _("Hva har dere prøvd på arbeidsplassen?"), categories.IN_HOUSE_MEASURES,
        _("Kryss av for hva dere har prøvd på arbeidsplassen. Ekspertbistand forutsetter at "
        "tilrettelegging og oppfølging er prøvd."))
    in_house_description = text(_("Beskriv hva dere har prøvd, og hvordan det gikk"),
                                _("Beskriv hva dere har prøvd på arbeidsplassen."), 2000, True,
                                HEALTH_WARNING)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in categories.PUBLIC_SCHEMES.items():
            self.fields[f"scheme_{key}"] = radio(
                label, list(categories.SCHEME_STATUS.items()),
                format_lazy(_("Svar på om {} er prøvd eller vurdert. NAV kan hjelpe dere med "
                              "dette."), label))
            self.fields[f"scheme_{key}_note"] = text(
                format_lazy(_("Hvorfor ble {} ikke brukt?"), label), None, 1000, True)

    follow_ups = {f"scheme_{key}_note": (f"scheme_{key}", "considered")
                  for key in categories.PUBLIC_SCHEMES}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, label in categories.PUBLIC_SCHEMES.items():
            if data.get(f"scheme_{key}") == "considered" and not data.get(f"scheme_{key}_note"):
                self.add_error(f"scheme_{key}_note",
                               format_lazy(_("Skriv kort hvorfor {} ikke ble brukt."), label))
        return data


class BhtAndNavForm(StepForm):
    has_bht = radio(_("Har virksomheten bedriftshelsetjeneste (BHT)?"), YES_NO,
                    _("Svar på om virksomheten har bedriftshelsetjeneste."))
    outside_bht_reason = text(
        _("Hvorfor er dette utenfor det bedriftshelsetjenesten vanligvis gir?"), None, 1000, True)
    nav_contact_name = text(_("Hvem i NAV har dere snakket med?"),
                            _("Skriv inn hvem i NAV dere har snakket med. NAV må være kontaktet "
                            "før dere søker."))
    nav_contact_date = date_field(_("Når snakket dere med NAV?"),
                                  _("Skriv inn datoen dere snakket med NAV."))

    follow_ups = {"outside_bht_reason": ("has_bht", "yes")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Until the step is saved, filled from the recorded talk with NAV (decision 0030).
        talk = self.context.answers.get("nav_talk") or {}
        if not self.is_bound:
            self.initial.update({k: talk[k] for k in ("nav_contact_name", "nav_contact_date")
                                 if talk.get(k)})

    def clean_nav_contact_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["nav_contact_date"]
        if value > self.context.today:
            raise forms.ValidationError(
                _("Datoen for kontakten med NAV kan ikke være fram i tid. NAV må kontaktes før "
                "dere søker."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_bht") == "yes" and not data.get("outside_bht_reason"):
            self.add_error("outside_bht_reason",
                           _("Forklar hvorfor hjelpen er utenfor det bedriftshelsetjenesten "
                           "vanligvis gir. Det er et vilkår for tilskuddet."))
        return data


class NeedForm(StepForm):
    goals = checkboxes(_("Hva er målet med ekspertbistanden?"), categories.GOALS,
                       _("Velg minst ett mål for ekspertbistanden."))
    need_description = text(_("Beskriv behovet og hva eksperten skal hjelpe med"),
                            _("Beskriv hva eksperten skal hjelpe med."), 2000, True, HEALTH_WARNING)


class ExpertForm(StepForm):
    expert_name = text(_("Ekspertens navn"), _("Skriv inn navnet på eksperten."))
    expert_company = text(_("Virksomheten eksperten arbeider i"),
                          _("Skriv inn navnet på virksomheten eksperten arbeider i."))
    expert_orgnr = forms.CharField(label=_("Ekspertvirksomhetens organisasjonsnummer"), max_length=11,
                                   error_messages=required(
                                       _("Skriv inn organisasjonsnummeret til ekspertens virksomhet.")))
    expert_competence = checkboxes(_("Ekspertens kompetanseområder"), categories.COMPETENCE_AREAS,
                                   _("Velg minst ett kompetanseområde."))
    expert_education = text(
        _("Offentlig godkjent utdanning eller autorisasjon"),
        _("Skriv inn ekspertens offentlig godkjente utdanning eller autorisasjon. Eksperten må "
        "ha det for at dere kan få tilskudd."),
        help_text=_("For eksempel «Psykolog med autorisasjon» eller «Fysioterapeut, "
                  "autorisert»."))
    planned_assistance = text(_("Hva skal eksperten gjøre?"),
                              _("Beskriv hva eksperten skal gjøre."), 2000, True,
                              format_lazy("{} {}", _("For eksempel oppstartsmøte, "
                                                     "kartleggingssamtaler, besøk på "
                                                     "arbeidsplassen, avslutningsmøte og "
                                                     "rapport."), HEALTH_WARNING))

    def clean_expert_orgnr(self) -> str:
        try:
            return clean_orgnr(self.cleaned_data["expert_orgnr"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class PeriodForm(StepForm):
    start_date = date_field(_("Planlagt oppstart"), _("Skriv inn datoen eksperten skal starte."))
    end_date = date_field(_("Planlagt slutt"), _("Skriv inn datoen ekspertbistanden skal være ferdig."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            for problem in check_period(start, end, self.context.today):
                self.add_error(problem.field, problem.message)
            if self.context.rate_table:
                try:
                    rate_for_period(start, self.context.rate_table)
                except NoRateConfigured as error:
                    self.add_error("start_date" if "start_date" not in self.errors else None,
                                   str(error))
        return data


def _amount(label: str, message: str | None = None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=1_000_000, required=message is not None,
        error_messages={"required": message or "", "invalid": _("Skriv et helt tall (kroner)."),
                        "min_value": _("Beløpet kan ikke være negativt."),
                        "max_value": _("Beløpet er for høyt. Sjekk at det er riktig.")})


def _hours(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_value=500, decimal_places=2, required=False,
        error_messages={"invalid": _("Skriv antall timer som et tall, for eksempel 7,5."),
                        "min_value": _("Antall timer kan ikke være negativt."),
                        "max_value": _("Antall timer er for høyt. Sjekk at det er riktig."),
                        "max_decimal_places": _("Bruk høyst to desimaler.")},
        localize=True)


class CostsForm(StepForm):
    expert_hours = _hours(_("Ekspertens timer"))
    expert_hourly_rate = _amount(_("Timepris for eksperten (kr)"))
    preparation_hours = _hours(_("Timer til forberedelse"))
    preparation_hourly_rate = _amount(_("Timepris for forberedelse (kr)"))
    report_hours = _hours(_("Timer til å skrive rapport"))
    report_hourly_rate = _amount(_("Timepris for rapport (kr)"))
    travel_kr = _amount(_("Reise (kr)"))
    food_and_lodging_kr = _amount(_("Kost og losji (kr)"))
    amount_applied = _amount(_("Beløp dere søker om (kr)"), _("Skriv inn beløpet dere søker om."))

    HOUR_LINES = (
        (CostKind.EXPERT_HOURS, "expert_hours", "expert_hourly_rate"),
        (CostKind.PREPARATION, "preparation_hours", "preparation_hourly_rate"),
        (CostKind.REPORT, "report_hours", "report_hourly_rate"),
    )

    def cost_lines(self, data: Mapping[str, Any]) -> list[CostLine]:
        lines = []
        for kind, hours_field, rate_field in self.HOUR_LINES:
            hours, rate = data.get(hours_field), data.get(rate_field)
            if hours and rate:
                lines.append(CostLine(kind, hours_hundredths=int(hours * 100),
                                      hourly_rate_kr=rate))
        for kind, field in ((CostKind.TRAVEL, "travel_kr"),
                            (CostKind.FOOD_AND_LODGING, "food_and_lodging_kr")):
            if data.get(field):
                lines.append(CostLine(kind, amount_kr=data[field]))
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for _kind, hours_field, rate_field in self.HOUR_LINES:
            if bool(data.get(hours_field)) != bool(data.get(rate_field)) and not (
                hours_field in self.errors or rate_field in self.errors
            ):
                missing = rate_field if data.get(hours_field) else hours_field
                self.add_error(missing, _("Fyll ut både timer og timepris, eller la begge stå tomme."))
        lines = self.cost_lines(data)
        data["total_cost"] = total_cost(lines)
        if not lines and not self.errors:
            self.add_error("expert_hours", _("Fyll ut minst én kostnad, for eksempel ekspertens timer."))
        rate = self.max_rate()
        if rate is None:
            self.add_error(None, _("Fyll ut perioden først, så vi vet hvilken sats som gjelder."))
        elif "amount_applied" in data and data["amount_applied"] is not None and lines:
            for problem in check_amount(data["amount_applied"], data["total_cost"], rate):
                self.add_error("amount_applied", problem.message)
        return data

    def max_rate(self) -> int | None:
        """The maximum rate for the period in the other step, if that is filled in validly."""
        period = PeriodForm(self.context.answers.get("periode") or None, context=self.context)
        if not period.is_bound or not period.is_valid() or not self.context.rate_table:
            return None
        return rate_for_period(period.cleaned_data["start_date"], self.context.rate_table)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[StepForm]


STEPS: tuple[Step, ...] = (
    Step("kontaktperson", _("Kontaktperson"), ContactForm),
    Step("arbeidstaker", _("Arbeidstakeren"), EmployeeForm),
    Step("tiltak", _("Tiltak som er prøvd"), MeasuresForm),
    Step("bht-og-nav", _("Bedriftshelsetjeneste og kontakt med NAV"), BhtAndNavForm),
    Step("behov", _("Behov og mål"), NeedForm),
    Step("ekspert", _("Eksperten"), ExpertForm),
    Step("periode", _("Periode"), PeriodForm),
    Step("kostnader", _("Kostnader"), CostsForm),
)
STEPS_BY_SLUG = {s.slug: s for s in STEPS}


def raw_answers(form_class: type[StepForm], data: Any) -> dict[str, Any]:
    """What the user typed, as JSON: lists for multi-choice fields, strings otherwise."""
    form = form_class()
    raw: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            raw[name] = [clean_text(str(v))
                         for v in (values if isinstance(values, list) else [values])]
        else:
            value = data.get(name, "")
            raw[name] = "" if value is None else clean_text(str(value))
    if "employee_national_id" in raw:
        raw["employee_national_id"] = normalise_national_id(raw["employee_national_id"])
    return raw


def normalise_national_id(value: str) -> str:
    """Eleven digits typed with spaces, dots or dashes are stored as the 11 digits alone;
    anything else is kept as typed, for the user to correct."""
    compact = re.sub(r"[\s.\-]", "", value)
    return compact if re.fullmatch(r"\d{11}", compact) else value


def bind_step(step: Step, context: StepContext) -> StepForm:
    """The step's form bound to the stored answers (unbound if never saved)."""
    stored = context.answers.get(step.slug)
    return step.form(stored if stored is not None else None, context=context)


def step_errors(context: StepContext) -> dict[str, dict[str, list[str]]]:
    """Every step's errors, judged as of ``context.today``; empty when all is valid."""
    errors: dict[str, dict[str, list[str]]] = {}
    for step in STEPS:
        form = bind_step(step, context)
        if not form.is_bound:
            errors[step.slug] = {"__all__": [
                str(format_lazy(_("Steget «{}» er ikke fylt ut."), step.title))]}
        elif not form.is_valid():
            errors[step.slug] = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return errors


def cleaned(context: StepContext) -> dict[str, Any]:
    """All steps' cleaned values merged; call only when ``step_errors`` is empty."""
    merged: dict[str, Any] = {}
    for step in STEPS:
        form = bind_step(step, context)
        form.is_valid()
        merged.update(form.cleaned_data)
    return merged
