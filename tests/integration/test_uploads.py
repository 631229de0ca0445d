"""Uploaded files are judged by content, size and a scan hook (cases/uploads.py)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ekspertbistand.cases.uploads import check_upload
from factories import pdf_bytes


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_real_pdf_and_a_png_are_accepted():
    checked = check_upload(upload("faktura.pdf", pdf_bytes()), field_label="Faktura")
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert check_upload(upload("skjerm.png", png_bytes()), field_label="Vedlegg").extension == "png"


def test_a_text_file_renamed_pdf_is_refused_by_its_content():
    with pytest.raises(ValidationError, match="ikke en PDF, PNG eller JPEG"):
        check_upload(upload("faktura.pdf", b"Dette er ikke en PDF\n" * 10), field_label="Faktura")


def test_a_broken_pdf_is_refused():
    with pytest.raises(ValidationError, match="skadet"):
        check_upload(upload("faktura.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50),
                     field_label="Faktura")


def test_too_large_and_empty_files_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="større enn"):
        check_upload(upload("stor.png", png_bytes() + b"\x00" * 2048), field_label="Vedlegg")
    with pytest.raises(ValidationError, match="tom"):
        check_upload(upload("tom.pdf", b""), field_label="Vedlegg")


def test_the_virus_scan_hook_stops_a_finding(settings, monkeypatch):
    def refuse_everything(content: bytes) -> None:
        raise RuntimeError("EICAR")

    monkeypatch.setattr("ekspertbistand.cases.uploads.no_virus_scan", refuse_everything)
    with pytest.raises(ValidationError, match="virussjekken"):
        check_upload(upload("faktura.pdf", pdf_bytes()), field_label="Faktura")
