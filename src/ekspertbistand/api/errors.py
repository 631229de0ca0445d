"""Every refusal as ``{"detail": "<norsk melding>"}`` (plus ``errors`` for validation)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ekspertbistand.api.auth import NOT_LOGGED_IN
from ekspertbistand.api.schemas import ErrorOut, ValidationErrorOut
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.domain.case_status import InvalidTransition
from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable

NOT_FOUND = "Fant ikke det du spurte etter. Sjekk id-en i adressen."
INVALID_REQUEST = "Forespørselen har feil. Se «errors» for hva som må rettes."
BODY_MISSING = "Forespørselen mangler innhold. Send et JSON-objekt."
UNREADABLE_BODY = ("Innholdet kunne ikke leses. Send gyldig JSON med headeren "
                   "Content-Type: application/json.")
REGISTER_DOWN = ("Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt; ingenting er "
                 "lagret ennå.")

# Pydantic's error types, said in Norwegian.
TYPE_MESSAGES: dict[str, str] = {
    "missing": "Feltet må være med.",
    "string_type": "Verdien må være tekst.",
    "bool_type": "Verdien må være true eller false.",
    "bool_parsing": "Verdien må være true eller false.",
    "int_type": "Verdien må være et helt tall.",
    "int_parsing": "Verdien må være et helt tall.",
    "dict_type": "Verdien må være et JSON-objekt.",
    "model_type": "Verdien må være et JSON-objekt.",
    "model_attributes_type": "Verdien må være et JSON-objekt.",
    "list_type": "Verdien må være en liste.",
    "uuid_type": "Id-en må være en UUID.",
    "uuid_parsing": "Id-en må være en UUID.",
    "json_invalid": "Innholdet er ikke gyldig JSON.",
    "json_type": "Innholdet er ikke gyldig JSON.",
}


def _message(error: dict[str, Any]) -> str:
    if error.get("type") == "value_error" and "error" in (error.get("ctx") or {}):
        return str(error["ctx"]["error"])  # a domain validator's own Norwegian message
    return TYPE_MESSAGES.get(str(error.get("type")), "Ugyldig verdi.")


def request_errors(errors: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Ninja's error list as ``{part: {field: [messages]}}``; part is body, query or path."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        part = loc[0] if loc else "body"
        # ninja puts the view's parameter name second for bodies; clients never see it.
        field = ".".join(loc[2:] if part == "body" else loc[1:]) or "__all__"
        message = (BODY_MISSING if part == "body" and field == "__all__"
                   and error.get("type") == "missing" else _message(error))
        grouped.setdefault(part, {}).setdefault(field, []).append(message)
    return grouped


@contextmanager
def state_conflicts() -> Iterator[None]:
    """A refusal by an action after access is already granted is about the case's state
    (sent, withdrawn, already agreed...): 409 with the action's own message."""
    try:
        yield
    except (NotAllowed, InvalidTransition) as error:
        raise HttpError(409, str(error)) from error


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(AuthenticationError)
    def not_logged_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, NOT_LOGGED_IN)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, str(exc) or NOT_FOUND)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's only own HttpError is 400 for a body it cannot parse, in English.
        detail = UNREADABLE_BODY if exc.status_code == 400 else str(exc)
        return respond(request, exc.status_code, detail)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return respond(request, 403, str(exc))

    @api.exception_handler(RegisterUnavailable)
    def register_down(request: HttpRequest, exc: RegisterUnavailable) -> HttpResponse:
        return respond(request, 503, REGISTER_DOWN)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = request_errors(exc.errors)
        if "path" in errors:  # a malformed id names nothing that exists
            return respond(request, 404, NOT_FOUND)
        return respond(request, 422, INVALID_REQUEST, errors=errors)


# --- The refusals in the OpenAPI document ----------------------------------------------------
# Every operation's possible 4xx, described with the error schema, derived from what the
# operation is (logged in or not, with a body, with ids in the path) rather than listed by
# hand on each: the rules here are the ones ``install`` and the middleware apply.

REFUSAL_TEXT = {
    400: "Innholdet kunne ikke leses: send gyldig JSON med Content-Type: application/json.",
    401: "Ikke logget inn, eller logget inn uten valgt rolle.",
    403: "Rollen din kan ikke bruke dette, du har ikke tilgang til virksomheten, eller "
         "CSRF-token mangler (POST, PUT, DELETE).",
    404: "Finnes ikke, eller du har ikke tilgang (en sak du ikke kan se, ser ut som om den ikke "
         "finnes); også en id med feil format.",
    409: "Saken er i en tilstand som ikke tillater handlingen.",
    422: "Noe i forespørselen må rettes: «errors» sier hva, per del (`body`, `query`) eller steg "
         "og felt. Også tekst som ikke kan lagres (NUL-tegn, ufullstendige UTF-16-surrogater).",
    503: "Enhetsregisteret svarer ikke; ingenting er lagret. Prøv igjen.",
}


def _ref(model: type[Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {
        "$ref": f"#/components/schemas/{model.__name__}"}}}}


def refusals_for(path: str, operation: dict[str, Any]) -> dict[int, type[Any]]:
    """The 4xx an operation can answer, each with its schema."""
    codes: dict[int, type[Any]] = {422: ValidationErrorOut}  # any query string, any body
    if "requestBody" in operation:
        codes[400] = ErrorOut
    if operation.get("security"):
        codes.update({401: ErrorOut, 403: ErrorOut})
    if "{" in path:
        codes[404] = ErrorOut
    return codes


def document_refusals(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        if model.__name__ not in components:
            components[model.__name__] = model.model_json_schema(
                ref_template="#/components/schemas/{model}")
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, model in refusals_for(path, operation).items():
                responses.setdefault(code, _ref(model))
            for code, response in responses.items():
                if int(code) in REFUSAL_TEXT:
                    response["description"] = REFUSAL_TEXT[int(code)]
    return schema


class DocumentedAPI(NinjaAPI):
    """ninja's API whose OpenAPI document lists every refusal (``document_refusals``)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_refusals(super().get_openapi_schema(*args, **kwargs))
