"""PDFs rendered from HTML templates with WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ekspertbistand.cases.models import Case
from ekspertbistand.cases.selectors import application_summary, submitted_context
from ekspertbistand.domain.case_status import ConsentStatus


def receipt_html(case: Case, *, archived: bool) -> str:
    protected = case.address_protection in ("6", "7")
    context = submitted_context(case)
    return render_to_string("documents/receipt.html", {
        "case": case,
        "sections": list(application_summary(context, protect_identity=protected)),
        "consent_agreed": case.consent_status == ConsentStatus.AGREED,
        "archived": archived,
        "printed_at": timezone.localtime(),
    })


def render_receipt_pdf(case: Case, *, archived: bool = False) -> bytes:
    from weasyprint import HTML  # imported late: loading pango takes a moment

    pdf: bytes = HTML(string=receipt_html(case, archived=archived)).write_pdf()
    return pdf
