"""The statistics tables: numbers from ``sources`` (aggregates), protected by
``domain.disclosure`` before anything is shown, charted or exported (decision 0055).

A ``StatTable`` holds only what may be published: every cell as the text the page, the CSV and
the XLSX show («<5», «x» or the number), so no view can show a hidden number by mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekspertbistand.domain import disclosure
from ekspertbistand.domain import statistics as st
from ekspertbistand.domain.assessment import CONDITIONS_BY_KEY
from ekspertbistand.reference.models import County, NavUnit
from ekspertbistand.statistics import sources
from ekspertbistand.statistics.sources import Filters


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    description: str
    header: tuple[str, ...]
    # Each row: the label, then the published cells (text); the last row is the total.
    body: tuple[tuple[str, ...], ...] = ()
    empty: bool = False  # «Ingen data ennå»: the model behind it is not in the service yet
    notes: tuple[str, ...] = ()
    # The column the SVG chart draws (index into a row), or None for no chart.
    chart_column: int | None = 1
    has_total: bool = True
    numeric_columns: frozenset[int] = field(default_factory=frozenset)

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        return self.body[:-1] if self.has_total else self.body

    @property
    def total(self) -> tuple[str, ...] | None:
        return self.body[-1] if self.has_total and self.body else None


def _kr(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _money(p: disclosure.Protected, row: int, column: int, value: int) -> str:
    """A sum of kroner is hidden whenever the count of cases it is built from is hidden."""
    if p.is_hidden(row, column):
        return disclosure.PRIMARY_MARK if (row, column) in p.primary else disclosure.SECONDARY_MARK
    return _kr(value)


def _one_way(key: str, title: str, description: str, first: str, labels: Sequence[str],
             counts: Sequence[int], count_label: str, money: Sequence[int] | None = None,
             money_label: str = "", notes: tuple[str, ...] = (),
             protected: disclosure.Protected | None = None) -> StatTable:
    if not labels:
        return StatTable(key, title, description, (first, count_label), body=(), notes=notes)
    p = protected or disclosure.protect_column(list(counts))
    body = []
    for i, label in enumerate([*labels, _("Totalt")]):
        row = [label, p.shown(i, 0)]
        if money is not None:
            row.append(_money(p, i, 0, [*money, sum(money)][i]))
        body.append(tuple(row))
    header = (first, count_label, *((money_label,) if money is not None else ()))
    return StatTable(key, title, description, header, tuple(body), notes=notes,
                     numeric_columns=frozenset(range(1, len(header))))


def _two_way(key: str, title: str, description: str, corner: str, row_labels: Sequence[str],
             column_labels: Sequence[str], counts: Sequence[Sequence[int]],
             protected: disclosure.Protected | None = None, notes: tuple[str, ...] = (),
             chart_column: int | None = None) -> StatTable:
    header = (corner, *column_labels, _("Totalt"))
    if not row_labels:
        return StatTable(key, title, description, header, (), notes=notes, chart_column=None)
    p = protected or disclosure.protect(counts)
    body = tuple(
        (label, *(p.shown(i, j) for j in range(len(column_labels) + 1)))
        for i, label in enumerate([*row_labels, _("Totalt")]))
    return StatTable(key, title, description, header, body, notes=notes,
                     chart_column=chart_column if chart_column is not None else len(header) - 1,
                     numeric_columns=frozenset(range(1, len(header))))


def _pending(key: str, title: str, description: str, header: tuple[str, ...]) -> StatTable:
    return StatTable(key, title, description, header, (), empty=True, chart_column=None)


# --- Tabell 1 and the county tables (linked: the same grants split by year) -------------------

def grant_tables(f: Filters,
                 place: list[tuple[int, str, str, str, int, int]] | None = None) -> list[StatTable]:
    place = sources.grants_by_place(f) if place is None else place
    year_n: dict[int, int] = defaultdict(int)
    year_kr: dict[int, int] = defaultdict(int)
    for y, _m, _c, _s, n, kr in place:
        year_n[y] += n
        year_kr[y] += kr
    per_year = [(y, year_n[y], year_kr[y]) for y in sorted(year_n)]
    per_place = [(y, m, c, n, kr) for y, m, c, _s, n, kr in place]
    years = [y for y, _n, _kr in per_year]
    counties = {c.number: c.name for c in County.objects.all()}
    county_keys = sorted({c for _y, _m, c, _n, _kr in per_place})
    unit_keys = sorted({st.nav_county_unit(m) for _y, m, _c, _n, _kr in per_place})
    by_county: dict[tuple[int, str], int] = defaultdict(int)
    by_unit: dict[tuple[int, str], int] = defaultdict(int)
    for y, m, c, n, _kr in per_place:
        by_county[(y, c)] += n
        by_unit[(y, st.nav_county_unit(m))] += n
    t1 = [[n] for _y, n, _kr in per_year]
    tc = [[by_county[(y, c)] for c in county_keys] for y in years]
    tu = [[by_unit[(y, u)] for u in unit_keys] for y in years]
    protected: list[disclosure.Protected | None] = (
        list(disclosure.protect_linked([t1, tc, tu])) if years else [None, None, None])
    table1 = _one_way(
        "tilsagn-per-ar", _("Tabell 1. Tilsagn per år"),
        _("Gjeldende og utløpte tilsagn etter året perioden starter, med sum i kroner."),
        _("År"), [str(y) for y in years], [n for _y, n, _kr in per_year], _("Antall tilsagn"),
        money=[kr for _y, _n, kr in per_year], money_label=_("Sum tilsagn (kr)"),
        protected=protected[0])

    def transpose(key: str, title: str, description: str, labels: list[str],
                  p: disclosure.Protected | None) -> StatTable:
        header = (_("Fylke"), *(str(y) for y in years), _("Totalt"))
        if p is None:
            return StatTable(key, title, description, header, (), chart_column=None)
        body = tuple((label, *(p.shown(i, j) for i in range(len(years) + 1)))
                     for j, label in enumerate([*labels, _("Totalt")]))
        return StatTable(key, title, description, header, body, chart_column=len(header) - 1,
                         numeric_columns=frozenset(range(1, len(header))))

    table_counties = transpose(
        "tilsagn-per-fylke", _("Tilsagn per fylke og år (fylkene fra 2024)"),
        _("Arbeidsgiverens kommune, fylkesinndelingen fra 1. januar 2024."),
        [counties.get(c, _("Ukjent")) for c in county_keys], protected[1])
    table_units = transpose(
        "tilsagn-per-nav-fylke", _("Tilsagn per NAV-fylkesenhet og år (tolv enheter, som i Tabell 2)"),
        _("NAVs tolv fylkesenheter slik evalueringen bruker dem; Asker og Bærum hørte til "
          "NAV Vest-Viken."),
        [st.NAV_COUNTY_UNITS.get(u, _("Ukjent")) for u in unit_keys], protected[2])
    return [table1, table_counties, table_units]


def expired_table(f: Filters,
                  place: list[tuple[int, str, str, str, int, int]] | None = None) -> StatTable:
    place = sources.grants_by_place(f) if place is None else place
    n_of: dict[int, int] = defaultdict(int)
    kr_of: dict[int, int] = defaultdict(int)
    for y, _m, _c, state, n, kr in place:
        if state == "expired":
            n_of[y] += n
            kr_of[y] += kr
    rows = [(y, n_of[y], kr_of[y]) for y in sorted(n_of)]
    return _one_way("tilsagn-utlopt", _("Tilsagn som falt bort"),
                    _("Tilsagn der fristen for å kreve refusjon gikk ut uten krav, per år."),
                    _("År"), [str(y) for y, _n, _kr in rows], [n for _y, n, _kr in rows],
                    _("Antall tilsagn"), money=[kr for _y, _n, kr in rows],
                    money_label=_("Frigjort (kr)"))


# --- Tabell 8 -----------------------------------------------------------------------------

def decisions_by_unit_table(f: Filters) -> StatTable:
    rows = sources.decisions_by_unit(f)
    units: dict[str, tuple[str, str]] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for number, name, kind, outcome, n in rows:
        units[number] = (name, kind)
        counts[(number, outcome)] += n
    # The Arbeidslivssentre first, then each delegated office.
    order = sorted(units, key=lambda u: (units[u][1] == NavUnit.Kind.NAV_OFFICE, units[u][0]))
    grid = [[counts[(u, "granted")], counts[(u, "rejected")]] for u in order]
    labels = [f"{units[u][0]}" + (f" ({_('delegert kontor')})" if units[u][1] ==
                                  NavUnit.Kind.NAV_OFFICE else "") for u in order]
    table = _two_way("vedtak-per-enhet", _("Tabell 8. Vedtak per vedtaksenhet"),
                     _("Arbeidslivssentrene og hvert NAV-kontor med delegert myndighet."),
                     _("Vedtaksenhet"), labels, [_("Innvilget"), _("Avslått")], grid)
    if not order:
        return table
    p = disclosure.protect(grid)
    offices = [i for i, u in enumerate(order) if units[u][1] == NavUnit.Kind.NAV_OFFICE]
    others = [i for i in range(len(order)) if i not in offices]
    grand = p.value(p.rows, p.columns)
    share = "–"
    # The offices' share only from published numbers (all office totals, or all the others').
    if grand and not p.is_hidden(p.rows, p.columns):
        if all(not p.is_hidden(i, p.columns) for i in offices) or \
                all(not p.is_hidden(i, p.columns) for i in others):
            office_sum = sum(p.value(i, p.columns) for i in offices)
            share = f"{round(100 * office_sum / grand)} %"
        else:
            share = disclosure.SECONDARY_MARK
    return StatTable(table.key, table.title, table.description, table.header, table.body,
                     notes=(_("Kontorenes andel av vedtakene: %(share)s") % {"share": share},),
                     chart_column=table.chart_column, numeric_columns=table.numeric_columns)


# --- Tabell 3: employers ------------------------------------------------------------------

def employer_tables(f: Filters) -> list[StatTable]:
    sector_counts: dict[str, int] = defaultdict(int)
    section_counts: dict[str, int] = defaultdict(int)
    size_counts: dict[str, int] = defaultdict(int)
    for code, division, size, n in sources.employers_by_kind(f):
        sector_counts[st.sector(code)] += n
        section_counts[st.nace_section(division)] += n
        size_counts[st.size_band(size)] += n
    description = _("Arbeidsgivere (organisasjonsnumre) med minst ett tilsagn.")
    sectors = [k for k in st.SECTORS if sector_counts.get(k)]
    sections = [k for k in [*st.SECTION_NAMES, st.UNKNOWN] if section_counts.get(k)]
    sizes = [k for k in [*(b[0] for b in st.SIZE_BANDS), st.UNKNOWN] if size_counts.get(k)]
    return [
        _one_way("arbeidsgivere-sektor", _("Tabell 3a. Arbeidsgivere etter sektor"), description,
                 _("Sektor"), [st.SECTORS[k] for k in sectors],
                 [sector_counts[k] for k in sectors], _("Arbeidsgivere")),
        _one_way("arbeidsgivere-naering", _("Tabell 3b. Arbeidsgivere etter hovednæring"),
                 description, _("Næring (NACE-hovedområde)"),
                 [f"{k} {st.SECTION_NAMES.get(k, _('Ukjent næring'))}" for k in sections],
                 [section_counts[k] for k in sections], _("Arbeidsgivere")),
        _one_way("arbeidsgivere-storrelse", _("Tabell 3c. Arbeidsgivere etter antall ansatte"),
                 description, _("Antall ansatte"),
                 [k if k != st.UNKNOWN else _("Ukjent") for k in sizes],
                 [size_counts[k] for k in sizes], _("Arbeidsgivere")),
    ]


# --- Employees ------------------------------------------------------------------------------

def employee_tables(f: Filters) -> list[StatTable]:
    grid_counts: dict[tuple[str, int], int] = defaultdict(int)
    for age, sex, n in sources.employees_by_age_and_sex(f):
        band = st.age_band(age) if age is not None else st.UNKNOWN
        grid_counts[(band, sex if sex is not None else -1)] += n
    bands = [b for b in [*(a[0] for a in st.AGE_BANDS), st.UNKNOWN]
             if any(grid_counts.get((b, s)) for s in (0, 1, -1))]
    grid = [[grid_counts[(b, 0)], grid_counts[(b, 1)]] for b in bands]
    age_sex = _two_way(
        "arbeidstakere-alder-kjonn", _("Arbeidstakere etter alder og kjønn"),
        _("Søknader sendt til NAV. Alder i søknadsåret og kjønn fra fødselsnummeret."),
        _("Alder"), [b if b != st.UNKNOWN else _("Ukjent") for b in bands],
        [_("Kvinner"), _("Menn")], grid)
    labels = {"yes": _("Sykmeldt da søknaden ble sendt"), "no": _("Ikke sykmeldt"),
              "": _("Ikke oppgitt")}
    sick: dict[str, int] = defaultdict(int)
    for value, n in sources.sick_leave_at_application(f):
        sick[value if value in labels else ""] += n
    keys = [k for k in labels if sick.get(k)]
    sick_table = _one_way("arbeidstakere-sykmeldt", _("Arbeidstakere sykmeldt ved søknad"),
                          _("Søknader sendt til NAV, etter svaret i søknaden."),
                          _("Sykmelding"), [labels[k] for k in keys], [sick[k] for k in keys],
                          _("Søknader"))
    return [age_sex, sick_table]


# --- Rejections and budget ------------------------------------------------------------------

def rejection_table(f: Filters) -> StatTable:
    mentions: dict[str, int] = defaultdict(int)
    total = 0
    for failed, n in sources.rejections_by_conditions(f):
        total += n
        for key in failed:
            mentions[key] += n
    keys = sorted(mentions, key=lambda k: (-mentions[k], k))
    table = _one_way(
        "avslag-arsak", _("Avslag etter vilkår som ikke var oppfylt"),
        _("Et avslag kan ha flere vilkår, så summen kan bli større enn antall avslag."),
        _("Vilkår"), [CONDITIONS_BY_KEY[k].text if k in CONDITIONS_BY_KEY else k for k in keys],
        [mentions[k] for k in keys], _("Avslag"))
    shown_total = disclosure.PRIMARY_MARK if disclosure.is_small(total) else str(total)
    body = tuple(r if i < len(table.body) - 1 else (_("Sum av nevnte vilkår"), *r[1:])
                 for i, r in enumerate(table.body))
    return StatTable(table.key, table.title, table.description, table.header, body,
                     notes=(_("Antall avslag: %(n)s") % {"n": shown_total},),
                     numeric_columns=table.numeric_columns)


def budget_table(f: Filters) -> StatTable:
    frames, committed = sources.budget_use(f)
    frame_of = {(y, u): kr for y, u, kr in frames}
    header = (_("År og enhet"), _("Tilsagn"), _("Bundet (kr)"), _("Ramme (kr)"),
              _("Andel av rammen"))
    if not committed and not frames:
        return StatTable("budsjett", _("Budsjettbruk mot rammen"), "", header, (),
                         chart_column=None)
    p = disclosure.protect_column([n for *_x, n, _kr in committed]) if committed else None
    body = []
    for i, (y, number, name, _n, kr) in enumerate(committed):
        assert p is not None
        frame = frame_of.get((y, number))
        shown = _money(p, i, 0, kr)
        share = (f"{round(100 * kr / frame)} %" if frame and not p.is_hidden(i, 0) else "–")
        body.append((f"{y} {name}", p.shown(i, 0), shown,
                     _kr(frame) if frame is not None else _("Ikke satt"), share))
    years = sorted({y for y, *_r in committed} | {y for y, _u, _kr in frames})
    for y in years:
        national = frame_of.get((y, None))
        kr = sum(c[4] for c in committed if c[0] == y)
        n = sum(c[3] for c in committed if c[0] == y)
        small = disclosure.is_small(n)
        body.append((f"{y} {_('hele landet')}", disclosure.PRIMARY_MARK if small else str(n),
                     disclosure.PRIMARY_MARK if small else _kr(kr),
                     _kr(national) if national is not None else _("Ikke satt"),
                     f"{round(100 * kr / national)} %" if national and not small else "–"))
    return StatTable("budsjett", _("Budsjettbruk mot rammen per år og enhet"),
                     _("Bundet i gjeldende og utløpte tilsagn mot rammen NAV har satt."),
                     header, tuple(body), chart_column=None, has_total=False,
                     numeric_columns=frozenset({1, 2, 3}))


def _counted_or_pending(key: str, title: str, description: str, first: str, count_label: str,
                        rows: Sequence[tuple[object, int]] | None) -> StatTable:
    """A one-way table of (category, count) rows from a source, or «Ingen data ennå» while
    the source returns None."""
    if rows is None:
        return _pending(key, title, description, (first, count_label))
    return _one_way(key, title, description, first, [str(label) for label, _n in rows],
                    [n for _label, n in rows], count_label)


def refund_county_tables(f: Filters) -> list[StatTable]:
    """Tabell 2: refunds paid per county (2024) and per NAV's twelve units, against what the
    grants there committed."""
    header = (_("Fylke"), _("Refusjoner"), _("Refundert (kr)"), _("Tilsagn"), _("Bundet (kr)"),
              _("Andel refundert"))
    rows = sources.refunds_by_county(f)
    titles = (("refusjon-per-fylke", _("Tabell 2. Refusjoner per fylke (fylkene fra 2024)")),
              ("refusjon-per-nav-fylke", _("Tabell 2. Refusjoner per NAV-fylkesenhet (tolv)")))
    description = _("Utbetalte refusjoner etter tilsagnets år, mot det tilsagnene bandt.")
    if rows is None:
        return [_pending(k, t, description, header) for k, t in titles]
    counties = {c.number: c.name for c in County.objects.all()}
    place = sources.grants_by_place(f)
    result = []
    for (key, title), classify, names in (
            (titles[0], lambda m, c: c, counties),
            (titles[1], lambda m, c: st.nav_county_unit(m), st.NAV_COUNTY_UNITS)):
        refunds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        grants: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for _y, m, c, n, kr in rows:
            refunds[classify(m, c)][0] += n
            refunds[classify(m, c)][1] += kr
        for _y, m, c, _s, n, kr in place:
            grants[classify(m, c)][0] += n
            grants[classify(m, c)][1] += kr
        keys = sorted(grants)
        if not keys:
            result.append(StatTable(key, title, description, header, (), chart_column=None))
            continue
        pr = disclosure.protect_column([refunds[k][0] for k in keys])
        pg = disclosure.protect_column([grants[k][0] for k in keys])
        body = []
        for i, k in enumerate([*keys, None]):
            r_kr = sum(v[1] for v in refunds.values()) if k is None else refunds[k][1]
            g_kr = sum(v[1] for v in grants.values()) if k is None else grants[k][1]
            share = (f"{round(100 * r_kr / g_kr)} %" if g_kr and not pr.is_hidden(i, 0)
                     and not pg.is_hidden(i, 0) else "–")
            label = _("Totalt") if k is None else names.get(k, _("Ukjent"))
            body.append((label, pr.shown(i, 0), _money(pr, i, 0, r_kr), pg.shown(i, 0),
                         _money(pg, i, 0, g_kr), share))
        result.append(StatTable(key, title, description, header, tuple(body),
                                numeric_columns=frozenset({1, 2, 3, 4})))
    return result


def reports_table(f: Filters) -> StatTable:
    header = (_("År"), _("Med rapport"), _("Uten rapport"), _("Totalt"))
    rows = sources.reports_received(f)
    if rows is None:
        return _pending("rapport-mottatt", _("Tilsagn med rapporten mottatt"), "", header)
    return _two_way("rapport-mottatt", _("Tilsagn med rapporten mottatt"),
                    _("Tilsagn etter år, med og uten ekspertens rapport sendt til NAV."),
                    _("År"), [str(y) for y, _n, _w in rows], [_("Med rapport"), _("Uten rapport")],
                    [[w, n - w] for _y, n, w in rows], chart_column=1)


def _days_table(key: str, title: str, rows: list[tuple[int, int, int]] | None) -> StatTable:
    header = (_("År"), _("Antall"), _("Median (dager)"), _("90-persentil (dager)"))
    if rows is None:
        return _pending(key, title, "", header)
    hist: dict[int, dict[int, int]] = defaultdict(dict)
    for y, days, n in rows:
        hist[y][days] = hist[y].get(days, 0) + n
    body = []
    for y in sorted(hist):
        n = sum(hist[y].values())
        if disclosure.is_small(n):
            body.append((str(y), *(disclosure.PRIMARY_MARK,) * 3))
        else:
            body.append((str(y), str(n), str(st.percentile(hist[y], 0.5)),
                         str(st.percentile(hist[y], 0.9))))
    return StatTable(key, title, _("Kalenderdager; år med under fem vises som «<5»."), header,
                     tuple(body), chart_column=2, has_total=False,
                     numeric_columns=frozenset({1, 2, 3}))


def pending_tables(f: Filters | None = None) -> list[StatTable]:
    """Refund, report and follow-up: «Ingen data ennå» while a source returns None."""
    f = f or Filters()
    with sources.one_pass():  # the grants per place and the reports, each asked once
        return _aftermath_tables(f)


def _aftermath_tables(f: Filters) -> list[StatTable]:
    refused = sources.refunds_refused_for_deadline(f)
    return [
        *refund_county_tables(f),
        _counted_or_pending("refusjon-avvist-frist", _("Refusjoner som falt bort for fristen"),
                            _("Tilsagn der kravet ikke kom innen fristen, etter tilsagnets år."),
                            _("År"), _("Refusjoner"),
                            None if refused is None else [(str(y), n) for y, n in refused]),
        reports_table(f),
        _days_table("tid-vedtak-rapport", _("Tid fra vedtak til rapport"),
                    sources.days_decision_to_report(f)),
        _days_table("tid-rapport-refusjon", _("Tid fra rapport til refusjon"),
                    sources.days_report_to_refund(f)),
        _counted_or_pending("oppfolging-utfall", _("Figur 23. Utfall etter bistanden"),
                            _("Arbeidsgivernes svar i oppfølgingen."),
                            _("Utfall"), _("Oppfølginger"), sources.follow_up_outcomes(f)),
        _counted_or_pending("oppfolging-tiltak", _("Tiltak som er gjennomført"),
                            _("Hvor mange av rapportens tiltak arbeidsgiveren har gjennomført."),
                            _("Tiltak"), _("Oppfølginger"), sources.measures_carried_out(f)),
    ]


def _grant_section(f: Filters) -> list[StatTable]:
    place = sources.grants_by_place(f)
    return [*grant_tables(f, place), expired_table(f, place), budget_table(f)]


# The statistics page in sections, so each page runs only a few grouped queries.
SECTIONS: dict[str, tuple[object, Callable[[Filters], list[StatTable]]]] = {
    "tilsagn": (gettext_lazy("Tilsagn, fylker og budsjett"), _grant_section),
    "vedtak": (gettext_lazy("Vedtak og avslag"),
               lambda f: [decisions_by_unit_table(f), rejection_table(f)]),
    "arbeidsgivere": (gettext_lazy("Arbeidsgivere"), employer_tables),
    "arbeidstakere": (gettext_lazy("Arbeidstakere"), employee_tables),
    "refusjon": (gettext_lazy("Refusjon, rapport og oppfølging"), pending_tables),
}
SECTION_OF: dict[str, str] = {
    "tilsagn-per-ar": "tilsagn", "tilsagn-per-fylke": "tilsagn",
    "tilsagn-per-nav-fylke": "tilsagn", "tilsagn-utlopt": "tilsagn", "budsjett": "tilsagn",
    "vedtak-per-enhet": "vedtak", "avslag-arsak": "vedtak",
    "arbeidsgivere-sektor": "arbeidsgivere", "arbeidsgivere-naering": "arbeidsgivere",
    "arbeidsgivere-storrelse": "arbeidsgivere",
    "arbeidstakere-alder-kjonn": "arbeidstakere", "arbeidstakere-sykmeldt": "arbeidstakere",
    "refusjon-per-fylke": "refusjon", "refusjon-per-nav-fylke": "refusjon",
    "refusjon-avvist-frist": "refusjon",
    "rapport-mottatt": "refusjon", "tid-vedtak-rapport": "refusjon",
    "tid-rapport-refusjon": "refusjon", "oppfolging-utfall": "refusjon",
    "oppfolging-tiltak": "refusjon",
}


def section_tables(f: Filters, section: str) -> list[StatTable]:
    return SECTIONS[section][1](f)


def overview_tables(f: Filters) -> list[StatTable]:
    """Every table of every section, in the order the pages show them."""
    return [t for key in SECTIONS for t in section_tables(f, key)]


def table_by_key(f: Filters, key: str) -> StatTable | None:
    """One table, building only its section."""
    if key == "behandlingstid":
        return processing_table(f)
    if key not in SECTION_OF:
        return None
    return next((t for t in section_tables(f, SECTION_OF[key]) if t.key == key), None)


# --- Processing time -------------------------------------------------------------------------

def processing_table(f: Filters) -> StatTable:
    hist: dict[tuple[str, str, int, object], dict[int, int]] = defaultdict(dict)
    for number, name, target, month, days, n in sources.processing_days(f):
        key = (number, name, target, month)
        hist[key][days] = hist[key].get(days, 0) + n
    header = (_("Enhet og måned"), _("Vedtak"), _("Median (dager)"), _("90-persentil (dager)"),
              _("Mål (dager)"), _("Innenfor målet"))
    # Per unit, the months are protected as a one-way table: the unit's total is published in
    # Tabell 8, so a single hidden month could otherwise be subtracted out.
    by_unit: dict[tuple[str, str, int], list[tuple[object, dict[int, int]]]] = defaultdict(list)
    for (number, name, target, month), h in hist.items():
        by_unit[(number, name, target)].append((month, h))
    body = []
    for (_number, name, target), months in sorted(by_unit.items(), key=lambda kv: kv[0][1]):
        months.sort(key=lambda mh: str(mh[0]))
        p = disclosure.protect_column([sum(h.values()) for _m, h in months])
        for i, (month, h) in enumerate(months):
            n = sum(h.values())
            label = f"{name} {month:%Y-%m}" if hasattr(month, "strftime") else f"{name} {month}"
            if disclosure.is_small(n):
                mark = disclosure.PRIMARY_MARK
                body.append((label, mark, mark, mark, str(target), mark))
                continue
            within = sum(c for d, c in h.items() if d <= target)
            body.append((label, p.shown(i, 0), str(st.percentile(h, 0.5)),
                         str(st.percentile(h, 0.9)), str(target),
                         f"{round(100 * within / n)} %"))
    return StatTable("behandlingstid", _("Behandlingstid fra mottatt til vedtak"),
                     _("Kalenderdager fra søknaden kom inn til vedtaket, per vedtaksenhet og "
                       "måned, mot enhetens mål. Enheter og måneder med under fem vedtak vises "
                       "som «<5»."), header, tuple(body), chart_column=2, has_total=False,
                     numeric_columns=frozenset({1, 2, 3, 4}))
