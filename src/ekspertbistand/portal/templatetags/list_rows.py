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

from ekspertbistand.portal.templatetags.case_links import case_url, draft_url

register = template.Library()


def esc(value: Any) -> str:
    """``conditional_escape``, without its check for lazy arguments on every call: what is
    already safe (``__html__``) as it is, anything else as the template engine escapes it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def day(value: dt.date | dt.datetime | None) -> str:
    """``{{ value|date:"d.m.Y" }}``: "" for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return value.strftime("%d.%m.%Y")


@register.simple_tag
def case_rows(cases: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each case of «Mine saker» / «Saker om deg» (``_case_table.html``)."""
    out = []
    for case in cases:
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(case_url(case.public_id))}">{esc(case.reference)}</a></td>\n'
            f"      <td>{esc(case.employee_name or '–')}</td>\n"
            f"      <td>{esc(case.organisation_name)}</td>\n"
            f'      <td><span class="tag tag--{esc(case.status)}">{esc(case.status_label)}'
            "</span></td>\n"
            f"      <td>{day(case.updated_at)}</td>\n"
            "    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag
def draft_rows(rows: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each draft of «Mine saker» (``_draft_table.html``)."""
    out = []
    for row in rows:
        case = row.case
        progress = gettext("%(done)s av %(total)s steg") % {"done": row.done,
                                                            "total": row.total}
        deleted = gettext("Slettes %(date)s hvis det ikke lagres før") % {
            "date": day(case.draft_deleted_on)}
        saved = _local(case.updated_at).strftime("%d.%m.%Y kl. %H:%M")
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(draft_url(case.public_id, row.first_unfinished))}">'
            f'{esc(row.title)}<span class="sr-only"> – {esc(row.context)}</span></a></td>\n'
            f"      <td>{esc(case.organisation_name)}</td>\n"
            f'      <td>{esc(progress)}<br><span class="muted">{esc(case.consent_label)}'
            "</span></td>\n"
            f'      <td>{esc(saved)}<br><span class="muted">{esc(deleted)}</span></td>\n'
            "    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
