"""Figur 22: the regression tree on the state sequences (Studer et al. 2011), exactly.

The rules are TraMineR's ``disstree`` / ``seqtree`` (version 2.2-12), computed over distinct
sequences (``discrepancy``), so the whole target group fits where TraMineR needs a sample:

- the distance is LCS (``seqtree``'s default; see ``discrepancy`` for why its normalisation
  does not matter);
- the root is split on receipt first (``first = "recipient"``), the report's split, and its
  pseudo-R² is the share of the sequences' discrepancy receipt explains;
- below it, every node takes the binary split of one background variable (sex, age band,
  immigrant status, centrality, diagnosis group) that leaves the least discrepancy within.
  Age band and centrality are ordered (splits keep their order); sex, immigrant status and
  diagnosis group are nominal (any grouping of their values into two);
- both sides of a split must hold more than 5 % of the whole target group (``min.size =
  0.05``); a node at depth 5 is not split (``max.depth = 5``);
- a split stands only if its permutation test (1 000 permutations, the observed one among
  them) gives p ≤ 0.01 (``R = 1000``, ``pval = 0.01``).

One departure: ``disstree`` applies the minimum size to the forced first split too, and
with 3 229 recipients among 652 507 (0.5 %) it would refuse it. The report's figure has the
split, so the receipt split is made regardless of size (and its test reported); the rules
apply from there down. The recipients' node is then too small to split again.

Permutations are drawn from a generator seeded by the node's number, so the same input
gives the same p-values, byte for byte.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from ekspertbistand.evaluation.discrepancy import (
    DISTANCES,
    DistinctSequences,
    association,
    distinct,
)
from ekspertbistand.evaluation.schema import DIAGNOSIS_GROUPS, OTHER_DIAGNOSIS_GROUP, STATUS_LETTERS, Status

MIN_SIZE = 0.05
MAX_DEPTH = 5
PERMUTATIONS = 1000
P_VALUE = 0.01
DISTANCE = "LCS"


@dataclass(frozen=True)
class Predictor:
    name: str
    label: str
    codes: np.ndarray  # (n,) level of each person, 0..levels-1
    levels: tuple[str, ...]
    ordered: bool


@dataclass
class Node:
    id: int
    depth: int
    members: np.ndarray  # boolean mask over people
    rule: str
    n: int = 0
    discrepancy: float = 0.0
    split: str = ""
    left_label: str = ""
    right_label: str = ""
    r2: float = float("nan")
    pseudo_f: float = float("nan")
    p_value: float = float("nan")
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class TreeResult:
    nodes: pl.DataFrame
    receipt: pl.DataFrame


def _best_split(
    predictor: Predictor,
    members: np.ndarray,
    seqs: DistinctSequences,
    distance: np.ndarray,
    min_size: float,
    current: float,
) -> tuple[float, tuple[int, ...]] | None:
    """TraMineR's DTNGroupFactorBinary: the grouping with least discrepancy within."""
    levels = len(predictor.levels)
    codes = predictor.codes[members]
    index = seqs.index[members]
    present = np.unique(codes)
    if present.size <= 1:
        return None
    counts = np.bincount(index * levels + codes, minlength=seqs.count * levels).reshape(seqs.count, levels)
    counts = counts[:, present].astype(np.float64)
    sizes = counts.sum(axis=0)
    inertia = counts.T @ distance @ counts / 2.0  # [a, b]: Σ over pairs in a and b (halved)
    total = float(sizes.sum())
    k = present.size
    best: tuple[float, tuple[int, ...]] | None = None
    best_value = current
    if predictor.ordered:
        groupings: itertools.chain[tuple[int, ...]] = itertools.chain(tuple(range(p)) for p in range(1, k))
    else:
        groupings = itertools.chain.from_iterable(
            itertools.combinations(range(k), p) for p in range(1, math.ceil(k / 2) + 1)
        )
    everything = np.arange(k)
    for group in groupings:
        chosen = np.asarray(group)
        size = float(sizes[chosen].sum())
        other = total - size
        if not (size > min_size and other > min_size):
            continue
        rest = np.setdiff1d(everything, chosen)
        within = inertia[np.ix_(chosen, chosen)].sum() / size + inertia[np.ix_(rest, rest)].sum() / other
        if within < best_value:
            best_value = float(within)
            best = (best_value, tuple(int(present[i]) for i in chosen))
    return best


def _labels(predictor: Predictor, chosen: tuple[int, ...], members: np.ndarray) -> tuple[str, str]:
    present = sorted(set(np.unique(predictor.codes[members]).tolist()))
    left = [predictor.levels[i] for i in present if i in chosen]
    right = [predictor.levels[i] for i in present if i not in chosen]
    if predictor.ordered:
        return f"{predictor.label} {_span(left)}", f"{predictor.label} {_span(right)}"
    return f"{predictor.label}: {', '.join(left)}", f"{predictor.label}: {', '.join(right)}"


def _span(levels: list[str]) -> str:
    """«15–59» for the bands 15-19 … 55-59, «1–3» for centrality 1, 2, 3."""
    first, last = levels[0].split("-")[0], levels[-1].split("-")[-1]
    return first if first == last else f"{first}–{last}"


class _Builder:
    def __init__(
        self,
        seqs: DistinctSequences,
        distance: np.ndarray,
        predictors: list[Predictor],
        min_size: float,
        max_depth: int,
        permutations: int,
        p_limit: float,
    ) -> None:
        self.seqs, self.distance, self.predictors = seqs, distance, predictors
        self.min_size = min_size * seqs.index.size if min_size < 1 else min_size
        self.max_depth, self.permutations, self.p_limit = max_depth, permutations, p_limit
        self.next_id = 1

    def node(self, members: np.ndarray, depth: int, rule: str) -> Node:
        node = Node(self.next_id, depth, members, rule)
        self.next_id += 1
        counts = self.seqs.counts(members)
        node.n = int(counts.sum())
        node.discrepancy = float(counts @ self.distance @ counts) / 2.0 / node.n**2 if node.n else 0.0
        return node

    def split(self, node: Node, first: Predictor | None = None) -> Node:
        if node.depth >= self.max_depth:
            return node
        ss = node.discrepancy * node.n
        if first is not None:
            chosen_predictor: Predictor | None = first
            chosen: tuple[int, ...] = (1,)  # recipients on the left
        else:
            chosen_predictor, chosen, best_value = None, (), ss
            for predictor in self.predictors:
                found = _best_split(
                    predictor, node.members, self.seqs, self.distance, self.min_size, best_value
                )
                if found is not None and found[0] < best_value:
                    best_value, chosen, chosen_predictor = found[0], found[1], predictor
        if chosen_predictor is None:
            return node
        left_mask = node.members & np.isin(chosen_predictor.codes, chosen)
        right_mask = node.members & ~left_mask
        test = association(
            self.seqs.counts(node.members),
            self.seqs.counts(left_mask),
            self.distance,
            permutations=self.permutations,
            seed=node.id,
        )
        if first is None and self.permutations > 1 and test.p_value > self.p_limit:
            return node
        node.r2, node.pseudo_f, node.p_value = test.pseudo_r2, test.pseudo_f, test.p_value
        node.split = chosen_predictor.label
        if first is not None:
            node.left_label, node.right_label = "Mottakere", "Ikke-mottakere"
        else:
            node.left_label, node.right_label = _labels(chosen_predictor, chosen, node.members)
        for mask, label in ((left_mask, node.left_label), (right_mask, node.right_label)):
            child = self.node(mask, node.depth + 1, f"{node.rule} & {label}" if node.rule else label)
            node.children.append(self.split(child))
        return node


def build_tree(
    seqs: DistinctSequences,
    distance: np.ndarray,
    predictors: list[Predictor],
    first: Predictor | None = None,
    min_size: float = MIN_SIZE,
    max_depth: int = MAX_DEPTH,
    permutations: int = PERMUTATIONS,
    p_limit: float = P_VALUE,
) -> Node:
    builder = _Builder(seqs, distance, predictors, min_size, max_depth, permutations, p_limit)
    root = builder.node(np.ones(seqs.index.size, dtype=bool), 1, "")
    return builder.split(root, first)


def _walk(node: Node, parent: int | None = None) -> list[tuple[Node, int | None]]:
    out = [(node, parent)]
    for child in node.children:
        out += _walk(child, node.id)
    return out


def _most_common(seqs: DistinctSequences, members: np.ndarray) -> str:
    counts = seqs.counts(members)
    letters = [STATUS_LETTERS[Status(int(s))] for s in seqs.sequences[int(np.argmax(counts))]]
    return "-".join(letters)


def tree_frame(root: Node, seqs: DistinctSequences) -> pl.DataFrame:
    rows = []
    for node, parent in _walk(root):
        rows.append(
            {
                "node": node.id,
                "parent": parent if parent is not None else 0,
                "depth": node.depth,
                "n": node.n,
                "discrepancy": node.discrepancy,
                "rule": node.rule or "Hele målgruppen",
                "split": node.split,
                "left": node.left_label,
                "right": node.right_label,
                "pseudo_r2": node.r2,
                "pseudo_f": node.pseudo_f,
                "p_value": node.p_value,
                "leaf": not node.children,
                "most_common": _most_common(seqs, node.members),
            }
        )
    return pl.DataFrame(rows, schema_overrides={"node": pl.Int16, "parent": pl.Int16, "depth": pl.Int8})


def background_predictors(individuals: pl.DataFrame, chapter: np.ndarray) -> list[Predictor]:
    """Sex, age band, immigrant status, centrality and diagnosis group, per person."""
    bands = sorted(individuals["age_band"].unique().to_list(), key=lambda b: int(b.split("-")[0]))
    band_code = individuals["age_band"].replace_strict(
        {b: i for i, b in enumerate(bands)}, return_dtype=pl.Int64
    )
    groups = list(DIAGNOSIS_GROUPS)
    values, inverse = np.unique(chapter.astype(str), return_inverse=True)
    group_of_value = np.array(
        [groups.index(v) if v in groups else len(groups) for v in values], dtype=np.int64
    )
    diagnosis = group_of_value[inverse.ravel()]
    centrality = individuals["centrality"].to_numpy().astype(np.int64)
    return [
        Predictor(
            "sex", "Kjønn", (individuals["sex"] == "M").to_numpy().astype(np.int64), ("Kvinne", "Mann"), False
        ),
        Predictor("age_band", "Alder", band_code.to_numpy(), tuple(bands), True),
        Predictor(
            "immigrant",
            "Innvandrer",
            individuals["immigrant"].to_numpy().astype(np.int64),
            ("Nei", "Ja"),
            False,
        ),
        Predictor("centrality", "Sentralitet", centrality - 1, tuple(str(i) for i in range(1, 7)), True),
        Predictor(
            "diagnosis",
            "Diagnose",
            diagnosis,
            (*DIAGNOSIS_GROUPS.values(), OTHER_DIAGNOSIS_GROUP),
            False,
        ),
    ]


def target_group_tree(
    status: pl.DataFrame,
    individuals: pl.DataFrame,
    chapter: np.ndarray,
    matches: pl.DataFrame | None = None,
    permutations: int = PERMUTATIONS,
) -> TreeResult:
    """Figur 22 for the target group (``status`` and ``individuals`` in the same order)."""
    from ekspertbistand.evaluation.status import status_matrix

    matrix = status_matrix(status)
    seqs = distinct(matrix)
    distance = DISTANCES[DISTANCE](seqs.sequences)
    recipient = status["recipient"].to_numpy()
    receipt = Predictor("recipient", "Mottak av tilskudd", recipient.astype(np.int64), ("Nei", "Ja"), False)
    root = build_tree(
        seqs, distance, background_predictors(individuals, chapter), first=receipt, permutations=permutations
    )
    rows = [
        {
            "population": "Hele målgruppen",
            "n": root.n,
            "recipients": int(recipient.sum()),
            "distinct_sequences": seqs.count,
            "pseudo_r2": root.r2,
            "pseudo_f": root.pseudo_f,
            "p_value": root.p_value,
            "permutations": permutations,
            "distance": DISTANCE,
        }
    ]
    if matches is not None and matches.height:
        ids = status["person_id"].to_numpy()
        paired = np.isin(ids, matches["recipient_id"].to_numpy()) | np.isin(
            ids, matches["control_id"].to_numpy()
        )
        test = association(
            seqs.counts(paired), seqs.counts(paired & recipient), distance, permutations, seed=0
        )
        rows.append(
            {
                "population": "Matchede par",
                "n": int(test.n),
                "recipients": int((paired & recipient).sum()),
                "distinct_sequences": int((seqs.counts(paired) > 0).sum()),
                "pseudo_r2": test.pseudo_r2,
                "pseudo_f": test.pseudo_f,
                "p_value": test.p_value,
                "permutations": permutations,
                "distance": DISTANCE,
            }
        )
    return TreeResult(tree_frame(root, seqs), pl.DataFrame(rows))
