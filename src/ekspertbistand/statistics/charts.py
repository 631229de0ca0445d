"""Server-rendered SVG bar charts of a table's published column: a title and a description for
screen readers, the table itself beside the chart. A hidden cell draws no bar and says «<5»."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ekspertbistand.statistics.tables import StatTable

BAR = 22
LABEL_WIDTH = 260
WIDTH = 640


def bar_chart(table: StatTable) -> SafeString | None:
    if table.empty or table.chart_column is None or not table.rows:
        return None
    column = table.chart_column
    values = []
    for row in table.rows:
        text = row[column].replace("\u00a0", "")
        values.append((row[0], int(text) if text.isdigit() else None, row[column]))
    top = max((v for _l, v, _t in values if v is not None), default=0) or 1
    height = BAR * len(values) + 10
    chart_id = f"chart-{table.key}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="stat-chart" '
             f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
             f'<title id="{chart_id}-title">{escape(table.title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(table.header[column])} per '
             f'{escape(table.header[0].lower())}. Tallene står i tabellen.</desc>']
    span = WIDTH - LABEL_WIDTH - 80
    for i, (label, value, text) in enumerate(values):
        y = 5 + i * BAR
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" '
                     f'font-size="12" fill="#23262a">{escape(label[:40])}</text>')
        if value is not None:
            w = max(1, round(span * value / top))
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{BAR - 6}" '
                         f'fill="#0067c5"/>')
            parts.append(f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 15}" font-size="12" '
                         f'fill="#23262a">{escape(text)}</text>')
        else:
            parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 15}" font-size="12" '
                         f'fill="#23262a">{escape(text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
