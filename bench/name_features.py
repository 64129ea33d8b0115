"""CPU of the name features of a pair (``features.name_vector``), alignment included.

    PYTHONPATH=src taskset -c 0 python bench/name_features.py
    PYTHONPATH=build/compiled taskset -c 1 python bench/name_features.py

Scores synthetic pairs drawn from the demo generator's name books (a name against a variant
of itself: transliterated, mistyped, a particle or middle name dropped, reordered), so the
figure is the name features' own cost with no index, re-ranking or model around it. Run two
builds side by side, one a core (``make compiled`` puts the compiled one in
``build/compiled``), then with the cores swapped: which build ran is printed, the file its
``features`` module came from. It found the compiled features aligning every pair anew for
each feature (docs/benchmarks.md, "The features compiled too").
"""

from __future__ import annotations

import argparse
import random
import time

from passerelle.matching import features
from passerelle.matching.analysis import AnalysedName, analyse
from passerelle.services.demo.manifest import decoy, variant_name

KINDS = ("transliteration", "typo", "particle", "middle_dropped", "reorder")


def pairs(count: int, seed: int) -> list[tuple[AnalysedName, AnalysedName]]:
    """Synthetic pairs, analysed before the clock starts (analysis is cached in screening)."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        parts = decoy(rng)[0]
        other = variant_name(rng, parts, KINDS[k % len(KINDS)]) or decoy(rng)[0]
        out.append((analyse(parts.latin), analyse(other.latin)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=2000, help="synthetic pairs (default 2000)")
    ap.add_argument("--passes", type=int, default=5, help="times each pair is scored")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    drawn = pairs(args.pairs, args.seed)
    for a, b in drawn:  # untimed: the rarity and spelling tables load on first use
        features.name_vector(a, b)
    t0 = time.process_time()
    for _ in range(args.passes):
        for a, b in drawn:
            features.name_vector(a, b)
    each = (time.process_time() - t0) / (args.pairs * args.passes) * 1e6
    print(f"name features: {each:.1f} µs CPU a pair ({features.__file__})")


if __name__ == "__main__":
    main()
