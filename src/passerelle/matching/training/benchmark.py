"""Benchmarks of the screening engine on synthetic persons, and blocking recall.

``python -m passerelle.matching.training.benchmark --persons 100000`` builds a screener over
synthetic persons (names made from invented syllables with a Zipf-like frequency, so some
tokens are as common as Mohamed and most are rare; a share in Arabic and Cyrillic letters),
reports build time, memory per indexed name and single-query latency (p50/p99) for queries
that are perturbed copies of indexed names, and, with ``--data``, the blocking recall on the
labelled development pairs hidden among the synthetic persons.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from passerelle.matching.records import MatchQuery, MatchRecord
from passerelle.matching.screener import Screener
from passerelle.matching.text import detect_script
from passerelle.model.dates import PartialDate

_ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh",
           "kh", "ch", "j", "y", "br", "tr", "st", ""]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ia"]
_CODAS = ["", "", "n", "r", "l", "s", "m", "d", "k"]
_AR = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RU = "абвгдежзийклмнопрстуфхцчшщыэюя"


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Invented name words (deduplicated), in a fixed random order."""
    words = {_word(rng, rng.choice((2, 2, 3))) for _ in range(size * 2)}
    out = sorted(words)
    rng.shuffle(out)
    return out[:size]


def _zipf_weights(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights: rank r drawn with probability proportional to 1 / r**s."""
    acc, total = [], 0.0
    for r in range(1, n + 1):
        total += 1.0 / r**s
        acc.append(total)
    return acc


def synthetic_persons(n: int, seed: int = 42) -> Iterator[MatchRecord]:
    """``n`` synthetic persons: two or three name parts, DOB, sex, nationality."""
    rng = random.Random(seed)
    given = vocabulary(rng, 5000)
    family = vocabulary(rng, 80000)
    gw, fw = _zipf_weights(len(given), 1.0), _zipf_weights(len(family), 0.8)
    arabic = ["".join(rng.choice(_AR) for _ in range(rng.randint(3, 6))) for _ in range(20000)]
    russian = ["".join(rng.choice(_RU) for _ in range(rng.randint(4, 8))) for _ in range(20000)]
    nw = _zipf_weights(20000, 0.8)
    for i in range(n):
        parts = rng.choices(given, cum_weights=gw, k=2 if rng.random() < 0.3 else 1)
        parts += rng.choices(family, cum_weights=fw)
        name = " ".join(parts).title()
        r = rng.random()
        if r < 0.07:
            name = " ".join(rng.choices(arabic, cum_weights=nw, k=len(parts)))
        elif r < 0.12:
            name = " ".join(rng.choices(russian, cum_weights=nw, k=len(parts)))
        dob = PartialDate(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))
        yield MatchRecord(
            id=f"s{i}",
            names=[name],
            dob=dob if rng.random() < 0.8 else None,
            sex=rng.choice("MF"),
            nationalities=[rng.choice(["FR", "DE", "IQ", "SY", "RU", "UA", "NG", "PK"])],
        )


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1 :] if name[i].isalpha() else name


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def bench(persons: int, queries: int = 2000, seed: int = 7, workers: int = 1) -> dict[str, float]:
    """Build time, memory per name and query latency at ``persons`` synthetic persons."""
    records = list(synthetic_persons(persons))
    gc.collect()
    before = _rss_kb()
    screener = Screener()
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    screener.add_many(records, workers=workers)
    build = time.perf_counter() - t0
    build_cpu = time.process_time() - c0
    build_cpu_all = build_cpu + _children_cpu() - k0
    gc.collect()
    after = _rss_kb()
    rng = random.Random(seed)
    sample = rng.sample(records, min(queries, len(records)))
    qs = [MatchQuery([_typo(r.names[0], rng)], r.dob) for r in sample]
    for q in qs[:50]:
        screener.screen(q)  # warm-up: model and transliteration artefacts load
    times, cpu, cpu_latin = [], [], []
    found = 0
    for q, r in zip(qs, sample, strict=True):
        t, c = time.perf_counter(), time.thread_time()
        hits = screener.screen(q)
        cpu.append((time.thread_time() - c) * 1000)
        if detect_script(q.names[0]) == "latin":
            cpu_latin.append(cpu[-1])
        times.append((time.perf_counter() - t) * 1000)
        found += any(h.record_id == r.id for h in hits)
    times.sort()
    cpu.sort()
    cpu_latin.sort()
    return {
        "persons": persons,
        "workers": workers,
        "build_seconds": round(build, 2),
        "build_cpu_seconds": round(build_cpu, 2),
        # CPU of this process and the worker processes together.
        "build_cpu_total_seconds": round(build_cpu_all, 2),
        "rss_bytes_per_name": round((after - before) * 1024 / persons, 1),
        "index_bytes_per_name": round(screener.index.memory_bytes() / persons, 1),
        "query_p50_ms": round(statistics.median(times), 3),
        "query_p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
        "query_mean_ms": round(statistics.fmean(times), 3),
        # CPU time of the querying thread: what the query costs on a core of its own, even
        # when other processes share the machine (wall-clock figures above include waiting).
        "query_cpu_p50_ms": round(statistics.median(cpu), 3),
        "query_cpu_p99_ms": round(cpu[int(len(cpu) * 0.99) - 1], 3),
        "latin_query_cpu_p99_ms": round(cpu_latin[int(len(cpu_latin) * 0.99) - 1], 3),
        "typo_query_found_rate": round(found / len(qs), 4),
    }


def blocking_recall(data_dir: Path, distractors: int = 100_000) -> dict[str, float]:
    """Share of labelled positive pairs whose ``b`` is among the index candidates for ``a``.

    The ``b`` names of the test split (names-dev variant kinds, and cross-script rows) are
    indexed among ``distractors`` synthetic persons; each ``a`` is then looked up.
    """
    from passerelle.matching.analysis import analyse
    from passerelle.matching.blocking import name_keys
    from passerelle.matching.training.pairs import (
        VARIANT_KINDS,
        cross_script_pairs,
        names_dev_split,
    )

    pairs = [p for p in names_dev_split(data_dir, "test") if p.match]
    pairs += [p for p in cross_script_pairs(data_dir, "test") if p.match]
    screener = Screener()
    screener.add_many(synthetic_persons(distractors))
    screener.add_many(MatchRecord(f"b{i}", [p.b]) for i, p in enumerate(pairs))
    per_kind: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        kind = p.kind if p.kind.startswith("cross_") or p.kind in VARIANT_KINDS else "alias_mixed"
        slots, _ = screener.index.ranked(
            name_keys(analyse(p.a), query=True), limit=screener.candidates
        )
        slot = screener.index.slot_of(f"b{i}")
        per_kind.setdefault(kind, []).append(int(slot in slots.tolist()))
    out = {k: round(sum(v) / len(v), 4) for k, v in sorted(per_kind.items())}
    variant = [x for k, v in per_kind.items() if k in VARIANT_KINDS for x in v]
    cross = [x for k, v in per_kind.items() if k.startswith("cross_") for x in v]
    out["variant_kinds"] = round(sum(variant) / max(len(variant), 1), 4)
    out["cross_script"] = round(sum(cross) / max(len(cross), 1), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="processes for the build")
    parser.add_argument("--data", type=Path, default=None, help="also measure blocking recall")
    args = parser.parse_args()
    for n in args.persons:
        print(json.dumps(bench(n, args.queries, workers=args.workers)))
    if args.data is not None:
        print(json.dumps({"blocking_recall": blocking_recall(args.data)}))


if __name__ == "__main__":
    main()
