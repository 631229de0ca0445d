"""NAV's statistics pages (/nav/statistikk/): tables, SVG charts, CSV and XLSX. Only NAV staff
with the statistics right (the permission ``statistics.view_statistics``, decision 0056)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases.permissions import Role, has_statistics_right
from ekspertbistand.domain.statistics import SECTORS
from ekspertbistand.portal.auth import role_required
from ekspertbistand.reference.models import County, NavUnit
from ekspertbistand.statistics import export, tables
from ekspertbistand.statistics.charts import bar_chart
from ekspertbistand.statistics.sources import Filters

FIRST_YEAR, LAST_YEAR = 2019, 2030


def statistics_right(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @role_required(Role.CASEWORKER, Role.ADMIN)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_statistics_right(request.user):  # type: ignore[arg-type]
            return render(request, "statistics/refused.html", status=403)
        return view(request, *args, **kwargs)
    return wrapped


def parse_filters(request: HttpRequest) -> tuple[Filters, dict[str, str], dict[str, str]]:
    """The filters from the query string, the values as typed, and a Norwegian message per
    field that could not be used (that filter is then left out)."""
    typed = {k: request.GET.get(k, "").strip() for k in ("ar", "fylke", "enhet", "sektor")}
    errors: dict[str, str] = {}
    year = None
    if typed["ar"]:
        if typed["ar"].isdigit() and FIRST_YEAR <= int(typed["ar"]) <= LAST_YEAR:
            year = int(typed["ar"])
        else:
            errors["ar"] = _("År: skriv et årstall fra %(a)s til %(b)s, for eksempel 2024.") % {
                "a": FIRST_YEAR, "b": LAST_YEAR}
    county = typed["fylke"]
    if county and not County.objects.filter(number=county).exists():
        errors["fylke"] = _("Fylke: velg et fylke fra listen.")
        county = ""
    unit = typed["enhet"]
    if unit and not NavUnit.objects.filter(number=unit).exists():
        errors["enhet"] = _("Enhet: velg en NAV-enhet fra listen.")
        unit = ""
    sector = typed["sektor"]
    if sector and sector not in SECTORS:
        errors["sektor"] = _("Sektor: velg offentlig, privat eller ideell sektor.")
        sector = ""
    return Filters(year=year, county=county, unit=unit, sector=sector), typed, errors


def _filters_text(f: Filters) -> str:
    parts = []
    if f.year:
        parts.append(_("År: %(v)s") % {"v": f.year})
    if f.county:
        county = County.objects.filter(number=f.county).first()
        parts.append(_("Fylke: %(v)s") % {"v": county.name if county else f.county})
    if f.unit:
        unit = NavUnit.objects.filter(number=f.unit).first()
        parts.append(_("Enhet: %(v)s") % {"v": unit.name if unit else f.unit})
    if f.sector:
        parts.append(_("Sektor: %(v)s") % {"v": SECTORS[f.sector]})
    return "; ".join(parts) or _("Alle saker")


def _context(request: HttpRequest) -> dict[str, Any]:
    f, typed, errors = parse_filters(request)
    return {"filters": f, "typed": typed, "errors": errors, "query": f.as_query(),
            "filters_text": _filters_text(f),
            "counties": County.objects.order_by("name"),
            "units": NavUnit.objects.order_by("name"),
            "sectors": [(k, v) for k, v in SECTORS.items() if k != "?"],
            "years": range(LAST_YEAR, FIRST_YEAR - 1, -1)}


@statistics_right
def overview(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    section = request.GET.get("del", "tilsagn")
    if section not in tables.SECTIONS:
        section = "tilsagn"
    context["section"] = section
    context["sections"] = [(key, title) for key, (title, _build) in tables.SECTIONS.items()]
    context["tables"] = [(t, bar_chart(t))
                         for t in tables.section_tables(context["filters"], section)]
    return render(request, "statistics/overview.html", context)


@statistics_right
def processing(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    f = context["filters"]
    if f.year is None:
        # One year at a time: a year of unit-months is what a page can show and count fast.
        f = Filters(year=timezone.localdate().year, county=f.county, unit=f.unit,
                    sector=f.sector)
        context.update(filters=f, query=f.as_query(), filters_text=_filters_text(f))
        context["typed"] = {**context["typed"], "ar": str(f.year)}
    context["require_year"] = True
    table = tables.processing_table(f)
    page = Paginator(table.body, 50).get_page(request.GET.get("side"))
    context.update(table=table, page=page)
    return render(request, "statistics/processing.html", context)


@statistics_right
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    f, _typed, _errors = parse_filters(request)
    if key == "behandlingstid" and f.year is None:  # as the page: one year at a time
        f = Filters(year=timezone.localdate().year, county=f.county, unit=f.unit,
                    sector=f.sector)
    table = tables.table_by_key(f, key)
    if table is None or fmt not in {"csv", "xlsx"}:
        raise Http404
    text = _filters_text(f)
    name = f"{key}{'-' + str(f.year) if f.year else ''}{'-' + f.county if f.county else ''}"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(table, text), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.to_xlsx(table, text),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
