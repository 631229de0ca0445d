"""The account register for organisations (NAV's kontoregister, sokos-kontoregister): the
account a grant is paid to. The employer never types it (DOMAIN §8); an organisation with
no registered account cannot be granted until it registers one (in Altinn, «Bankkontonummer
for refusjoner fra NAV til arbeidsgiver»).

The HTTP client follows the register's API:
``GET {base}/kontoregister/api/v1/hent-kontonummer-for-organisasjon/{orgnr}`` →
``{"mottaker": "<orgnr>", "kontonr": "<11 digits>"}``; 404 means no account registered.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable


class AccountRegister(Protocol):
    def account_for(self, orgnr: str) -> str | None:
        """The organisation's registered account number (11 digits), or None."""


class HttpKontoregister:
    def __init__(self, base_url: str, token: str = "", timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def account_for(self, orgnr: str) -> str | None:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 (fixed https base from settings)
            f"{self.base_url}/kontoregister/api/v1/hent-kontonummer-for-organisasjon/{orgnr}",
            headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise RegisterUnavailable(str(error)) from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise RegisterUnavailable(str(error)) from error
        account = str(data.get("kontonr") or "")
        return account or None


# Synthetic account numbers with valid check digits for the demo organisations; Trondheim
# Regnskapskontor AS has none, so the demo shows the stop for a missing account.
DEMO_ACCOUNTS: dict[str, str] = {
    "910825526": "86011117947",  # Fjordlys Sykehjem AS
    "910825518": "15032080119",  # Nordlys Transport AS
    "910825496": "12345678903",  # Bergen Kommunale Renhold
    "910825488": "97100208338",  # Mjøsa Trevare AS
    "910825453": "60110526566",  # Oslo Barnehagedrift AS
}
WITHOUT_ACCOUNT = "910825461"  # Trondheim Regnskapskontor AS


class FakeKontoregister:
    def __init__(self, accounts: dict[str, str] | None = None) -> None:
        self._accounts = DEMO_ACCOUNTS if accounts is None else accounts

    def account_for(self, orgnr: str) -> str | None:
        return self._accounts.get(orgnr)
