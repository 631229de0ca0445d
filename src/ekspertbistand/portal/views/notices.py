"""The notices (varsler) a person has received."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ekspertbistand.cases.models import Notice
from ekspertbistand.cases.permissions import Role
from ekspertbistand.portal.auth import role_required

# --- Notices -------------------------------------------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE, Role.EXPERT)
def notices(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = Q(recipient=user)
    if request.role == Role.EMPLOYEE and user.national_id:  # type: ignore[attr-defined,union-attr]
        query = Q(recipient_national_id=user.national_id)  # type: ignore[union-attr]
    items = list(Notice.objects.filter(query)[:50])
    Notice.objects.filter(query, read_at=None).update(read_at=timezone.now())
    return render(request, "portal/notices.html", {"notices": items})
