"""The receipt PDF a user downloads is tagged for screen readers (PDF/UA-1); NAV's archived
copy is PDF/A-2b (issue 11 point 23, decision 0016)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ekspertbistand.cases.models import Document
from ekspertbistand.cases.outbox import run_pending
from factories import login, submitted_case

pytestmark = pytest.mark.django_db


def xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    return metadata.decode()


def test_downloaded_receipt_is_tagged_pdf_ua(client, employer, employee, today):
    case = submitted_case(employer, employee, today)
    login(client, employer, "employer")
    reader = PdfReader(io.BytesIO(client.get(f"/saker/{case.public_id}/kvittering.pdf").content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nb"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp(reader) or 'pdfuaid:part="1"' in xmp(reader)
    assert case.reference in reader.metadata.title


def test_archived_receipt_is_pdf_a(employer, employee, today):
    case = submitted_case(employer, employee, today)
    run_pending()
    reader = PdfReader(io.BytesIO(bytes(Document.objects.get(case=case).content)))
    metadata = xmp(reader)
    assert ("<pdfaid:part>2</pdfaid:part>" in metadata or 'pdfaid:part="2"' in metadata)
    assert ("<pdfaid:conformance>B</pdfaid:conformance>" in metadata
            or 'pdfaid:conformance="B"' in metadata)
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]
