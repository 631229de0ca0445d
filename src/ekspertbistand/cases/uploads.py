"""Checks on files people upload (answers to NAV, messages, the expert's invoice).

A file is judged by its content, never by its name: a PDF must start like a PDF and parse,
an image must be a PNG or JPEG by its bytes. Every file passes a virus-scan hook (a no-op in
demo; production points ``EB_VIRUS_SCANNER`` at a function that raises on a finding).
Accepted files are stored through Django's storage API (``Attachment.file``), so production
can use object storage without code changes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

ALLOWED_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    extension: str
    size: int
    sha256: str
    content: bytes


def no_virus_scan(content: bytes) -> None:
    """The demo's scanner: finds nothing."""


def _scanner() -> Callable[[bytes], None]:
    return import_string(getattr(settings, "VIRUS_SCANNER", "")
                         or "ekspertbistand.cases.uploads.no_virus_scan")


def _pdf_parses(content: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False


def check_upload(upload: UploadedFile, *, field_label: str) -> CheckedUpload:
    """The file if it is an allowed type by content, within the size limit and clean; else a
    ``ValidationError`` in Norwegian that names the field and says what to do."""
    limit: int = settings.UPLOAD_MAX_BYTES
    name = (upload.name or "vedlegg").rsplit("/", 1)[-1][:200]
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("%(field)s: filen «%(name)s» er større enn %(mb)s MB. Last opp en mindre fil, "
              "for eksempel en PDF med lavere oppløsning.")
            % {"field": field_label, "name": name, "mb": limit // (1024 * 1024)})
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("%(field)s: filen «%(name)s» er større enn %(mb)s MB. Last opp en mindre fil.")
            % {"field": field_label, "name": name, "mb": limit // (1024 * 1024)})
    if not content:
        raise ValidationError(_("%(field)s: filen «%(name)s» er tom. Velg filen på nytt.")
                              % {"field": field_label, "name": name})
    kind = filetype.guess(content)
    content_type = kind.mime if kind is not None else ""
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(field)s: «%(name)s» er ikke en PDF, PNG eller JPEG (vi sjekker innholdet, ikke "
              "filnavnet). Lagre dokumentet som PDF og last det opp på nytt.")
            % {"field": field_label, "name": name})
    if content_type == "application/pdf" and not _pdf_parses(content):
        raise ValidationError(
            _("%(field)s: PDF-filen «%(name)s» er skadet og kan ikke åpnes. Lagre den på nytt "
              "som PDF og last den opp igjen.") % {"field": field_label, "name": name})
    scan = _scanner()  # a misconfigured scanner is an error, not a finding
    try:
        scan(content)
    except ValidationError:
        raise
    except Exception as error:  # the scanner's finding, whatever its type
        raise ValidationError(
            _("%(field)s: filen «%(name)s» ble stoppet av virussjekken. Last opp en annen kopi.")
            % {"field": field_label, "name": name}) from error
    return CheckedUpload(name=name, content_type=content_type,
                         extension=ALLOWED_TYPES[content_type], size=len(content),
                         sha256=hashlib.sha256(content).hexdigest(), content=content)
