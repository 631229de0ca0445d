"""The report's figures, drawn in step 7 from the tables steps 1–6 wrote.

Steps 1–6 compute; the figures are the report's, and drawing them (with matplotlib's import)
is most of a second at full size, so they are made where they are used. ``draw_figures``
draws Figur 21 and the common-support figure into ``figures/``; Figur 22 (``plot_tree``) is
drawn by its own step.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.matching import MatchResult
from ekspertbistand.evaluation.plotting import GROUP_COLOURS, STATUS_COLOURS, plt, save
from ekspertbistand.evaluation.schema import STATUS_LABELS, STATUS_YEARS, Status


def draw_figures(out_dir: Path) -> None:
    tables, figures = out_dir / "tables", out_dir / "figures"
    plot_state_distribution(pl.read_parquet(tables / "state_distribution.parquet"), figures / "figur21.png")
    propensity = pl.read_parquet(tables / "propensity.parquet", columns=["person_id", "recipient", "score"])
    matches = pl.read_parquet(tables / "matches.parquet", columns=["recipient_id", "control_id"])
    ids = propensity["person_id"].to_numpy()
    order = np.argsort(ids, kind="stable")
    treated_rows = order[np.searchsorted(ids, matches["recipient_id"].to_numpy(), sorter=order)]
    control_rows = order[np.searchsorted(ids, matches["control_id"].to_numpy(), sorter=order)]
    result = MatchResult(treated_rows, control_rows, np.zeros(treated_rows.size))
    plot_common_support(
        propensity["score"].to_numpy(),
        propensity["recipient"].to_numpy(),
        result,
        figures / "felles_stotte.png",
    )


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


def plot_common_support(score: np.ndarray, treated: np.ndarray, match: MatchResult, path: Path) -> None:
    """Score distributions before matching (all) and after (the matched pairs)."""

    def n(count: int) -> str:
        return f"{count:,}".replace(",", "\u00a0")

    figure, axes = plt.subplots(2, 1, figsize=(9, 6.4), sharex=True)
    low = max(float(score.min()), 1e-6)
    bins = np.logspace(np.log10(low), np.log10(float(score.max())), 60)

    def hist(axis: plt.Axes, values: np.ndarray, **kwargs: object) -> None:
        weights = np.full(values.size, 100.0 / max(values.size, 1))
        axis.hist(values, bins=bins, weights=weights, **kwargs)

    top, bottom = axes
    hist(
        top,
        score[~treated],
        histtype="stepfilled",
        alpha=0.4,
        color=GROUP_COLOURS["controls"],
        label=f"Alle ikke-mottakere (n = {n(int((~treated).sum()))})",
    )
    hist(
        top,
        score[treated],
        histtype="step",
        linewidth=2,
        color=GROUP_COLOURS["recipients"],
        label=f"Mottakere (n = {n(int(treated.sum()))})",
    )
    top.set_title("Før matching", loc="left")
    hist(
        bottom,
        score[match.control],
        histtype="stepfilled",
        alpha=0.4,
        color=GROUP_COLOURS["matched"],
        label=f"Matchede kontroller (n = {n(match.control.size)})",
    )
    hist(
        bottom,
        score[match.treated],
        histtype="step",
        linewidth=2,
        color=GROUP_COLOURS["recipients"],
        label=f"Matchede mottakere (n = {n(match.treated.size)})",
    )
    bottom.set_title("Etter matching (1:1, caliper 0,01)", loc="left")
    for axis in axes:
        axis.set_xscale("log")
        axis.set_ylabel("Andel av gruppen (%)")
        axis.legend(frameon=False, loc="upper left")
    bottom.set_xlabel("Propensity score (sannsynlighet for å motta tilskudd), logaritmisk akse")
    figure.suptitle("Felles støtte: fordeling av propensity score", x=0.02, ha="left")
    figure.tight_layout()
    save(figure, path)


def plot_tree(nodes: pl.DataFrame, path: Path) -> None:
    """Figur 22: boxes for the nodes, the split and its pseudo-R² and p-value on each edge."""
    children: dict[int, list[int]] = {}
    for row in nodes.iter_rows(named=True):
        children.setdefault(int(row["parent"]), []).append(int(row["node"]))
    by_id = {int(r["node"]): r for r in nodes.iter_rows(named=True)}
    x: dict[int, float] = {}
    leaves = [0]

    def place(node: int) -> float:
        kids = children.get(node, [])
        if not kids:
            x[node] = float(leaves[0])
            leaves[0] += 1
        else:
            x[node] = sum(place(k) for k in kids) / len(kids)
        return x[node]

    place(1)
    depth = max(int(r["depth"]) for r in by_id.values())
    width = max(leaves[0], 2)
    figure, axis = plt.subplots(figsize=(max(8.0, 2.2 * width), 1.9 * depth + 1))
    for node, row in by_id.items():
        y = -int(row["depth"])
        parent = int(row["parent"])
        if parent:
            axis.plot([x[parent], x[node]], [y + 1, y], color="#888888", linewidth=1, zorder=1)
        text = (
            f"n = {row['n']:,}".replace(",", " ")
            + f"\ndiskrepans {row['discrepancy']:.2f}".replace(".", ",")
            + f"\n{row['most_common']}"
        )
        if row["split"]:
            text += f"\n{row['split']}: R² {100 * row['pseudo_r2']:.2f} %".replace(".", ",")
            p = row["p_value"]
            text += "\np < 0,001" if p <= 0.001 else f"\np = {p:.3f}".replace(".", ",")
        axis.text(
            x[node],
            y,
            text,
            ha="center",
            va="center",
            fontsize=7,
            bbox={
                "boxstyle": "round",
                "facecolor": "#eef3f9" if row["split"] else "#ffffff",
                "edgecolor": "#0067c5",
            },
            zorder=2,
        )
        if parent:
            side = by_id[parent]
            label = side["left"] if children[parent][0] == node else side["right"]
            # Near the child, wrapped: long groupings (diagnoses) would run into each other.
            axis.text(
                x[parent] + 0.7 * (x[node] - x[parent]),
                y + 0.32,
                textwrap.fill(label, 24),
                ha="center",
                va="center",
                fontsize=6.5,
                color="#333333",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
                zorder=3,
            )
    axis.set_xlim(-0.8, width - 0.2)
    axis.set_ylim(-depth - 0.7, -0.3)
    axis.axis("off")
    figure.suptitle(
        "Regresjonstre på forløpene 2018–januar 2024 (jf. Figur 22), LCS-avstand", x=0.02, ha="left"
    )
    figure.tight_layout()
    save(figure, path)
