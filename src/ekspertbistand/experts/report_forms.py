"""The report's forms: the expert's report by the template's sections (with guidance as help
text), its proposed measures, the expert's resolution of each privacy flag, and the employee's
answer. They turn posted data into ``domain.report_template.ReportContent`` and back, and the
domain judges it, so the pages and the API give the same messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.application import DATE_INPUT_FORMATS, radio, required
from ekspertbistand.domain.report_privacy import Flag, FlagResolution, Resolution
from ekspertbistand.domain.report_template import (
    OUTCOMES,
    PARTY_LABELS,
    SECTIONS_BY_KEY,
    Measure,
    Party,
    ReportContent,
    check_report,
)

MEASURE_ROWS = 6  # empty rows offered; a page works without JavaScript


def _section_text(key: str, max_length: int = 4000) -> forms.CharField:
    section = SECTIONS_BY_KEY[key]
    return forms.CharField(
        label=section.title, max_length=max_length, required=False,
        help_text=f"{section.guidance} {section.avoid}".strip(),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("Teksten kan ha høyst %(limit_value)d tegn.")},
    )


class ReportForm(forms.Form):
    """The report's texts and outcome. Required-ness is judged by ``check_report`` so a draft
    can be saved half-written."""

    assignment = _section_text("assignment")
    work_done = _section_text("work_done")
    causes = _section_text("causes")
    outcome = forms.ChoiceField(label=SECTIONS_BY_KEY["outcome"].title, required=False,
                                choices=list(OUTCOMES.items()), widget=forms.RadioSelect,
                                help_text=SECTIONS_BY_KEY["outcome"].guidance)
    outcome_note = forms.CharField(label=_("Forklaring av resultatet"), required=False,
                                   max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class MeasureForm(forms.Form):
    party = forms.ChoiceField(label=_("Tiltak for"), choices=[(p.value, label) for p, label
                                                              in PARTY_LABELS.items()],
                              error_messages=required(_("Velg hvem tiltaket er for.")))
    description = forms.CharField(label=_("Tiltaket"), max_length=500, required=False)
    responsible = forms.CharField(label=_("Hvem er ansvarlig"), max_length=200, required=False,
                                  help_text=_("En rolle, for eksempel «nærmeste leder»."))
    due = forms.DateField(label=_("Frist"), required=False, input_formats=DATE_INPUT_FORMATS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": _("Skriv fristen som dd.mm.åååå.")})

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("description", "responsible", "due"))


MeasureFormSet = forms.formset_factory(MeasureForm, extra=MEASURE_ROWS, max_num=20)


def report_content(form: ReportForm, measures: Any, employee_comments: str = "") -> ReportContent:
    """The posted report as plain data; call after ``is_valid()`` on both."""
    data = form.cleaned_data
    rows = [m for m in measures.forms if m.is_valid() and not m.is_blank()]
    return ReportContent(
        assignment=data.get("assignment", ""), work_done=data.get("work_done", ""),
        causes=data.get("causes", ""),
        measures=tuple(Measure(Party(m.cleaned_data["party"]), m.cleaned_data["description"],
                               m.cleaned_data["responsible"], m.cleaned_data["due"])
                       for m in rows),
        outcome=data.get("outcome") or "", outcome_note=data.get("outcome_note", ""),
        employee_comments=employee_comments,
    )


def add_report_errors(form: ReportForm, content: ReportContent, written_on: dt.date) -> bool:
    """Put ``check_report``'s messages on the form; True when there were none."""
    problems = check_report(content, written_on)
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)
    return not problems


class FlagResolutionForm(forms.Form):
    """One field pair per privacy flag: remove it, or keep it with a reason."""

    def __init__(self, *args: Any, flags: Sequence[Flag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flags = list(flags)
        for flag in self.flags:
            self.fields[f"resolution_{flag.key}"] = radio(
                f"«{flag.text}» – {flag.label}",
                [(Resolution.REMOVED.value, _("Fjern det fra teksten")),
                 (Resolution.KEPT.value, _("Behold det, med en begrunnelse"))],
                _("Velg om «%(text)s» skal fjernes eller beholdes.") % {"text": flag.text})
            self.fields[f"resolution_{flag.key}"].help_text = flag.reason
            self.fields[f"reason_{flag.key}"] = forms.CharField(
                label=_("Hvorfor må det stå i rapporten?"), required=False, max_length=500)

    def resolutions(self) -> list[FlagResolution]:
        return [FlagResolution(flag.key, Resolution(self.cleaned_data[f"resolution_{flag.key}"]),
                               self.cleaned_data.get(f"reason_{flag.key}", ""))
                for flag in self.flags if self.cleaned_data.get(f"resolution_{flag.key}")]


class EmployeeResponseForm(forms.Form):
    """The employee reads the report first: approves it, or comments (it still goes on, with
    the comments, to the employer and NAV)."""

    answer = radio(_("Hva vil du gjøre med rapporten?"),
                   [("approve", _("Jeg har lest rapporten og godkjenner at den sendes")),
                    ("comment", _("Jeg vil skrive kommentarer som følger med rapporten"))],
                   _("Velg om du godkjenner rapporten eller vil kommentere den."))
    comments = forms.CharField(label=SECTIONS_BY_KEY["employee_comments"].title, required=False,
                               max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("Kommentarene dine følger med rapporten til "
                                           "arbeidsgiveren og NAV."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "comment" and not (data.get("comments") or "").strip():
            self.add_error("comments", _("Skriv kommentarene dine, eller velg å godkjenne "
                                         "rapporten."))
        return data
