"""Discrepancy of state sequences over distinct sequences (Studer et al. 2011), exactly.

Studer's discrepancy of a group is its sum of squares, SS = Σ_{i<j} d(i, j) / n, and its
pseudo-variance SS / n. TraMineR computes it from the full n × n distance matrix, which for
the 652 507 people of the target group would be about 1.7 TB. But seven yearly states give
few distinct sequences (3 842 at full size), and everyone with the same sequence has the
same distances. With c the counts of each distinct sequence in a group and D the u × u
matrix between distinct sequences,

    Σ_{i<j} d(i, j) = cᵀ D c / 2        (the diagonal of D is zero),

so every discrepancy, of the whole group, of a subgroup or of a permuted subgroup, is that
quadratic form with other counts: only the weights change. For two groups of sizes n₁, n₂
and counts c₁, c − c₁: (c − c₁)ᵀ D (c − c₁) = cᵀDc − 2 c₁ᵀ(Dc) + c₁ᵀDc₁, so a permutation
costs one product c₁ᵀ D c₁. Nothing is approximated.

Distances (any works: only D changes):

- ``lcs``: d = |a| + |b| − 2·LCS(a, b), TraMineR's ``seqdist(method = "LCS")`` and
  ``seqtree``'s default. Its default normalisation ("gmean", 1 − LCS/√(|a||b|)) divides
  every distance by the same 2 × 7 here, which leaves pseudo-R² and pseudo-F unchanged.
  Computed bit-parallel (Crochemore et al. 2001): one pass over a's seven states, with the
  positions of each state in b as a bit mask.
- ``optimal_matching(indel, substitution)``: the edit distance by dynamic programming.
  With indel 1 and substitution 2 (TraMineR's constant costs) it equals ``lcs``.
- ``hamming``: positions that differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

STATES = 8  # status codes fit in three bits


@dataclass(frozen=True)
class DistinctSequences:
    sequences: np.ndarray  # (u × T) int8, sorted by their code
    index: np.ndarray  # (n,) row in ``sequences`` of each person's sequence

    @property
    def count(self) -> int:
        return int(self.sequences.shape[0])

    def counts(self, mask: np.ndarray | None = None) -> np.ndarray:
        index = self.index if mask is None else self.index[mask]
        return np.bincount(index, minlength=self.count).astype(np.float64)


def distinct(matrix: np.ndarray) -> DistinctSequences:
    """The distinct rows of a (people × years) status matrix, and who has which."""
    weights = STATES ** np.arange(matrix.shape[1] - 1, -1, -1, dtype=np.int64)
    codes = matrix.astype(np.int64) @ weights
    unique, index = np.unique(codes, return_inverse=True)
    sequences = ((unique[:, None] // weights) % STATES).astype(np.int8)
    return DistinctSequences(sequences, index.astype(np.int64))


def _pairwise(sequences: np.ndarray, block: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    u = sequences.shape[0]
    out = np.zeros((u, u), dtype=np.float64)
    step = max(1, 400_000 // max(u, 1))
    for first in range(0, u, step):
        rows = sequences[first : first + step]
        out[first : first + step] = block(rows, sequences)
    return out


def lcs(sequences: np.ndarray) -> np.ndarray:
    """|a| + |b| − 2·LCS(a, b) between every two of the given sequences."""
    length = sequences.shape[1]
    full = (1 << length) - 1
    bits = (1 << np.arange(length, dtype=np.int64)).astype(np.int64)
    # masks[j, s]: bit k set where sequence j has state s at position k.
    masks = np.zeros((sequences.shape[0], STATES), dtype=np.int64)
    for s in range(STATES):
        masks[:, s] = ((sequences == s) * bits).sum(axis=1)
    popcount = np.array([bin(v).count("1") for v in range(1 << length)], dtype=np.int64)

    def block(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        v = np.full((rows.shape[0], columns.shape[0]), full, dtype=np.int64)
        for k in range(length):
            m = masks[:, rows[:, k].astype(np.int64)].T  # (rows × columns)
            u = v & m
            v = ((v + u) | (v & ~m)) & full
        common = length - popcount[v]
        return (2 * length - 2 * common).astype(np.float64)

    return _pairwise(sequences, block)


def hamming(sequences: np.ndarray) -> np.ndarray:
    def block(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return (rows[:, None, :] != columns[None, :, :]).sum(axis=2).astype(np.float64)

    return _pairwise(sequences, block)


def optimal_matching(indel: float = 1.0, substitution: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    """Edit distance with constant costs, for sequences of equal length."""

    def distances(sequences: np.ndarray) -> np.ndarray:
        length = sequences.shape[1]

        def block(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
            shape = (rows.shape[0], columns.shape[0])
            previous = [np.full(shape, j * indel) for j in range(length + 1)]
            for i in range(1, length + 1):
                current = [np.full(shape, i * indel)]
                a = rows[:, i - 1][:, None]
                for j in range(1, length + 1):
                    cost = np.where(a == columns[None, :, j - 1], 0.0, substitution)
                    current.append(
                        np.minimum(
                            np.minimum(previous[j] + indel, current[j - 1] + indel),
                            previous[j - 1] + cost,
                        )
                    )
                previous = current
            return previous[length]

        return _pairwise(sequences, block)

    return distances


DISTANCES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "LCS": lcs,
    "OM": optimal_matching(1.0, 2.0),
    "Hamming": hamming,
}


def sum_of_squares(counts: np.ndarray, distance: np.ndarray) -> float:
    """Σ_{i<j} d(i, j) / n for a group with these counts of each distinct sequence."""
    n = counts.sum()
    if n <= 0:
        return 0.0
    return float(counts @ distance @ counts) / 2.0 / float(n)


@dataclass(frozen=True)
class Association:
    """How much of a node's discrepancy a two-way split explains."""

    ss_total: float
    ss_within: float
    n: float
    pseudo_r2: float
    pseudo_f: float
    p_value: float
    permutations: int


def association(
    counts: np.ndarray,
    first: np.ndarray,
    distance: np.ndarray,
    permutations: int = 1000,
    seed: int = 0,
) -> Association:
    """Pseudo-R², pseudo-F and permutation p-value of splitting ``counts`` into ``first``
    and the rest (TraMineR's ``dissassoc``; the p-value counts the observed split among the
    ``permutations``, as TraMineR does, so the smallest possible is 1 / permutations).

    A permutation gives the first group a random ``first.sum()`` of the node's people; its
    counts are a multivariate hypergeometric draw from ``counts``, and its statistic is
    −(SS₁ + SS₂), which orders permutations as pseudo-F does.
    """
    present = counts > 0
    c = counts[present]
    c1 = first[present]
    d = distance[np.ix_(present, present)]
    n, n1 = float(c.sum()), float(c1.sum())
    n2 = n - n1
    dc = d @ c
    total_q = float(c @ dc)
    ss_total = total_q / 2.0 / n

    def within(q1: np.ndarray, cross: np.ndarray) -> np.ndarray:
        q2 = total_q - 2.0 * cross + q1
        return q1 / 2.0 / n1 + q2 / 2.0 / n2

    q1 = float(c1 @ d @ c1)
    ss_within = float(within(np.array([q1]), np.array([float(c1 @ dc)]))[0])
    explained = ss_total - ss_within
    r2 = explained / ss_total if ss_total > 0 else 0.0
    f = (explained / 1.0) / (ss_within / (n - 2.0)) if ss_within > 0 and n > 2 else float("inf")
    p = float("nan")
    if permutations > 1:
        rng = np.random.default_rng(seed)
        hits = 1  # the observed split itself
        remaining = permutations - 1
        while remaining:
            size = min(remaining, 250)
            draws = rng.multivariate_hypergeometric(c.astype(np.int64), int(n1), size=size).T.astype(
                np.float64
            )
            q = np.einsum("ij,ij->j", draws, d @ draws)
            stats = within(q, dc @ draws)
            # −(SS₁ + SS₂) ≥ the observed one, with room for rounding in the sums.
            hits += int((stats <= ss_within * (1 + 1e-12)).sum())
            remaining -= size
        p = hits / permutations
    return Association(ss_total, ss_within, n, r2, f, p, permutations)
