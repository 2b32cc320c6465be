"""Fusion and greedy selection on hand-made score arrays (no index, no model)."""
import numpy as np

from assistant.ranking import Scores, fuse, normalise, select
from settings import RetrievalSettings

CFG = RetrievalSettings()


def scores(fused, clauses=(), outlet=None, dates=()):
    n = len(fused)
    return Scores(rows=np.arange(n), fused=np.array(fused, dtype=np.float32),
                  clauses=np.array(clauses, dtype=np.float32).reshape(len(clauses), n),
                  outlet=np.array(outlet if outlet is not None else [-1] * n),
                  dates=np.array(dates, dtype=bool).reshape(len(dates), n))


def test_normalise_maps_the_allowed_rows_to_0_1_and_ignores_the_others():
    values = np.array([2.0, 4.0, 100.0])
    mask = np.array([True, True, False])
    assert np.allclose(normalise(values, mask)[:2], [0.5, 1.0])
    assert np.allclose(normalise(np.array([3.0, 3.0]), np.array([True, True])), [1.0, 1.0])  # 0 is the floor
    assert not normalise(np.array([0.0, 0.0]), np.array([True, True])).any()  # nothing above 0: no signal


def test_fusion_mixes_both_sides_by_the_lexical_weight_and_masks_filtered_rows():
    lexical, dense = np.array([1.0, 0.0, 0.5]), np.array([0.0, 1.0, 1.0])
    mask = np.array([True, True, False])
    fused = fuse(lexical, dense, mask, 0.6)
    assert np.allclose(fused[:2], [0.6, 0.4]) and fused[2] == -np.inf
    assert np.allclose(fuse(lexical, None, mask, 1.0)[:2], [1.0, 0.0])  # BM25 only: dense never computed


def test_greedy_prefers_a_row_covering_an_uncovered_clause_over_a_slightly_better_fused_one():
    # rows 0 and 1 cover clause 0; row 2 alone covers clause 1 with a lower fused score
    s = scores([0.9, 0.85, 0.6], clauses=[[1, 1, 0], [0, 0, 1]])
    picked = [row for row, _ in select(s, 2, np.array(["a", "b", "c"]), 0, 0, CFG.model_copy(update={"lead": 2}))]
    assert picked == [0, 2]


def test_each_named_outlet_gets_a_pick_before_a_second_from_the_first():
    # the second row of outlet 0 scores higher than outlet 1's row, by less than the bonus difference
    s = scores([0.9, 0.5, 0.3], outlet=[0, 0, 1])
    picked = [row for row, _ in select(s, 2, np.array(["a", "b", "c"]), 2, 0, CFG)]
    assert picked == [0, 2]


def test_no_row_is_picked_twice_and_k_bounds_the_picks():
    s = scores([0.5, 0.4, 0.3, 0.2], clauses=[[1, 0, 0, 0]])
    picked = [row for row, _ in select(s, 3, np.array(["a", "a", "b", "c"]), 0, 0, CFG)]
    assert len(picked) == 3 and len(set(picked)) == 3


def test_a_named_date_earns_its_bonus_once():
    s = scores([0.5, 0.45, 0.44], dates=[[False, True, True]])
    picked = [row for row, _ in select(s, 2, np.array(["a", "b", "c"]), 0, 1, CFG)]
    assert picked[0] == 1  # in the named date beats a slightly higher fused score


def test_top_rows_is_the_set_a_full_sort_takes_with_ties_at_the_cut_to_the_lowest_rows():
    from assistant.ranking import top_rows

    values = np.random.default_rng(3).random(5000).astype(np.float32)
    values[::7] = -np.inf
    for k in (0, 1, 10, 200, 4000):  # no ties at the cut
        assert set(top_rows(values, k)) == set(np.argsort(-values)[:k])
    finite = set(np.flatnonzero(np.isfinite(values)))
    for k in (4999, 5000, 6000):  # the cut falls among the -inf rows: every finite row, then the lowest -inf ones
        assert len(top_rows(values, k)) == min(k, 5000) and finite <= set(top_rows(values, k))
    tied = np.array([0.5, 0.9, 0.5, 0.5, 0.1, 0.9], dtype=np.float32)
    assert sorted(top_rows(tied, 3)) == [0, 1, 5] and sorted(top_rows(tied, 4)) == [0, 1, 2, 5]
