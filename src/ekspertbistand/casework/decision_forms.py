"""Forms for the assessment, the decision and grant changes: they parse and say in Norwegian
what is wrong with a field; the rules themselves are in domain/ and the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ekspertbistand.domain.assessment import VERDICT_LABELS


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required,
                           input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Skriv datoen som dd.mm.åååå."),
                                           "required": _("Skriv inn datoen.")})


def _amount(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=0,
                              error_messages={"invalid": _("Skriv beløpet i hele kroner, uten "
                                                           "mellomrom eller komma."),
                                              "required": _("Skriv inn beløpet i hele kroner."),
                                              "min_value": _("Beløpet kan ikke være negativt.")})


VERDICT_CHOICES = [(v.value, label) for v, label in VERDICT_LABELS.items()]


class DecisionForm(forms.Form):
    """Amount and period are needed for a grant, not for a rejection: required unless the
    outcome posted is «reject», and never required in the browser (both outcomes share it)."""

    use_required_attribute = False
    outcome = forms.ChoiceField(label=_("Vedtak"), widget=forms.RadioSelect, choices=[
        ("grant", _("Innvilge")), ("reject", _("Avslå"))],
        error_messages={"required": _("Velg om søknaden skal innvilges eller avslås.")})
    amount_kr = _amount(_("Tilsagnsbeløp (opptil, kr)"))
    period_start = _date(_("Periode fra"))
    period_end = _date(_("Periode til"))
    lowered_reason = forms.CharField(
        label=_("Begrunnelse for lavere beløp enn søkt"), required=False,
        help_text=_("Påkrevd når beløpet er lavere enn det som er søkt om. Står i brevet."),
        widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Begrunnelse for avslag"), required=False,
                             help_text=_("Påkrevd ved avslag. Står i vedtaksbrevet."),
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm_over_budget = forms.BooleanField(
        label=_("Jeg vet at budsjettrammen blir overskredet, og vil fatte vedtaket likevel"),
        required=False)


    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.is_bound and self.data.get("outcome") == "reject":
            for name in ("amount_kr", "period_start", "period_end"):
                self.fields[name].required = False


class ApproveForm(forms.Form):
    confirm_over_budget = forms.BooleanField(
        label=_("Jeg vet at budsjettrammen blir overskredet, og vil fatte vedtaket likevel"),
        required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar til saksbehandleren"),
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Skriv hva saksbehandleren skal se "
                                                            "på igjen.")})


class ChangeGrantForm(forms.Form):
    amount_kr = _amount(_("Nytt beløp (opptil, kr)"))
    period_start = _date(_("Ny periode fra"))
    period_end = _date(_("Ny periode til"))
    expert_name = forms.CharField(label=_("Ekspert (ved bytte)"), required=False)
    expert_company = forms.CharField(label=_("Ekspertens virksomhet (ved bytte)"), required=False)
    reason = forms.CharField(label=_("Begrunnelse for endringen"),
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Skriv hvorfor tilsagnet endres.")})


class CancelGrantForm(forms.Form):
    prefix = "annuller"  # beside the change form on the same page
    reason = forms.CharField(label=_("Begrunnelse for annulleringen"),
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Skriv hvorfor tilsagnet annulleres.")})


class BudgetFrameForm(forms.Form):
    unit = forms.CharField(required=False, widget=forms.HiddenInput)
    amount_kr = _amount(_("Ramme (kr)"))
