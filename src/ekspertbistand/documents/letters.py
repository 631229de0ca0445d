"""Decision and grant letters, rendered with WeasyPrint. NAV's archived copy is PDF/A-2b and
leaves out a protected employee's identity (kode 6/7); the employer's downloaded copy is
PDF/UA-1, names the employee and reveals no protection (decision 0016,
``decision_selectors.letter_privacy``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case, Decision, Document, Grant
from ekspertbistand.documents.rendering import ARCHIVE_VARIANT, DOWNLOAD_VARIANT
from ekspertbistand.domain.assessment import CONDITIONS_BY_KEY
from ekspertbistand.domain.decision import APPEAL_BASIS, APPEAL_WEEKS, LEGAL_BASIS
from ekspertbistand.domain.money import format_kr

TEMPLATES = {
    Document.Kind.GRANT_LETTER: "documents/grant_letter.html",
    Document.Kind.GRANT_CHANGE_LETTER: "documents/grant_letter.html",
    Document.Kind.GRANT_CANCEL_LETTER: "documents/grant_cancel_letter.html",
    Document.Kind.REJECTION_LETTER: "documents/rejection_letter.html",
}
FILE_NAMES = {
    Document.Kind.GRANT_LETTER: "tilsagnsbrev",
    Document.Kind.GRANT_CHANGE_LETTER: "endret-tilsagn",
    Document.Kind.GRANT_CANCEL_LETTER: "annullert-tilsagn",
    Document.Kind.REJECTION_LETTER: "vedtak-avslag",
}


def format_account(number: str) -> str:
    """11 digits as the bank writes them: 8601.11.17947."""
    return f"{number[:4]}.{number[4:6]}.{number[6:]}" if len(number) == 11 else number


def letter_context(case: Case, kind: str, key: str, *, audience: str) -> dict[str, Any]:
    """What the letter says. Raises ``ObjectDoesNotExist`` for a letter that was never
    written (a cancellation letter for an active grant, a rejection that was not decided)."""
    privacy = ds.letter_privacy(case, audience)
    context: dict[str, Any] = {
        "case": case, "kind": kind, "privacy": privacy, "archived": audience == "archive",
        "legal_basis": LEGAL_BASIS, "appeal_basis": APPEAL_BASIS, "appeal_weeks": APPEAL_WEEKS,
        "printed_at": timezone.localtime(),
    }
    if kind == Document.Kind.REJECTION_LETTER:
        decision = Decision.objects.select_related("decided_by").get(
            case=case, pk=int(key) if key.isdigit() else 0, state=Decision.State.DECIDED,
            outcome=Decision.Outcome.REJECT)
        assessments = {a.condition: a for a in case.assessments.all()}
        context.update(decision=decision, decided_at=decision.decided_at,
                       caseworker=ds.caseworker_of(case, decision), decider=decision.decided_by,
                       failed=[(CONDITIONS_BY_KEY[k], assessments.get(k))
                               for k in decision.failed_conditions if k in CONDITIONS_BY_KEY])
    else:
        grant = Grant.objects.select_related("decision", "caseworker", "decider", "replaces").get(
            case=case, number=key)
        # Only the letter that was written for this grant exists.
        if kind == Document.Kind.GRANT_CANCEL_LETTER:
            written = grant.state == Grant.State.CANCELLED
        else:  # the first grant's letter, or the letter of a grant that replaced another
            written = (kind == Document.Kind.GRANT_CHANGE_LETTER) == bool(grant.replaces_id)
        if not written:
            raise Grant.DoesNotExist(key)
        context.update(grant=grant, decision=grant.decision, decided_at=grant.created_at,
                       caseworker=grant.caseworker, decider=grant.decider,
                       changed=kind == Document.Kind.GRANT_CHANGE_LETTER,
                       amount=format_kr(grant.amount_kr),
                       applied=format_kr(case.amount_applied or 0),
                       account=format_account(grant.account_number))
    return context


def letter_html(case: Case, kind: str, key: str, *, audience: str) -> str:
    return render_to_string(TEMPLATES[kind], letter_context(case, kind, key, audience=audience))


def render_letter_pdf(case: Case, kind: str, key: str, *, audience: str) -> bytes:
    """NAV's archived copy as PDF/A-2b, a downloaded copy as PDF/UA-1, both tagged
    (decision 0016)."""
    from weasyprint import HTML  # imported late: loading pango takes a moment

    html = letter_html(case, kind, key, audience=audience)
    variant = ARCHIVE_VARIANT if audience == "archive" else DOWNLOAD_VARIANT
    pdf: bytes = HTML(string=html).write_pdf(pdf_variant=variant, pdf_tags=True)
    return pdf


def file_name(case: Case, kind: str, key: str) -> str:
    return f"{FILE_NAMES[kind]}-{case.reference}-{key}.pdf"
