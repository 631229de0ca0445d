"""Shared plot settings: the Agg backend, Norwegian labels, distinguishable colours."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from ekspertbistand.evaluation.schema import Status  # noqa: E402

# Colour-blind-safe (Okabe–Ito) colours, one per status, in Tabell 7's order.
STATUS_COLOURS = {
    Status.FULL_TIME: "#0072B2",
    Status.EMPLOYED: "#56B4E9",
    Status.OLD_AGE_PENSION: "#999999",
    Status.DISABILITY: "#CC79A7",
    Status.AAP: "#E69F00",
    Status.LONG_TERM_SICK: "#D55E00",
    Status.UNKNOWN: "#F0E442",
}
GROUP_COLOURS = {"recipients": "#D55E00", "controls": "#0072B2", "matched": "#009E73"}


def save(figure: plt.Figure, path: Path) -> None:
    """Save a PNG with fixed metadata, so the same figure gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
