"""The interactive API docs with Swagger UI served from this service.

ninja's own page loads Swagger UI from a CDN unless ``ninja`` is an installed app; NAV's
networks (and CI) may not reach the CDN, so the page here uses the copy that ships inside
the ninja package, served by ``swagger_asset``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from csp.constants import SELF, UNSAFE_INLINE
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
}

# The docs page's own Content-Security-Policy, on top of the service's: Swagger UI's React
# code sets style attributes and draws some icons as data: images. Scripts stay 'self' only
# (the settings block is JSON, not script).
DOCS_POLICY = {"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]}

PAGE = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" href="{assets}favicon.svg" type="image/svg+xml">
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout",
                    "deepLinking": True}
        first = next(iter(ASSETS))
        assets = reverse("api-docs-asset", kwargs={"name": first}).removesuffix(first)
        response = HttpResponse(PAGE.format(
            title=escape(api.title), assets=assets, csrf=escape(get_token(request)),
            settings=json.dumps(settings).replace("<", "\\u003c")))
        response._csp_replace = DOCS_POLICY  # type: ignore[attr-defined]  (django-csp)
        return response


def swagger_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404("Fant ikke filen.")
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
