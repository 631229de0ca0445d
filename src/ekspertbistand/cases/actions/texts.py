"""Free text typed by NAV staff and employers in case handling: checked once, the same way
for pages and API, so nothing stored is broken (no NUL bytes, no lone surrogates)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ekspertbistand.cases.application import (
    REPLACEMENT,
    UNUSABLE_CHARACTERS,
    unusable_character_message,
)
from ekspertbistand.cases.permissions import NotAllowed


class InvalidText(NotAllowed):
    """What was typed (or uploaded) cannot be stored as it is; the message names the field.
    ``field`` is the input's name where the caller needs it (the API's ``errors``)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """``value`` trimmed, or ``NotAllowed`` with a message naming ``field`` and what to do."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidText(_("%(field)s: skriv en tekst.") % {"field": field})
    if UNUSABLE_CHARACTERS.search(value):
        raise InvalidText(_("%(field)s: teksten inneholder tegn vi ikke kan lagre. Skriv den inn "
                           "på nytt uten å lime inn fra et annet program.") % {"field": field})
    if REPLACEMENT in value:  # what the pages make of such characters (config/middleware.py)
        raise InvalidText(unusable_character_message(field))
    if len(value) > max_length:
        raise InvalidText(_("%(field)s: teksten kan være høyst %(max)s tegn (nå %(length)s). "
                           "Korter den ned.") % {"field": field, "max": max_length,
                                                 "length": len(value)})
    return value
