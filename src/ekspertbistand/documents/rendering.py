"""PDFs rendered from HTML templates with WeasyPrint.

The copy a user downloads is tagged PDF/UA-1 (readable by screen readers); NAV's archived copy
is PDF/A-2b, tagged as well, the archival format (decision 0016). What either shows of a
protected employee and of the unit handling the case is decided by ``cases.privacy``.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ekspertbistand.cases import privacy
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.cases.selectors import application_summary, submitted_context
from ekspertbistand.domain.case_status import ConsentStatus

DOWNLOAD_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-2b"


def receipt_html(case: Case, *, role: Role | str = Role.EMPLOYER, archived: bool = False) -> str:
    """The receipt as ``role`` may read it, or NAV's archived copy (``archived``)."""
    reader = Role.CASEWORKER if archived else Role(role)
    shows_identity = privacy.shows_employee_identity(case, reader, archived=archived)
    context = submitted_context(case)
    return render_to_string("documents/receipt.html", {
        "case": case,
        "sections": list(application_summary(context, protect_identity=not shows_identity)),
        "unit": privacy.unit_contact(case, reader),
        "consent_agreed": case.consent_status == ConsentStatus.AGREED,
        "archived": archived,
        "printed_at": timezone.localtime(),
    })


def render_receipt_pdf(case: Case, *, role: Role | str = Role.EMPLOYER,
                       archived: bool = False) -> bytes:
    from weasyprint import HTML  # imported late: loading pango takes a moment

    html = HTML(string=receipt_html(case, role=role, archived=archived))
    pdf: bytes = html.write_pdf(pdf_variant=ARCHIVE_VARIANT if archived else DOWNLOAD_VARIANT,
                                pdf_tags=True)
    return pdf
