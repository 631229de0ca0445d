"""NAV's case page (composed of panels, ``casework/panels``) and the files on a case."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse

from ekspertbistand.cases import handling
from ekspertbistand.cases.permissions import Role
from ekspertbistand.casework.views._common import case_page, open_case
from ekspertbistand.portal.auth import role_required


@role_required(Role.CASEWORKER)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return case_page(request, open_case(request, public_id))


def attachment_response(attachment: Any) -> FileResponse:
    """A file as a download, never rendered by the browser as a page of ours."""
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.CASEWORKER)
def attachment(request: HttpRequest, public_id: Any, attachment_id: int) -> HttpResponse:
    case = open_case(request, public_id, purpose="attachment")
    return attachment_response(handling.attachment_for(
        request.user, Role.CASEWORKER, case, attachment_id))  # type: ignore[arg-type]
