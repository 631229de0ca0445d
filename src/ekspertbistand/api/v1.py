"""/api/v1: the machine API for HR systems, expert systems and our own tests.

v1 stays compatible: fields and endpoints are only added. A breaking change goes to /api/v2.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja.renderers import JSONRenderer

from ekspertbistand.api import (
    assignments,
    cases,
    casework,
    consents,
    contact,
    decisions,
    drafts,
    eligibility,
    errors,
    experts,
    refunds,
)
from ekspertbistand.api.auth import session_auth
from ekspertbistand.api.docs import LocalSwagger
from ekspertbistand.api.schemas import CsrfOut

DESCRIPTION = """\
API for **tilskudd til ekspertbistand**: veiviseren «Passer ekspertbistand for oss?»,
søknaden (utkast, steg, samtykke, innsending), sakene og ekspertlisten, kontakten med NAV
(samtale før søknaden, meldinger i saken); for NAV: saksbehandling, vurdering, forslag,
godkjenning, vedtak, tilsagn, brev og budsjett; refusjon og utbetaling.

API-et bruker de samme reglene og feilmeldingene som sidene i tjenesten.

**Innlogging:** den samme økten som sidene (cookien `sessionid`) med rollen du valgte ved
innlogging. POST, PUT og DELETE krever i tillegg CSRF-token: hent det med `GET /api/v1/csrf`
og send det i headeren `X-CSRFToken` sammen med cookien `csrftoken`. Maskinklienter
(HR- og ekspertsystemer) skal senere logge inn med Maskinporten-token mot de samme
endepunktene.

**Feil:** `{"detail": "<norsk melding>"}`, og ved valideringsfeil også
`"errors": {"<steg>": {"<felt>": ["<melding>"]}}`. 401: ikke logget inn. 403: rollen din
kan ikke bruke endepunktet. 404: finnes ikke, eller du har ikke tilgang. 409: saken er i en
tilstand som ikke tillater handlingen. 422: noe må rettes.

**Versjoner:** v1 endres bare bakoverkompatibelt (nye felt og endepunkter). Endringer som
brekker klienter kommer i `/api/v2`.
"""



class ReadableJSON(JSONRenderer):
    """UTF-8 as is (æ, ø, å), not \\u escapes: the messages are for people too."""

    json_dumps_params = {"ensure_ascii": False}


api = errors.DocumentedAPI(
    title="Ekspertbistand API",
    version="1",
    description=DESCRIPTION,
    auth=session_auth,
    docs=LocalSwagger(),
    renderer=ReadableJSON(),
    urls_namespace="api-v1",
)
errors.install(api)
decisions.install(api)


@api.get("/csrf", response=CsrfOut, auth=None, tags=["Innlogging"], summary="Hent CSRF-token")
def csrf(request: HttpRequest) -> dict[str, str]:
    """Sets the `csrftoken` cookie and returns the token to send in `X-CSRFToken`."""
    return {"csrf_token": get_token(request)}


api.add_router("/eligibility", eligibility.router)
api.add_router("", drafts.router)
api.add_router("", cases.router)
api.add_router("", consents.router)
api.add_router("", experts.router)
api.add_router("", casework.employer_router)
api.add_router("/nav", casework.router)
api.add_router("", decisions.router)
api.add_router("", refunds.router)
api.add_router("", assignments.router)
api.add_router("", contact.router)
