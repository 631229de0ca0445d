"""Step 3: state distribution per year (Figur 21) and the most frequent sequences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.plotting import STATUS_COLOURS, plt, save
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


def plot_state_distribution(distribution: pl.DataFrame, path: Path) -> None:
    """Figur 21: stacked shares per year, recipients above, non-recipients below."""
    figure, axes = plt.subplots(2, 1, figsize=(9, 7.5), sharex=True)
    years = list(STATUS_YEARS)
    for axis, group in zip(axes, ("Mottakere", "Ikke-mottakere"), strict=True):
        part = distribution.filter(pl.col("group") == group)
        total = int(part.filter(pl.col("year") == years[0])["n"].sum())
        bottom = np.zeros(len(years))
        for status in Status:
            shares = part.filter(pl.col("status_code") == int(status)).sort("year")["share"].to_numpy() * 100
            for j, year in enumerate(years):
                axis.bar(
                    year,
                    shares[j],
                    bottom=bottom[j],
                    color=STATUS_COLOURS[status],
                    alpha=0.45 if year == 2024 else 1.0,
                    edgecolor="white",
                    linewidth=0.5,
                    label=STATUS_LABELS[status] if j == 0 else None,
                )
            bottom += shares
        axis.set_title(f"{group} (n = {total:,})".replace(",", " "), loc="left")
        axis.set_ylabel("Andel (%)")
        axis.set_ylim(0, 100)
        axis.set_xticks(years, [str(y) if y < 2024 else "jan. 2024" for y in years])
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    figure.suptitle("Arbeidsmarkedsstatus per år (jf. Figur 21)", x=0.02, ha="left")
    figure.text(
        0.02,
        -0.01,
        "2024 gjelder bare januar og er vist med falmede farger.",
        fontsize=9,
        color="#444444",
    )
    figure.tight_layout()
    save(figure, path)
