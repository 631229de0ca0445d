"""Load the versioned reference data files in ``reference/data/`` into the database.

The loader upserts, keyed on official numbers and dates, and is idempotent: running it twice
changes nothing. It is called from the data migration ``0002_load_reference_data`` (with the
historical models, through ``apps``) and from the management command ``load_reference_data``
(when NAV has updated a data file).

Who owns which field (docs/reference-data.md):

* The files own identity and structure: county and municipality names, a municipality's
  county, a unit's name, kind and parent, and which coverage periods exist. A reload updates
  these.
* NAV owns what it edits in the admin: a unit's e-mail and phone, the routing flags
  (``delegated_authority``, ``recommends_only``, ``requires_prior_contact``), the end date of
  an existing coverage period once set, a rate's amount and source. The files only give their
  first value; a reload never overwrites them, and reports where the file says otherwise.
* Nothing is ever deleted by the loader. A file may fill in a value the database lacks (an
  empty centrality, an open coverage's end date).

Only fields that exist in the migration state of ``0002_load_reference_data`` are touched, so
the data migration keeps working when later migrations add fields.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# Fields on NavUnit that NAV edits in the admin; the files only give their initial value.
NAV_OWNED_UNIT_FIELDS = ("email", "phone", "delegated_authority", "recommends_only",
                         "requires_prior_contact")


@dataclass
class LoadReport:
    """What one run of the loader did, per table: created and updated rows, kept differences."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Places where the file differs from a value NAV owns; the database value was kept.
    kept: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], table: str) -> None:
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def read_data_file(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    """Read one data file (e.g. ``"counties.json"``); it must carry ``version`` and ``source``."""
    path = (data_dir or DATA_DIR) / name
    content: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for header in ("version", "source"):
        if not content.get(header):
            raise ValueError(f"{path.name} mangler feltet «{header}».")
    return content


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _models(apps: Any) -> tuple[Any, Any, Any, Any, Any]:
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    return (
        apps.get_model("reference", "County"),
        apps.get_model("reference", "Municipality"),
        apps.get_model("reference", "NavUnit"),
        apps.get_model("reference", "UnitCoverage"),
        apps.get_model("reference", "MaxRate"),
    )


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def load_reference_data(apps: Any = None, data_dir: Path | None = None) -> LoadReport:
    """Upsert counties, municipalities, NAV units with coverage, and maximum rates from the files.

    ``apps`` is the migration's app registry (historical models) or ``None`` for the live models.
    Runs in one transaction; returns a :class:`LoadReport`.
    """
    from django.db import transaction

    county_model, municipality_model, unit_model, coverage_model, rate_model = _models(apps)
    report = LoadReport()
    files = {name: read_data_file(f"{name}.json", data_dir)
             for name in ("counties", "municipalities", "nav_units", "rates")}
    report.versions = {name: str(content["version"]) for name, content in files.items()}

    with transaction.atomic(using=county_model.objects.db):
        counties = _load_counties(county_model, files["counties"]["counties"], report)
        municipalities = _load_municipalities(
            municipality_model, counties, files["municipalities"]["municipalities"], report
        )
        _load_units(unit_model, coverage_model, municipalities, files["nav_units"]["units"], report)
        _load_rates(rate_model, files["rates"]["rates"], report)
    return report


def _load_counties(model: Any, rows: list[dict[str, Any]], report: LoadReport) -> dict[str, Any]:
    by_number = {c.number: c for c in model.objects.all()}
    for row in rows:
        values = {"name": row["name"], "valid_from": _date(row["valid_from"]),
                  "valid_to": _date(row.get("valid_to"))}
        county = by_number.get(row["number"])
        if county is None:
            by_number[row["number"]] = model.objects.create(number=row["number"], **values)
            report.count(report.created, "county")
        elif _apply(county, values):
            county.save()
            report.count(report.updated, "county")
    return by_number


def _load_municipalities(model: Any, counties: dict[str, Any], rows: list[dict[str, Any]],
                         report: LoadReport) -> dict[str, Any]:
    by_number = {m.number: m for m in model.objects.all()}
    for row in rows:
        number = row["number"]
        if number[:2] != row["county"]:
            raise ValueError(
                f"Kommunenummer {number} passer ikke med fylkesnummer {row['county']}.")
        values: dict[str, Any] = {"name": row["name"], "county_id": counties[row["county"]].pk}
        if row.get("centrality") is not None:
            values["centrality"] = row["centrality"]
        municipality = by_number.get(number)
        if municipality is None:
            by_number[number] = model.objects.create(number=number, **values)
            report.count(report.created, "municipality")
        elif _apply(municipality, values):
            municipality.save()
            report.count(report.updated, "municipality")
    return by_number


def _load_units(unit_model: Any, coverage_model: Any, municipalities: dict[str, Any],
                rows: list[dict[str, Any]], report: LoadReport) -> None:
    by_number = {u.number: u for u in unit_model.objects.all()}
    # Units first (parents may come later in the file), then parents, then coverage.
    for row in rows:
        structural = {"name": row["name"], "kind": row["kind"]}
        owned = {name: row.get(name, unit_model._meta.get_field(name).get_default())
                 for name in NAV_OWNED_UNIT_FIELDS}
        unit = by_number.get(row["number"])
        if unit is None:
            by_number[row["number"]] = unit_model.objects.create(
                number=row["number"], **structural, **owned)
            report.count(report.created, "nav_unit")
            continue
        if _apply(unit, structural):
            unit.save()
            report.count(report.updated, "nav_unit")
        for name, value in owned.items():
            if getattr(unit, name) != value:
                report.kept.append(
                    f"{unit.number} {unit.name}: {name} er {getattr(unit, name)!r} i databasen, "
                    f"{value!r} i datafilen (databasens verdi beholdt)")

    for row in rows:
        unit = by_number[row["number"]]
        parent_id = by_number[row["parent"]].pk if row.get("parent") else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            unit.save(update_fields=["parent"])
            report.count(report.updated, "nav_unit")

    existing = {(c.unit_id, c.municipality_id, c.valid_from): c
                for c in coverage_model.objects.all()}
    for row in rows:
        unit = by_number[row["number"]]
        for period in row.get("coverage", []):
            valid_from = _date(period["valid_from"])
            valid_to = _date(period.get("valid_to"))
            for number in period["municipalities"]:
                if number not in municipalities:
                    raise ValueError(
                        f"{unit.number} {unit.name} dekker ukjent kommunenummer {number}.")
                key = (unit.pk, municipalities[number].pk, valid_from)
                coverage = existing.get(key)
                if coverage is None:
                    existing[key] = coverage_model.objects.create(
                        unit_id=unit.pk, municipality_id=municipalities[number].pk,
                        valid_from=valid_from, valid_to=valid_to)
                    report.count(report.created, "unit_coverage")
                elif coverage.valid_to is None and valid_to is not None:
                    # The file closes a period that is still open: new information, apply it.
                    coverage.valid_to = valid_to
                    coverage.save(update_fields=["valid_to"])
                    report.count(report.updated, "unit_coverage")
                elif coverage.valid_to != valid_to:
                    report.kept.append(
                        f"{unit.number} {unit.name} – kommune {number} fra {valid_from}: "
                        f"gyldig til er {coverage.valid_to} i databasen, {valid_to} i datafilen "
                        f"(databasens verdi beholdt)")


def _load_rates(model: Any, rows: list[dict[str, Any]], report: LoadReport) -> None:
    by_date = {r.effective_from: r for r in model.objects.all()}
    for row in rows:
        effective_from = _date(row["effective_from"])
        rate = by_date.get(effective_from)
        if rate is None:
            model.objects.create(effective_from=effective_from, amount_kr=row["amount_kr"],
                                 source=row.get("source", ""))
            report.count(report.created, "max_rate")
            continue
        if rate.amount_kr != row["amount_kr"]:
            report.kept.append(
                f"Sats fra {effective_from}: {rate.amount_kr} kr i databasen, "
                f"{row['amount_kr']} kr i datafilen (databasens verdi beholdt)")
        if not rate.source and row.get("source"):
            rate.source = row["source"]
            rate.save(update_fields=["source"])
            report.count(report.updated, "max_rate")


def load_reference_data_migration(apps: Any, schema_editor: Any) -> None:
    """``RunPython`` entry point for the data migration."""
    load_reference_data(apps)
