"""Disclosure control (decision 0055): counts under 5 hidden, and no hidden cell computable."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ekspertbistand.domain import disclosure as d


def determined(p: d.Protected) -> set[tuple[int, int]]:
    """Hidden cells whose value follows from the published cells by linear algebra (exact,
    with fractions): the attacker's subtraction, independent of the method's graph argument."""
    rows, cols = p.rows, p.columns
    unknown = sorted(p.hidden)
    index = {cell: k for k, cell in enumerate(unknown)}
    equations: list[list[Fraction]] = []
    for r in range(rows + 1):  # each row of cells adds up to its total
        eq = [Fraction(0)] * len(unknown)
        for c in range(cols + 1):
            if (r, c) in index:
                eq[index[(r, c)]] += -1 if c == cols else 1
        equations.append(eq)
    for c in range(cols + 1):
        eq = [Fraction(0)] * len(unknown)
        for r in range(rows + 1):
            if (r, c) in index:
                eq[index[(r, c)]] += -1 if r == rows else 1
        equations.append(eq)
    # Row-reduce; a unknown is determined when a unit vector is in the row space.
    m = [row[:] for row in equations if any(row)]
    pivots: list[int] = []
    lead = 0
    for col in range(len(unknown)):
        pivot = next((i for i in range(lead, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[lead], m[pivot] = m[pivot], m[lead]
        m[lead] = [v / m[lead][col] for v in m[lead]]
        for i in range(len(m)):
            if i != lead and m[i][col] != 0:
                m[i] = [a - m[i][col] * b for a, b in zip(m[i], m[lead], strict=True)]
        pivots.append(col)
        lead += 1
    found = set()
    for i in range(lead):
        nonzero = [k for k, v in enumerate(m[i]) if v != 0]
        if len(nonzero) == 1:
            found.add(unknown[nonzero[0]])
    return found


def test_small_counts_are_hidden_and_shown_as_under_five():
    p = d.protect([[3, 10], [20, 30]])
    assert p.shown(0, 0) == "<5"
    assert p.primary == {(0, 0)}
    # 3's row and column partners: the next-smallest cells, so 3 cannot be subtracted out.
    assert p.is_hidden(0, 1) and p.is_hidden(1, 0) and p.is_hidden(1, 1)
    assert p.shown(0, 1) == "x"
    assert p.shown(0, 2) == "13" and p.shown(2, 2) == "63"
    assert determined(p) == set()


def test_zero_and_five_are_published():
    p = d.protect([[0, 5], [7, 9]])
    assert p.hidden == frozenset()
    assert p.shown(0, 0) == "0" and p.shown(0, 1) == "5"


def test_four_is_hidden_five_is_not_edge():
    assert d.is_small(4) and not d.is_small(5) and not d.is_small(0)


def test_a_small_row_total_hides_the_row():
    p = d.protect([[1, 2], [10, 12]])
    assert p.is_hidden(0, 2)  # total 3
    assert determined(p) == set()


def test_one_way_table_needs_a_second_hidden_category():
    p = d.protect_column([40, 2, 9, 60])
    assert p.shown(1, 0) == "<5"
    assert p.is_hidden(2, 0)  # 9: the smallest other year
    assert not p.is_hidden(4, 0)  # the total stays published
    assert determined(p) == set()


def test_linked_tables_hide_the_same_row_totals():
    by_year = [[2], [30]]
    by_year_and_county = [[1, 1], [15, 15]]
    a, b = d.protect_linked([by_year, by_year_and_county])
    assert a.is_hidden(0, 1) == b.is_hidden(0, 2)
    assert determined(a) == set() and determined(b) == set()


tables = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 200)),
                                   min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_is_recoverable_from_the_published_margins(counts):
    p = d.protect(counts)
    for r in range(p.rows + 1):
        for c in range(p.columns + 1):
            value = p.value(r, c)
            if 0 < value < 5:
                assert p.shown(r, c) == "<5"
    assert all(p.value(r, c) != 0 for r, c in p.hidden)
    assert determined(p) == set()


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4).flatmap(lambda rows: st.tuples(
    st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=2), min_size=rows,
             max_size=rows),
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=rows,
             max_size=rows))))
def test_linked_tables_publish_no_row_total_the_other_hides(pair):
    left, right = pair
    # The same population split two ways: the right table's rows add up to the left's.
    right = [[row[0], row[1], max(0, sum(left[i]) - row[0] - row[1])]
             for i, row in enumerate(right)]
    right = [row if sum(row) == sum(left[i]) else [0, 0, sum(left[i])]
             for i, row in enumerate(right)]
    a, b = d.protect_linked([left, right])
    for r in range(len(left)):
        assert a.is_hidden(r, a.columns) == b.is_hidden(r, b.columns)
    assert determined(a) == set() and determined(b) == set()
