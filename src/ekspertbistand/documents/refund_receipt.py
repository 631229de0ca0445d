"""The refund receipt as PDF: tagged PDF/UA-1 to download, PDF/A-2b archived once (decision
0016). It names the organisation, the grant, the cost lines and the amounts; never the
employee's identity number, and the employee's name only where ``cases.privacy`` allows."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ekspertbistand.cases import privacy
from ekspertbistand.cases.permissions import Role
from ekspertbistand.documents.rendering import ARCHIVE_VARIANT, DOWNLOAD_VARIANT
from ekspertbistand.domain.money import format_kr
from ekspertbistand.refunds.models import Refund


def refund_receipt_html(refund: Refund, *, archived: bool = False) -> str:
    case = refund.case
    return render_to_string("documents/refund_receipt.html", {
        "case": case, "refund": refund, "grant": refund.grant,
        "lines": [{"label": line.get_kind_display(), "hours": line.hours_hundredths / 100,
                   "rate": line.hourly_rate_kr,
                   "total": format_kr(line.as_domain().total_kr)} for line in refund.lines.all()],
        "total": format_kr(refund.total_costs_kr), "refund_kr": format_kr(refund.refund_kr),
        "employer_share": format_kr(refund.employer_share_kr),
        "paid": format_kr(refund.paid_kr),
        "show_employee": privacy.shows_employee_identity(case, Role.EMPLOYER, archived=archived),
        "archived": archived, "printed_at": timezone.localtime(),
    })


def render_refund_receipt_pdf(refund: Refund, *, archived: bool = False) -> bytes:
    from weasyprint import HTML  # imported late: loading pango takes a moment

    pdf: bytes = HTML(string=refund_receipt_html(refund, archived=archived)).write_pdf(
        pdf_variant=ARCHIVE_VARIANT if archived else DOWNLOAD_VARIANT, pdf_tags=True)
    return pdf
