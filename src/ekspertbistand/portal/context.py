from django.conf import settings
from django.http import HttpRequest


def service_context(request: HttpRequest) -> dict[str, object]:
    return {"test_login_enabled": settings.TEST_LOGIN_ENABLED}
