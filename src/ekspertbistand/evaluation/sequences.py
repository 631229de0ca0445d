"""Step 3: state distribution per year (Figur 21) and the most frequent sequences.

The figure itself is drawn with the report (``figures``), from the table made here.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ekspertbistand.evaluation.schema import STATUS_LABELS, STATUS_LETTERS, STATUS_YEARS, Status

GROUP_LABELS = {True: "Mottakere", False: "Ikke-mottakere"}


def state_distribution(statuses: np.ndarray, recipient: np.ndarray) -> pl.DataFrame:
    """Count and share of each status per year, for recipients and non-recipients."""
    rows = []
    for group in (True, False):
        block = statuses[recipient == group]
        total = block.shape[0]
        for j, year in enumerate(STATUS_YEARS):
            counts = np.bincount(block[:, j], minlength=len(Status))
            for status in Status:
                count = int(counts[status])
                rows.append(
                    {
                        "group": GROUP_LABELS[group],
                        "year": year,
                        "status": STATUS_LABELS[status],
                        "status_code": int(status),
                        "n": count,
                        "share": count / total if total else 0.0,
                    }
                )
    return pl.DataFrame(rows, schema_overrides={"year": pl.Int16, "status_code": pl.Int8})


def frequent_sequences(statuses: np.ndarray, recipient: np.ndarray, top: int = 10) -> pl.DataFrame:
    """The ``top`` most frequent 2018–2024 sequences per group (letters: see schema)."""
    letters = np.array([STATUS_LETTERS[s] for s in Status])
    weights = 8 ** np.arange(statuses.shape[1] - 1, -1, -1)
    rows = []
    for group in (True, False):
        block = statuses[recipient == group].astype(np.int64)
        if block.size == 0:
            continue
        codes, counts = np.unique(block @ weights, return_counts=True)
        order = np.lexsort((codes, -counts))[:top]
        for rank, i in enumerate(order, start=1):
            digits = (codes[i] // weights) % 8
            rows.append(
                {
                    "group": GROUP_LABELS[group],
                    "rank": rank,
                    "sequence": "-".join(letters[digits]),
                    "n": int(counts[i]),
                    "share": float(counts[i] / block.shape[0]),
                }
            )
    return pl.DataFrame(rows, schema_overrides={"rank": pl.Int16})
