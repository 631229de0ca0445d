from django.conf import settings
from django.http import HttpRequest

from ekspertbistand.cases.models import Notice
from ekspertbistand.cases.permissions import ROLE_LABELS
from ekspertbistand.portal.auth import current_role


def service_context(request: HttpRequest) -> dict[str, object]:
    role = current_role(request)
    unread = 0
    if role is not None:
        user = request.user
        notices = Notice.objects.filter(read_at=None)
        unread = (notices.filter(recipient_national_id=user.national_id).count()
                  if role == "employee" and user.national_id  # type: ignore[union-attr]
                  else notices.filter(recipient=user).count())
    return {
        "test_login_enabled": settings.TEST_LOGIN_ENABLED,
        "current_role": role,
        "current_role_label": ROLE_LABELS.get(role) if role else "",
        "unread_notices": unread,
    }
