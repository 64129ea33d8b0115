"""Run a command and report the peak PSS of its process tree, and of each kind of process in it.

    python bench/tree_pss.py [--every 1.0] -- passerelle screen-manifest … --engine spark

Kinds: ``parent`` (the command itself), ``jvm`` (Spark's JVM), ``daemon`` (PySpark's Python
daemon, ``pyspark.daemon`` or ``passerelle.services.bulk_spark``), ``worker`` (the largest
Python worker forked from it), ``other``. Each kind's peak is taken on its own, so they need
not add up to the tree's peak. PSS shares a page among the processes that map it, which is
what tells a worker that shares the daemon's models from one that loaded its own copy.
Prints one line: wall seconds, exit code, peak tree PSS and the peaks per kind, in MB.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from collections import defaultdict

import psutil

_DAEMONS = ("pyspark.daemon", "passerelle.services.bulk_spark")


def _kind(proc: psutil.Process, root: int, pids: dict[str, int]) -> str:
    if proc.pid == root:
        return "parent"
    line = " ".join(proc.cmdline())
    if "java" in line.split(" ", 1)[0]:
        return "jvm"
    if any(d in line for d in _DAEMONS):
        return "daemon" if proc.ppid() == pids.get("jvm") else "worker"
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(child.pid)
    peak: dict[str, int] = defaultdict(int)
    tree_peak = 0
    pids: dict[str, int] = {}
    while child.poll() is None:
        now: dict[str, int] = defaultdict(int)
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for proc in procs:
            try:
                kind = _kind(proc, child.pid, pids)
                if kind == "jvm":
                    pids["jvm"] = proc.pid
                pss = proc.memory_full_info().pss
            except psutil.Error:
                continue
            total += pss
            now[kind] = max(now[kind], pss) if kind == "worker" else now[kind] + pss
        for kind, value in now.items():
            peak[kind] = max(peak[kind], value)
        tree_peak = max(tree_peak, total)
        time.sleep(args.every)
    wall = time.perf_counter() - started
    kinds = "  ".join(f"{k} {v / 2**20:,.0f}" for k, v in sorted(peak.items()))
    print(
        f"wall {wall:.1f} s  exit {child.returncode}  peak tree PSS {tree_peak / 2**20:,.0f} MB"
        f"  ({kinds}; worker: the largest one)"
    )


if __name__ == "__main__":
    main()
