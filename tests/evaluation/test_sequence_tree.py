"""Figur 22: the weighted computation over distinct sequences equals the plain pairwise one.

The plain versions here are written the way TraMineR does it: a full n × n distance matrix
between people, sums over pairs of people, and a search over every binary grouping.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from ekspertbistand.evaluation.discrepancy import (
    association,
    distinct,
    hamming,
    lcs,
    optimal_matching,
    sum_of_squares,
)
from ekspertbistand.evaluation.sequence_tree import Predictor, build_tree


def plain_lcs_length(a: list[int], b: list[int]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, 1):
        for j, y in enumerate(b, 1):
            table[i][j] = table[i - 1][j - 1] + 1 if x == y else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


def plain_distances(matrix: np.ndarray) -> np.ndarray:
    """LCS distance between every two people, pair by pair."""
    n = matrix.shape[0]
    rows = matrix.tolist()
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = len(rows[i]) + len(rows[j]) - 2 * plain_lcs_length(rows[i], rows[j])
    return out


def plain_ss(distance: np.ndarray, members: np.ndarray) -> float:
    """TraMineR's weighted inertia with unit weights: Σ_{i<j} d(i, j) / n."""
    idx = np.flatnonzero(members)
    if idx.size == 0:
        return 0.0
    block = distance[np.ix_(idx, idx)]
    return float(np.triu(block, 1).sum()) / idx.size


def sample_matrix(seed: int, people: int = 160, years: int = 7) -> np.ndarray:
    """Status sequences with many repeats, as real ones have."""
    rng = np.random.default_rng(seed)
    common = rng.integers(0, 7, size=(12, years))
    matrix = common[rng.integers(0, 12, size=people)]
    noise = rng.random((people, years)) < 0.15
    matrix[noise] = rng.integers(0, 7, size=int(noise.sum()))
    return matrix.astype(np.int8)


def test_lcs_over_distinct_sequences_is_the_plain_dynamic_programme():
    matrix = sample_matrix(1, people=120)
    seqs = distinct(matrix)
    assert seqs.count < matrix.shape[0]  # repeats are what the method relies on
    weighted = lcs(seqs.sequences)[np.ix_(seqs.index, seqs.index)]
    np.testing.assert_array_equal(weighted, plain_distances(matrix))


def test_optimal_matching_with_indel_1_and_substitution_2_is_lcs_and_hamming_counts_positions():
    rng = np.random.default_rng(2)
    sequences = rng.integers(0, 7, size=(60, 7)).astype(np.int8)
    np.testing.assert_array_equal(optimal_matching(1.0, 2.0)(sequences), lcs(sequences))
    expected = (sequences[:, None, :] != sequences[None, :, :]).sum(axis=2)
    np.testing.assert_array_equal(hamming(sequences), expected)
    # With indels dearer than any run of substitutions, optimal matching is Hamming.
    np.testing.assert_array_equal(optimal_matching(10.0, 1.0)(sequences), expected)


def test_discrepancy_pseudo_r2_and_f_equal_the_pairwise_computation():
    matrix = sample_matrix(3)
    group = np.random.default_rng(3).random(matrix.shape[0]) < 0.3
    seqs = distinct(matrix)
    distance = lcs(seqs.sequences)
    ours = association(seqs.counts(), seqs.counts(group), distance, permutations=1)
    full = plain_distances(matrix)
    total = plain_ss(full, np.ones(group.size, dtype=bool))
    within = plain_ss(full, group) + plain_ss(full, ~group)
    n = group.size
    assert ours.ss_total == pytest.approx(total, rel=1e-12)
    assert sum_of_squares(seqs.counts(group), distance) == pytest.approx(plain_ss(full, group), rel=1e-12)
    assert ours.ss_within == pytest.approx(within, rel=1e-12)
    assert ours.pseudo_r2 == pytest.approx(1 - within / total, rel=1e-12)
    assert ours.pseudo_f == pytest.approx(((total - within) / 1) / (within / (n - 2)), rel=1e-12)


def test_a_permutation_only_changes_the_weights():
    matrix = sample_matrix(4)
    seqs = distinct(matrix)
    distance = lcs(seqs.sequences)
    full = plain_distances(matrix)
    rng = np.random.default_rng(4)
    group = rng.random(matrix.shape[0]) < 0.4
    for _ in range(20):
        permuted = rng.permutation(group)
        weighted = sum_of_squares(seqs.counts(permuted), distance) + sum_of_squares(
            seqs.counts(~permuted), distance
        )
        assert weighted == pytest.approx(plain_ss(full, permuted) + plain_ss(full, ~permuted), rel=1e-12)


def test_the_permutation_test_tells_a_real_split_from_a_random_one_and_repeats_itself():
    matrix = sample_matrix(5, people=300)
    rng = np.random.default_rng(5)
    seqs = distinct(matrix)
    distance = lcs(seqs.sequences)
    real = matrix[:, -1] == matrix[0, -1]  # defined by the sequences themselves
    noise = rng.random(matrix.shape[0]) < 0.5
    strong = association(seqs.counts(), seqs.counts(real), distance, permutations=200, seed=1)
    weak = association(seqs.counts(), seqs.counts(noise), distance, permutations=200, seed=1)
    assert strong.p_value == pytest.approx(1 / 200)  # the smallest possible: only itself
    assert weak.p_value > 0.05
    again = association(seqs.counts(), seqs.counts(noise), distance, permutations=200, seed=1)
    assert again.p_value == weak.p_value


def plain_tree(full, predictors, members, min_size, depth=1, max_depth=5):
    """The disstree search over people, without permutation tests: (rule, n) of each leaf."""
    if depth >= max_depth:
        return [members.sum()]
    current = plain_ss(full, members)
    best = None
    for p in predictors:
        codes = p.codes[members]
        present = sorted(set(codes.tolist()))
        k = len(present)
        if k <= 1:
            continue
        if p.ordered:
            groupings = [tuple(present[:i]) for i in range(1, k)]
        else:
            groupings = [
                tuple(present[i] for i in c)
                for size in range(1, math.ceil(k / 2) + 1)
                for c in itertools.combinations(range(k), size)
            ]
        for grouping in groupings:
            left = members & np.isin(p.codes, grouping)
            right = members & ~left
            if not (left.sum() > min_size and right.sum() > min_size):
                continue
            within = plain_ss(full, left) + plain_ss(full, right)
            if within < (best[0] if best else current):
                best = (within, left, right)
    if best is None:
        return [int(members.sum())]
    return plain_tree(full, predictors, best[1], min_size, depth + 1, max_depth) + plain_tree(
        full, predictors, best[2], min_size, depth + 1, max_depth
    )


def test_the_tree_over_distinct_sequences_is_the_tree_over_people():
    matrix = sample_matrix(6, people=220)
    rng = np.random.default_rng(6)
    n = matrix.shape[0]
    predictors = [
        Predictor("sex", "Kjønn", (matrix[:, 0] > 3).astype(np.int64), ("K", "M"), False),
        Predictor(
            "age",
            "Alder",
            np.clip(matrix[:, 3].astype(np.int64) + rng.integers(0, 2, n), 0, 7),
            tuple(str(i) for i in range(8)),
            True,
        ),  # fmt: skip
        Predictor("diagnosis", "Diagnose", rng.integers(0, 5, n), tuple("ABCDE"), False),
    ]
    seqs = distinct(matrix)
    root = build_tree(seqs, lcs(seqs.sequences), predictors, min_size=0.05, permutations=1)

    def leaves(node):
        return [node.n] if not node.children else [x for c in node.children for x in leaves(c)]

    expected = plain_tree(plain_distances(matrix), predictors, np.ones(n, dtype=bool), 0.05 * n)
    assert leaves(root) == expected
    assert len(expected) > 3  # the tree did split


def test_a_split_smaller_than_the_minimum_size_is_not_made():
    matrix = sample_matrix(7, people=200)
    seqs = distinct(matrix)
    rare = np.zeros(200, dtype=np.int64)
    rare[:9] = 1  # 4.5 % of the group: under disstree's 5 %
    predictor = Predictor("rare", "Sjelden", rare, ("nei", "ja"), False)
    root = build_tree(seqs, lcs(seqs.sequences), [predictor], permutations=1)
    assert root.children == []
    rare[:11] = 1  # 5.5 %
    root = build_tree(seqs, lcs(seqs.sequences), [predictor], permutations=1)
    assert [c.n for c in root.children] == [189, 11]  # the first level goes left, as in disstree


def test_receipt_is_the_first_split_even_for_a_small_group_and_its_node_stays_whole():
    matrix = sample_matrix(8, people=200)
    seqs = distinct(matrix)
    recipient = np.zeros(200, dtype=np.int64)
    recipient[::40] = 1  # 5 of 200
    receipt = Predictor("recipient", "Mottak", recipient, ("Nei", "Ja"), False)
    sex = Predictor("sex", "Kjønn", (matrix[:, 2] > 2).astype(np.int64), ("K", "M"), False)
    root = build_tree(seqs, lcs(seqs.sequences), [sex], first=receipt, permutations=100)
    assert [c.n for c in root.children] == [5, 195]
    assert root.children[0].children == []  # 5 people: under the minimum size
    assert 0 < root.p_value <= 1
