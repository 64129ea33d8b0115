"""Boosted trees walked one vector at a time, compiled: the tree regimes' arithmetic.

``scorer.TreeRegime`` holds its trees as padded (trees × nodes) arrays. Walked with numpy,
all trees at once and one level a step, a matrix of three candidates cost some 250 µs
(a dozen array operations a level, each paying numpy's call overhead on 200 × 3 entries),
and its explanation 400 µs more: more than the rest of a bulk traveller's scoring. Here
each vector goes down each tree by plain comparisons, compiled by numba once per machine
(``cache=True``, as ``ranking``), in a few microseconds. A node's test is the one
scikit-learn's predictor makes for a vector with no missing value: left when the value is at
most the threshold.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

Arrays = tuple[npt.NDArray[Any], ...]


@njit(cache=True, nogil=True)
def _leaf_sums(
    x: Any, feature: Any, threshold: Any, left: Any, right: Any, leaf: Any, expect: Any, out: Any
) -> None:
    """``out[r]``: the sum over the trees of the leaf value row ``x[r]`` ends in."""
    n_trees = feature.shape[0]
    for r in range(x.shape[0]):
        total = 0.0
        for t in range(n_trees):
            node = 0
            while not leaf[t, node]:
                if x[r, feature[t, node]] <= threshold[t, node]:
                    node = left[t, node]
                else:
                    node = right[t, node]
            total += expect[t, node]
        out[r] = total


@njit(cache=True, nogil=True)
def _attribute(
    x: Any, feature: Any, threshold: Any, left: Any, right: Any, leaf: Any, expect: Any, out: Any
) -> None:
    """Add to ``out[f]`` each move of the vector ``x``'s expected value at a split on
    feature ``f`` (Saabas attribution: child's mean leaf value minus the node's)."""
    n_trees = feature.shape[0]
    for t in range(n_trees):
        node = 0
        while not leaf[t, node]:
            f = feature[t, node]
            nxt = left[t, node] if x[f] <= threshold[t, node] else right[t, node]
            out[f] += expect[t, nxt] - expect[t, node]
            node = nxt


def leaf_sums(x: npt.NDArray[np.float64], trees: Arrays, out: npt.NDArray[np.float64]) -> None:
    """``_leaf_sums`` of a C-ordered float64 matrix over the trees' six arrays (feature,
    threshold, left, right, leaf, expect)."""
    feature, threshold, left, right, leaf, expect = trees
    _leaf_sums(x, feature, threshold, left, right, leaf, expect, out)


def attribute(x: npt.NDArray[np.float64], trees: Arrays, out: npt.NDArray[np.float64]) -> None:
    """``_attribute`` of one float64 vector over the trees' six arrays."""
    feature, threshold, left, right, leaf, expect = trees
    _attribute(x, feature, threshold, left, right, leaf, expect, out)
