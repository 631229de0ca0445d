"""``export-grants``: the service's granted cases as the evaluation's treatment table.

The output has the shape of the register extract's ``grants`` table (see
docs/evaluation-schema.md) so that real grants can be joined to register data. The
employee's fødselsnummer and the employer's organisation number never leave the service:
both become 63-bit pseudonyms, the first eight bytes of HMAC-SHA256 keyed by
``settings.PSEUDONYM_KEY`` (top bit cleared so the id fits a signed 64-bit integer). NAV's
statistics unit pseudonymises the register extract with the same key and
:func:`pseudonymise`, and the ids then match. Without the key the pseudonyms cannot be
reversed or recomputed from a list of fødselsnummer.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from ekspertbistand.evaluation.io import write_table


def pseudonymise(value: str, key: bytes) -> int:
    """A stable, keyed, one-way 63-bit id for an identifier."""
    digest = hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 63) - 1)


def grants_frame(rows: Iterable[Mapping[str, Any]], key: bytes) -> pl.DataFrame:
    """The treatment table from rows with ``national_id``, ``employer_orgnr``, ``granted_on``."""
    if not key:
        raise ValueError("PSEUDONYM_KEY er ikke satt. Sett EB_PSEUDONYM_KEY før grunnlaget eksporteres.")
    person_ids: list[int] = []
    employer_ids: list[int] = []
    dates = []
    for row in rows:
        person_ids.append(pseudonymise(str(row["national_id"]), key))
        employer_ids.append(pseudonymise("orgnr:" + str(row["employer_orgnr"]), key))
        dates.append(row["granted_on"])
    return pl.DataFrame(
        {"person_id": person_ids, "employer_id": employer_ids, "granted_on": dates},
        schema={"person_id": pl.Int64, "employer_id": pl.Int64, "granted_on": pl.Date},
    ).sort("person_id", "granted_on", "employer_id")


def export_grants(output: Path) -> int:
    """Write the granted cases from the case database to ``output``; returns the count."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekspertbistand.config.settings")
    import django

    django.setup()
    from django.conf import settings

    from ekspertbistand.cases import selectors

    key = str(getattr(settings, "PSEUDONYM_KEY", "")).encode("utf-8")
    frame = grants_frame(selectors.grant_rows(), key)
    write_table(frame, Path(output))
    return frame.height
