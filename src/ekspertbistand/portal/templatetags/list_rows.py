"""The rows of the lists of cases, written in Python (decision 0018).

A list page shows 25–50 rows; through the template engine every cell of every row cost a
variable lookup, an escape, a ``{% translate %}`` and a date filter, and that was the larger
part of the page's time. These tags write the same markup (escaped the same way, dates in
the local time zone as the ``date`` filter shows them) in one pass over the rows. The
tables' headings, captions and the pagination stay in the templates.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ekspertbistand.domain.case_status import CONSENT_LABELS, STATUS_LABELS
from ekspertbistand.portal.templatetags.case_links import case_url, draft_url

register = template.Library()


def esc(value: Any) -> str:
    """``conditional_escape``, without its check for lazy arguments on every call: what is
    already safe (``__html__``) as it is, anything else as the template engine escapes it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _local(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    if not timezone.is_aware(value):
        return value
    return value.astimezone(zone or timezone.get_current_timezone())


def day(value: dt.date | dt.datetime | None, zone: dt.tzinfo | None = None) -> str:
    """``{{ value|date:"d.m.Y" }}``: "" for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value, zone)
    return value.strftime("%d.%m.%Y")


class Labels(dict[str, str]):
    """Each status's label, translated once per list rather than once per row."""

    def __init__(self, labels: Any) -> None:
        super().__init__()
        self.labels = labels

    def __missing__(self, key: str) -> str:
        value = self[key] = esc(self.labels[key])
        return value


@register.simple_tag
def case_rows(cases: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each case of «Mine saker» / «Saker om deg» (``_case_table.html``)."""
    zone = timezone.get_current_timezone()
    labels = Labels(STATUS_LABELS)
    out = []
    for case in cases:
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(case_url(case.public_id))}">{esc(case.reference)}</a></td>\n'
            f"      <td>{esc(case.employee_name or '–')}</td>\n"
            f"      <td>{esc(case.organisation_name)}</td>\n"
            f'      <td><span class="tag tag--{esc(case.status)}">{labels[case.status]}'
            "</span></td>\n"
            f"      <td>{day(case.updated_at, zone)}</td>\n"
            "    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag
def draft_rows(rows: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each draft of «Mine saker» (``_draft_table.html``)."""
    zone = timezone.get_current_timezone()
    consent = Labels(CONSENT_LABELS)
    steps = gettext("%(done)s av %(total)s steg")
    deleted_on = gettext("Slettes %(date)s hvis det ikke lagres før")
    out = []
    for row in rows:
        case = row.case
        progress = steps % {"done": row.done, "total": row.total}
        deleted = deleted_on % {"date": day(case.draft_deleted_on)}
        saved = _local(case.updated_at, zone).strftime("%d.%m.%Y kl. %H:%M")
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(draft_url(case.public_id, row.first_unfinished))}">'
            f'{esc(row.title)}<span class="sr-only"> – {esc(row.context)}</span></a></td>\n'
            f"      <td>{esc(case.organisation_name)}</td>\n"
            f'      <td>{esc(progress)}<br><span class="muted">{consent[case.consent_status]}'
            "</span></td>\n"
            f'      <td>{esc(saved)}<br><span class="muted">{esc(deleted)}</span></td>\n'
            "    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
