"""Speed of the report's privacy check, the payment export and the public expert list, each
against a floor measured side by side in the same run (the machines are shared and noisy, so
the ratio is what is recorded, in docs/benchmarks.md).

1. The privacy check on a long report (about 20 000 characters, flags in it) against the floor
   of one pass of a single compiled regular expression over the same text.
2. The pain.001 export of 1 000 payments (checks, XML, schema validation) against writing the
   same XML without checks or validation.
3. The public expert list (one page of 20) with 2 000 listed experts against a bare query for
   the same 20 rows, on a throw-away SQLite database.

Usage: .venv/bin/python bench/aftercare.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def best(function: Callable[[], object], repeat: int = 7) -> float:
    """The median of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def privacy_check() -> tuple[float, float]:
    from ekspertbistand.domain.report_privacy import check_text

    paragraph = ("Kari Nordmann møtte til oppstartsmøte med Hanne Lunde. Lange vakter uten pauser "
                 "og tunge løft gjør arbeidsdagen krevende. Hun har hatt depresjon (F32.1) og "
                 "bruker sertralin; kollegaen Lise Berg har tatt over vaktene. Fnr 12037823560. "
                 "Møtet var kl. 10.30 på rom 214, og vi skrev ut planen på A4-ark.\n")
    text = paragraph * (20_000 // len(paragraph))
    check_text(text, allowed_names=["Kari Nordmann", "Hanne Lunde"])  # word list loaded once
    floor_re = re.compile(r"\d{11}")
    ours = best(lambda: check_text(text, allowed_names=["Kari Nordmann", "Hanne Lunde"]))
    floor = best(lambda: floor_re.findall(text))
    return ours, floor


def payment_export() -> tuple[float, float]:
    from ekspertbistand.payments import pain001

    records = [pain001.PaymentRecord.in_kroner(f"2026-{n:06d}-01-R1", 23_100, "910825526",
                                               "Fjordlys Sykehjem AS", "15031000006",
                                               f"Refusjon {n}") for n in range(1_000)]
    debtor = pain001.Debtor("Arbeids- og velferdsetaten", "889640782", "76941000009")

    def ours() -> bytes:
        export = pain001.build_export("EB-UTB-BENCH", records, debtor=debtor,
                                      created_at=dt.datetime(2026, 12, 1, 10, 0),
                                      execution_date=dt.date(2026, 12, 2))
        return pain001.to_pain001(export)

    def floor() -> bytes:
        from xml.etree import ElementTree as ET

        root = ET.Element("Document")
        for record in records:
            ET.SubElement(ET.SubElement(root, "CdtTrfTxInf"), "InstdAmt").text = str(record.amount_ore)
        return ET.tostring(root)

    ours()  # the schema is parsed once per process; measured separately below
    return best(ours, 5), best(floor, 5)


def schema_load() -> float:
    from ekspertbistand.payments import pain001

    pain001._schema.cache_clear()
    return best(pain001._schema, 1)


def expert_list() -> tuple[float, float]:
    folder = tempfile.mkdtemp(prefix="eb-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekspertbistand.config.settings")
    import django
    from django.core.management import call_command
    from django.utils import timezone

    django.setup()
    call_command("migrate", verbosity=0)
    from ekspertbistand.cases.models import Expert
    from ekspertbistand.experts import selectors
    from ekspertbistand.experts.models import Provider

    provider = Provider.objects.create(orgnr="910825445", name="Arbeidshelse Sør AS",
                                       checked_in_register_at=timezone.now())
    areas = ["coaching", "work_psychology", "ergonomics_physio", "career_guidance"]
    counties = ["03", "11", "42", "46", "18", "34"]
    Expert.objects.bulk_create(
        Expert(name=f"Ekspert {n}", company=provider.name, orgnr=provider.orgnr, provider=provider,
               competence_areas=[areas[n % 4]], counties=[counties[n % 6]], education="Psykolog",
               qualification_checked_at=timezone.now()) for n in range(2_000))
    page_ids = list(Expert.objects.values_list("pk", flat=True)[:20])
    ours = best(lambda: selectors.public_list(competence="coaching", county="42"))
    floor = best(lambda: list(Expert.objects.filter(pk__in=page_ids).select_related("provider")))
    return ours, floor


def main() -> None:
    rows = []
    ours, floor = privacy_check()
    rows.append(("privacy check, 20 000 characters", ours, floor, "one regex pass"))
    ours, floor = payment_export()
    rows.append(("pain.001, 1 000 payments (checked, validated)", ours, floor, "bare XML"))
    ours, floor = expert_list()
    rows.append(("expert list page, 2 000 listed", ours, floor, "bare query for 20 rows"))
    schema = schema_load()
    print("| what | ours (ms) | floor (ms) | floor is | ratio |")
    print("|---|---:|---:|---|---:|")
    for what, mine, base, kind in rows:
        print(f"| {what} | {mine:.2f} | {base:.2f} | {kind} | {mine / base:.1f}× |")
    print(f"\npain.001 schema parsed once per process: {schema:.0f} ms")


if __name__ == "__main__":
    main()
