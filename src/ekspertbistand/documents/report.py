"""The expert's report as PDF, rendered from plain data: the copy a user downloads is tagged
PDF/UA-1, NAV's archived copy PDF/A-2b (decision 0016, as for the receipt).

The caller decides what may be shown of the employee (``cases.privacy.employee_name`` with
``archived=True`` for the archive) and passes the name to print; this module only lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string

from ekspertbistand.documents.rendering import ARCHIVE_VARIANT, DOWNLOAD_VARIANT
from ekspertbistand.domain.report_template import (
    OUTCOMES,
    PARTY_LABELS,
    SECTIONS_BY_KEY,
    Party,
    ReportContent,
)


@dataclass(frozen=True)
class ReportDocument:
    case_reference: str
    grant_number: str
    employer_name: str
    employer_orgnr: str
    employee_name: str  # as the caller may show it (e.g. left out for kode 6)
    expert_name: str
    provider_name: str
    written_on: dt.date
    content: ReportContent
    employee_approved_on: dt.date | None = None
    archived: bool = False


def report_html(document: ReportDocument) -> str:
    content = document.content
    measures = [
        {"party": PARTY_LABELS[party], "rows": [m for m in content.measures if m.party is party]}
        for party in Party
    ]
    return render_to_string("documents/report.html", {
        "doc": document, "content": content, "sections": SECTIONS_BY_KEY,
        "measures": [group for group in measures if group["rows"]],
        "outcome": OUTCOMES.get(content.outcome, ""),
    })


def render_report_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML  # imported late: loading pango takes a moment

    variant = ARCHIVE_VARIANT if document.archived else DOWNLOAD_VARIANT
    pdf: bytes = HTML(string=report_html(document)).write_pdf(pdf_variant=variant, pdf_tags=True)
    return pdf
