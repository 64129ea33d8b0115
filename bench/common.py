"""Shared helpers for the benchmark scripts: watchlist reading, planted queries, statistics.

Benchmarks are scripts, not tests. Everything here is deterministic for a given seed so that
two runs (or two engines in one run) see exactly the same queries.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import os
import platform
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "results"
SHARED_DATA = ROOT.parent / "shared" / "data"
WATCHLIST_SEED = 42


# -- machine and process -------------------------------------------------------------------
def rss_bytes() -> int:
    """Resident set size of this process, from /proc (no psutil needed)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def settled_rss() -> int:
    gc.collect()
    return rss_bytes()


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    return {
        "cpu_model": model,
        "cpus": os.cpu_count(),
        "affinity": sorted(os.sched_getaffinity(0)),
        "mem_gb": round(mem / 2**30, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "loadavg": loadavg(),
    }


def git_rev() -> str:
    """The revision measured: BENCH_SRC_REV (run_all.sh --rev) or HEAD, +dirty-src if the
    working tree's src/ has uncommitted changes and is what is measured."""
    if os.environ.get("BENCH_SRC_REV"):
        return os.environ["BENCH_SRC_REV"]
    out = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return out.stdout.strip() + ("+dirty-src" if dirty else "")


def stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write a small JSON result file under bench/results/ (committed)."""
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "benchmark": name,
        "at": stamp(),
        "git": git_rev(),
        "machine": machine(),
        **payload,
    }
    path = RESULTS / f"{name}-{payload['at']}.json"
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    return path


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p90_ms": round(percentile(ms, 90), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "p999_ms": round(percentile(ms, 99.9), 3),
        "max_ms": round(max(ms), 3),
        "mean_ms": round(sum(ms) / len(ms), 3),
    }


# -- watchlist -----------------------------------------------------------------------------
def watchlist_path(size: int) -> Path:
    """The generated watchlist holding at least ``size`` persons (the first n of a larger
    watchlist are the n persons of a smaller one: the generator guarantees it)."""
    for n in sorted(int(p.name[1:]) for p in OUT.glob("w*") if p.name[1:].isdigit()):
        path = OUT / f"w{n}" / "watchlist.jsonl"
        if n >= size and path.exists():
            return path
    raise SystemExit(
        f"no watchlist with {size} persons under {OUT}: run "
        f"`passerelle demo generate --persons {size} --seed {WATCHLIST_SEED} --out {OUT}/w{size}`"
    )


def read_lines(size: int) -> Iterator[dict[str, Any]]:
    with watchlist_path(size).open(encoding="utf-8") as fh:
        for line in itertools.islice(fh, size):
            yield json.loads(line)


def record_names(line: dict[str, Any]) -> list[str]:
    """Every name string of a person, as the screening service indexes them (full + latin)."""
    names: list[str] = []
    for name in line.get("names", []):
        names.extend(n for n in (name.get("full"), name.get("latin")) if n)
    return list(dict.fromkeys(names))


def primary_latin(line: dict[str, Any]) -> str:
    return str(line["names"][0]["latin"])


# -- planted queries -----------------------------------------------------------------------
@dataclass
class Query:
    """One check: names (+ DOB) and the record it should find (None = non-matching traveller)."""

    kind: str
    names: list[str]
    dob: str | None
    target: str | None
    nationality: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Common romanisation swaps (one spelling of a sound for another), applied at most twice.
_ROMAN = [
    ("mohammed", "muhammad"),
    ("mohamed", "muhammad"),
    ("muhammad", "mohamed"),
    ("ahmed", "ahmad"),
    ("ahmad", "ahmed"),
    ("youssef", "yusuf"),
    ("abdul", "abd al "),
    ("abdel", "abd el "),
    ("al-", "el "),
    ("al ", "el-"),
    ("ou", "u"),
    ("kh", "h"),
    ("sh", "ch"),
    ("iy", "y"),
    ("y", "i"),
    ("ov ", "ow "),
    ("ev ", "yev "),
    ("ch", "tch"),
    ("zh", "j"),
    ("j", "dj"),
    ("ei", "ay"),
    ("q", "k"),
    ("x", "h"),
    ("ee", "i"),
    ("oo", "u"),
    ("ph", "f"),
    ("w", "v"),
    ("ts", "tz"),
    ("ck", "k"),
    ("ü", "ue"),
    ("ö", "oe"),
    ("é", "e"),
]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(rng: random.Random, name: str) -> str:
    """One keyboard-style edit (substitute, delete, insert, transpose) in a token of 4+ letters."""
    tokens = name.split()
    long = [i for i, t in enumerate(tokens) if len(t) >= 4]
    if not long:
        return name + "a"
    i = rng.choice(long)
    tok = tokens[i]
    p = rng.randrange(1, len(tok) - 1)
    op = rng.choice(("sub", "del", "ins", "swap"))
    if op == "sub":
        tok = tok[:p] + rng.choice(_LETTERS) + tok[p + 1 :]
    elif op == "del":
        tok = tok[:p] + tok[p + 1 :]
    elif op == "ins":
        tok = tok[:p] + rng.choice(_LETTERS) + tok[p:]
    else:
        tok = tok[: p - 1] + tok[p] + tok[p - 1] + tok[p + 1 :]
    tokens[i] = tok
    return " ".join(tokens)


def reorder(name: str) -> str:
    """Family name first, in capitals, as many documents and lists write it."""
    tokens = name.split()
    if len(tokens) < 2:
        return name.upper()
    return " ".join([tokens[-1].upper(), *tokens[:-1]])


def retransliterate(rng: random.Random, name: str) -> str:
    """Another plausible romanisation of the same name (one or two spelling swaps)."""
    low = name.lower() + " "
    rules = [r for r in _ROMAN if r[0] in low]
    rng.shuffle(rules)
    for old, new in rules[:2]:
        low = low.replace(old, new, 1)
    out = " ".join(low.split())
    if out == name.lower():
        out = out.replace("a", "e", 1) if "a" in out else out + "h"
    return out.title()


def _dob_str(line: dict[str, Any]) -> str | None:
    dob = line.get("date_of_birth")
    return str(dob) if dob else None


def build_queries(size: int, planted: int, travellers: int, seed: int = 7) -> list[Query]:
    """Planted variants of watchlist names (typo / reorder / translit) plus non-matching
    travellers (a given name of one person with the family name of another and a random DOB).

    Targets are drawn from the first ``size`` persons, so recall is measured against records
    that are in the index of that size.
    """
    rng = random.Random(f"passerelle-bench:{seed}:{size}")
    picks = sorted(rng.sample(range(size), planted))
    donors = sorted(rng.sample(range(size), 2 * travellers))
    wanted = set(picks) | set(donors)
    lines: dict[int, dict[str, Any]] = {}
    for i, line in enumerate(read_lines(size)):
        if i in wanted:
            lines[i] = line
    kinds = ("typo", "reorder", "translit")
    out: list[Query] = []
    for n, i in enumerate(picks):
        line = lines[i]
        name = primary_latin(line)
        kind = kinds[n % 3]
        if kind == "typo":
            q = typo(rng, name)
        elif kind == "reorder":
            q = reorder(name)
        else:
            q = retransliterate(rng, name)
        nat = (line.get("nationalities") or [None])[0]
        out.append(Query(kind, [q], _dob_str(line), line["id"], nat))
    rng.shuffle(donors)
    for a, b in zip(donors[::2], donors[1::2], strict=True):
        given = primary_latin(lines[a]).split()[0]
        family = primary_latin(lines[b]).split()[-1]
        dob = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        out.append(Query("traveller", [f"{given} {family}"], dob.isoformat(), None, None))
    rng.shuffle(out)
    return out
