"""Adapters to outside registers. Each has a protocol, a real HTTP client shaped after the
real API, and a fake with demo data. ``settings.REGISTER_BACKEND`` picks one; nothing in the
core knows which it has."""

from __future__ import annotations

from django.conf import settings

from ekspertbistand.integrations.enhetsregisteret import (
    FakeEnhetsregisteret,
    HttpEnhetsregisteret,
    OrganisationRegister,
)
from ekspertbistand.integrations.folkeregister import (
    FakeFolkeregister,
    PersonRegister,
)
from ekspertbistand.integrations.kontoregister import (
    AccountRegister,
    FakeKontoregister,
    HttpKontoregister,
)


def organisation_register() -> OrganisationRegister:
    if settings.REGISTER_BACKEND == "http":
        return HttpEnhetsregisteret(settings.ENHETSREGISTERET_URL)
    return FakeEnhetsregisteret()


def person_register() -> PersonRegister:
    # The population register (PDL) needs Maskinporten and a NAV agreement; production wiring
    # comes with the OIDC hardening. Until then every environment uses the fake.
    return FakeFolkeregister()


def account_register() -> AccountRegister:
    if settings.REGISTER_BACKEND == "http":
        return HttpKontoregister(settings.KONTOREGISTER_URL, settings.KONTOREGISTER_TOKEN)
    return FakeKontoregister()
