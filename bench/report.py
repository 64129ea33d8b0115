"""Print Markdown tables from the newest (or given) result files in bench/results/.

python bench/report.py                      # newest of each benchmark
python bench/report.py FILE.json [...]      # these files (any kinds, merged by kind)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import common

TARGET_P99_MS = 5.0
TARGET_BUILD_S = 60.0
TARGET_BYTES = 2048


def newest(kind: str) -> list[Path]:
    files = sorted(
        common.RESULTS.glob(f"{kind}*.json"), key=lambda p: json.loads(p.read_text())["at"]
    )
    return files[-1:]


def fmt(x: Any, nd: int = 1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def cpu_cell(c: dict[str, Any]) -> str:
    cpu = c.get("cpu_latency")
    return f"{fmt(cpu['p50_ms'], 2)} / {fmt(cpu['p99_ms'], 2)}" if cpu else "—"


def latency_tables(files: list[Path]) -> None:
    cells: list[dict[str, Any]] = []
    for f in files:
        cells += json.loads(f.read_text())["cells"]
    by = {(c["engine"], c["size"]): c for c in cells}
    sizes = sorted({c["size"] for c in cells})
    print(
        "| engine | persons | names | build s | B/name | p50 ms | p99 ms | CPU p50 / p99 ms | "
        "recall | by kind (typo/reorder/translit) | traveller hit rate | load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
    for size in sizes:
        for engine in ("passerelle", "rapidfuzz", "logic-v2", "splink"):
            c = by.get((engine, size))
            if c is None:
                continue
            if "error" in c:
                print(f"| {engine} | {size:,} | failed ({c['error']}) ||||||||")
                continue
            lat = c["latency"]
            k = c["recall_by_kind"]
            kinds = "/".join(fmt(k.get(x), 2) for x in ("typo", "reorder", "translit"))
            runs = c.get("runs", [])
            p99s = ", ".join(fmt(r["p99_ms"]) for r in runs) if len(runs) > 1 else ""
            print(
                f"| {engine} | {size:,} | {c['names_indexed']:,} | {fmt(c['build_s'])} | "
                f"{c['bytes_per_name']:,} | {fmt(lat['p50_ms'], 2)} | {fmt(lat['p99_ms'], 2)}"
                f"{' (' + p99s + ')' if p99s else ''} | {cpu_cell(c)} | {fmt(c['recall'], 3)} | "
                f"{kinds} | "
                f"{fmt(c['traveller_hit_rate'], 3)} | {c['load_after'][0]} |"
            )
    print()
    print(
        "| persons | peer | p50 ours/peer | p99 ours/peer | B/name ours/peer | recall ours − peer |"
    )
    print("|---:|---|---:|---:|---:|---:|")
    for size in sizes:
        ours = by.get(("passerelle", size))
        if not ours or "error" in ours:
            continue
        for engine in ("rapidfuzz", "logic-v2", "splink"):
            c = by.get((engine, size))
            if not c or "error" in c:
                continue
            print(
                f"| {size:,} | {engine} | "
                f"{ours['latency']['p50_ms'] / c['latency']['p50_ms']:.2f} | "
                f"{ours['latency']['p99_ms'] / c['latency']['p99_ms']:.2f} | "
                f"{ours['bytes_per_name'] / max(c['bytes_per_name'], 1):.1f} | "
                f"{ours['recall'] - c['recall']:+.3f} |"
            )
    print()


def quality_tables(files: list[Path]) -> None:
    data = json.loads(files[-1].read_text())
    print(
        "| engine | names-dev test F1 (own thr.) | threshold | best F1 | AP | "
        "names-dev all F1 | alias+mixed recall | cross-script R@P≥0.95 | cross AP | µs/pair |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, e in data["engines"].items():
        t, a, x = e["names_dev_test"], e["names_dev_all"], e["cross_script_test"]["all"]
        own = "" if t["threshold_is_own"] else " (best)"
        print(
            f"| {name} | {fmt(t['f1'], 3)} | {fmt(t['threshold'], 3)}{own} | "
            f"{fmt(t['best_f1'], 3)} | {fmt(t['average_precision'], 3)} | {fmt(a['f1'], 3)} | "
            f"{fmt(t['alias_mixed_recall'], 3)} | {fmt(x['recall_at_p95'], 3)} | "
            f"{fmt(x['average_precision'], 3)} | {fmt(e['us_per_pair'])} |"
        )
    print()
    scripts = [s for s in next(iter(data["engines"].values()))["cross_script_test"] if s != "all"]
    print("| engine | " + " | ".join(f"{s} R@P95" for s in scripts) + " |")
    print("|---|" + "---:|" * len(scripts))
    for name, e in data["engines"].items():
        x = e["cross_script_test"]
        print(f"| {name} | " + " | ".join(fmt(x[s]["recall_at_p95"], 3) for s in scripts) + " |")
    print()


def http_tables(files: list[Path]) -> None:
    print(
        "| persons | concurrency | checks/s | p50 ms | p99 ms | errors | load | first check "
        "(index build) s | server RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---|---|---:|---:|")
    for f in files:
        d = json.loads(f.read_text())
        for lv in d["levels"]:
            lat = lv["latency"] or {}
            print(
                f"| {d['size']:,} | {lv['concurrency']} | {fmt(lv['checks_per_s'])} | "
                f"{fmt(lat.get('p50_ms'))} | {fmt(lat.get('p99_ms'))} | {lv['errors'] or '—'} | "
                f"{lv['load_after'][0]} | {d['first_check_s']} | {d.get('server_rss_mb_after')} |"
            )
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    groups: dict[str, list[Path]] = {"matching_latency": [], "quality": [], "http_load": []}
    if args.files:
        for f in args.files:
            kind = json.loads(f.read_text())["benchmark"].split("-")[0]
            groups[kind].append(f)
    else:
        groups = {k: newest(k) for k in groups}
    if groups["quality"]:
        quality_tables(groups["quality"])
    if groups["matching_latency"]:
        latency_tables(groups["matching_latency"])
    if groups["http_load"]:
        http_tables(groups["http_load"])


if __name__ == "__main__":
    main()
