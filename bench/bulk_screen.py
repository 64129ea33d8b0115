"""Bulk screening benchmark: a manifest against a watchlist, end to end from the files to hits.

    python bench/bulk_screen.py --persons 100000 --manifest 10000 [--seed 42] [--hit-rate 0.02]
        [--systems ours,splink] [--ours-runs cold,warm,spark1,spark2] [--processes N]
        [--rev HEAD|worktree|SHA] [--tag NAME] [--duckdb-memory-limit 8GB]

Normally started through ``bench/run_bulk.sh`` (which creates ``bench/.venv``).

1. **Data**, once per (persons, travellers, seed, hit rate): ``passerelle demo generate`` into
   ``bench/out/bulk/p<P>-m<M>-s<S>-h<H>-g<generator tree>/`` (``watchlist.jsonl``, ``manifest.csv``,
   ``truth.csv``; written under a temporary name and renamed, so a half-written set is never
   reused).
2. **Ours**: ``passerelle screen-manifest manifest.csv --watchlist … --output hits.csv`` of the
   measured revision (``--rev``, default ``HEAD``: ``git archive`` into
   ``bench/out/rev-<sha>/src``, first on ``PYTHONPATH``, as ``run_all.sh`` does), in a run
   folder of its own per revision (a hard link to the watchlist, so the index cached next to
   it belongs to that revision). Runs: ``cold`` (cached index deleted first: build included),
   ``warm`` (index reused), ``spark1`` / ``spark2`` (``--engine spark --master local[1|2]``,
   warm index); the Spark hits are compared with the local ones.
3. **Splink**: ``bench/peers/splink_bulk.py`` (DuckDB), from the same files.

Every system runs as a separate subprocess; wall time is measured around it, memory by polling
its whole process tree (Spark's JVM and Python workers included) every 0.5 s: the peak of the
summed RSS and (every 2 s) of the summed PSS (PSS shares pages mapped by several processes
fairly; RSS counts them in each), plus the largest single process (``wait4`` rusage). Hits
are scored by one function (``score``) against ``truth.csv``. Results go to
``bench/results/bulk-<tag>-<timestamp>.json``, rewritten after every run so a long run that
dies still leaves what it measured.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "bulk"
RESULTS = ROOT / "bench" / "results"
SPLINK = ROOT / "bench" / "peers" / "splink_bulk.py"
OUR_RUNS = ("cold", "warm", "spark1", "spark2")
POLL_SECONDS = 0.5
PSS_EVERY = 4  # PSS (smaps_rollup) on every 4th poll: it costs more than RSS

# --------------------------------------------------------------------------- revision


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def src_tree(rev: str) -> str:
    """Short hash of the ``src`` tree of ``rev``: same source, same label (index folder)."""
    if "worktree" in rev:
        return "worktree"
    return git("rev-parse", f"{rev}:src")[:10]


def generator_tree(rev: str) -> str:
    """Short hash of the demo generator's source (``services/demo``) of ``rev``."""
    if "worktree" in rev:
        folder = ROOT / "src" / "passerelle" / "services" / "demo"
        digest = hashlib.sha256()
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:8]
    return git("rev-parse", f"{rev.split('+')[0]}:src/passerelle/services/demo")[:8]


def prepare_rev(rev: str) -> tuple[str, Path]:
    """The revision label and the ``src`` folder to put first on PYTHONPATH."""
    if rev == "worktree":
        sha = git("rev-parse", "--short", "HEAD")
        dirty = bool(git("status", "--porcelain", "--", "src"))
        return f"{sha}{'+dirty-src' if dirty else ''}+worktree", ROOT / "src"
    sha = git("rev-parse", "--short", rev)
    target = ROOT / "bench" / "out" / f"rev-{sha}"
    if not (target / "src").is_dir():
        partial = target.with_name(f".rev-{sha}.partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", sha, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
        if (target / "src").is_dir():  # extracted meanwhile by run_all.sh or another run
            shutil.rmtree(partial)
        else:
            target.mkdir(parents=True, exist_ok=True)
            (partial / "src").rename(target / "src")
            shutil.rmtree(partial)
    return sha, target / "src"


def compile_rev(sha: str, src: Path) -> Path:
    """The compiled build (``setup.py``, ``PASSERELLE_COMPILE=1``) of revision ``sha``, whose
    source ``prepare_rev`` put in ``src``: built once, with this venv's mypy, and installed
    into a folder beside it, which then goes first on PYTHONPATH instead of ``src``."""
    root = src.parent
    target = root / "compiled"
    if (target / "passerelle").is_dir():
        return target
    need = [sys.executable, "-m", "pip", "install", "-q", "mypy", "setuptools>=77", "wheel"]
    subprocess.run(need, check=True)
    archive = subprocess.run(
        ["git", "archive", sha, "pyproject.toml", "setup.py", "README.md", "LICENSE"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    partial = root / ".compiled.partial"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(root / "build", ignore_errors=True)
    print(f"== compiling revision {sha} (setup.py, PASSERELLE_COMPILE=1)", flush=True)
    build = [sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps"]
    subprocess.run(
        [*build, "--target", str(partial), str(root)],
        check=True,
        env={**os.environ, "PASSERELLE_COMPILE": "1"},
    )
    partial.rename(target)
    return target


def child_env(src: Path, rev: str) -> dict[str, str]:
    env = dict(os.environ)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = f"{src}{os.pathsep}{old}" if old else str(src)
    env["BENCH_SRC_REV"] = rev
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    env.setdefault("COLUMNS", "200")  # rich: one summary line, not wrapped
    return env


def passerelle_cmd() -> list[str]:
    script = Path(sys.executable).with_name("passerelle")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from passerelle.cli.app import main; main()"]


# --------------------------------------------------------------------------- machine


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.split("\n"):
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    java = ""
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        java = java.split("\n")[0]
    except OSError:
        pass
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "java": java,
    }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str] = {}
    for name in ("splink", "duckdb", "pyspark", "pyarrow", "psutil"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


# --------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    """One subprocess: wall time and memory of its whole process tree."""

    cmd: list[str]
    returncode: int
    wall_s: float
    peak_rss_tree_mb: float
    peak_pss_tree_mb: float
    max_rss_single_mb: float
    max_processes: int
    load_before: list[float]
    load_after: list[float]
    log: str
    stdout_tail: list[str] = field(default_factory=list)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMonitor(threading.Thread):
    """Polls the summed RSS and PSS of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_rss = 0
        self.peak_pss = 0
        self.max_procs = 0

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        polls = 0
        while not self.stop.is_set():
            with_pss = polls % PSS_EVERY == 0
            polls += 1
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            rss = pss = 0
            for proc in procs:
                try:
                    rss += proc.memory_info().rss
                except psutil.Error:
                    continue
                if with_pss:
                    pss += _pss_kb(proc.pid) * 1024
            self.peak_rss = max(self.peak_rss, rss)
            if with_pss:
                self.peak_pss = max(self.peak_pss, pss)
            self.max_procs = max(self.max_procs, len(procs))
            self.stop.wait(POLL_SECONDS)


def measure(cmd: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run ``cmd`` (stdout and stderr to ``log``) and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    before = loadavg()
    print(f"   $ {' '.join(cmd)}", flush=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        monitor = TreeMonitor(proc.pid)
        monitor.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        monitor.stop.set()
        monitor.join()
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-12:]
    return Measured(
        cmd=cmd,
        returncode=proc.returncode,
        wall_s=round(wall, 2),
        peak_rss_tree_mb=round(monitor.peak_rss / 2**20, 1),
        peak_pss_tree_mb=round(monitor.peak_pss / 2**20, 1),
        max_rss_single_mb=round(usage.ru_maxrss / 1024, 1),  # KB on Linux
        max_processes=monitor.max_procs,
        load_before=before,
        load_after=loadavg(),
        log=str(log.relative_to(ROOT)),
        stdout_tail=tail,
    )


# --------------------------------------------------------------------------- data


def dataset(
    persons: int, manifest: int, seed: int, hit_rate: float, env: dict[str, str], rev: str
) -> tuple[Path, dict[str, Any]]:
    """The data folder for these parameters and this generator, generated now if missing.

    The folder is named after the generator's source too (``-g<tree>``): data made by another
    generator (other decoys, other variants) is never reused by mistake.
    """
    name = f"p{persons}-m{manifest}-s{seed}-h{hit_rate:g}-g{generator_tree(rev)}"
    folder = OUT / name
    meta_path = folder / "data.json"
    if meta_path.exists():
        return folder, json.loads(meta_path.read_text())
    partial = OUT / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"== generating {name} (revision {rev})", flush=True)
    cmd = [
        *passerelle_cmd(), "demo", "generate", "--persons", str(persons), "--manifest",
        str(manifest), "--hit-rate", str(hit_rate), "--seed", str(seed), "--out", str(partial),
    ]  # fmt: skip
    run = measure(cmd, env, OUT / f".{name}.generate.log")
    if run.returncode != 0:
        sys.exit(f"generation failed, see {run.log}")
    meta = {
        "persons": persons,
        "travellers": manifest,
        "seed": seed,
        "hit_rate": hit_rate,
        "planted": len(read_truth(partial / "truth.csv")),
        "generated_by_rev": rev,
        "generate_s": run.wall_s,
        "command": " ".join(cmd[1:]),
    }
    (partial / "data.json").write_text(json.dumps(meta, indent=2))
    partial.rename(folder)
    return folder, meta


# --------------------------------------------------------------------------- scoring


def read_truth(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(r["row"]): r["person_id"] for r in csv.DictReader(fh)}


def read_namesakes(path: Path) -> dict[int, set[str]]:
    """Each planted row's namesakes (``truth.csv``'s ``namesakes`` column: listed persons
    the row cannot be told from, besides the planted one); empty for an older truth file."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            int(r["row"]): set(r["namesakes"].split("|"))
            for r in csv.DictReader(fh)
            if r.get("namesakes")
        }


def read_hits(path: Path, person_col: str) -> list[tuple[int, str, float]]:
    """(row, person, probability) of every hit line of a hits CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (int(r["row"]), r[person_col], float(r["probability"] or 0.0))
            for r in csv.DictReader(fh)
        ]


def score(
    hits: Iterable[tuple[int, str, float]],
    truth: dict[int, str],
    travellers: int,
    threshold: float = 0.0,
    namesakes: dict[int, set[str]] | None = None,
) -> dict[str, Any]:
    """Recall and precision of ``hits`` against the planted rows, at ``threshold``.

    A planted row is found when its hits include its truth person. Precision is true
    (row, person) pairs over all distinct (row, person) pairs. ``best_hit_*`` keep only each
    row's most probable hit. ``sweep`` raises the threshold over the hits' own probabilities:
    the best F1 and the best recall at precision >= 0.98 a user could get by choosing it.
    ``precision_namesakes_right`` also counts as right a hit on a planted row's namesake
    (``read_namesakes``): a listed person the row cannot be told from; and
    ``recall_namesakes_right`` counts a planted row as found when a hit is on its person or
    on one of them (a traveller shown as a *Mohamed Bouzid* born in 1995 cannot be told from
    any of the listed ones born that year: which of them the screening names is chance).
    """
    pairs, lines = best_pairs(hits, threshold)
    planted = len(truth)
    alikes = namesakes or {}
    tp = sum(1 for (row, person) in pairs if truth.get(row) == person)
    alike = sum(1 for (row, person) in pairs if person in alikes.get(row, ()))
    found_or_namesake = {
        row for (row, person) in pairs if truth.get(row) == person or person in alikes.get(row, ())
    }
    best: dict[int, tuple[float, str]] = {}
    for (row, person), prob in pairs.items():
        if row not in best or (prob, person) > best[row]:
            best[row] = (prob, person)
    tp_best = sum(1 for row, (_, person) in best.items() if truth.get(row) == person)
    rows_hit = len(best)
    decoy_rows_hit = sum(1 for row in best if row not in truth)
    out: dict[str, Any] = {
        "threshold": threshold,
        "hit_lines": lines,
        "hit_pairs": len(pairs),
        "true_pairs": tp,
        "planted": planted,
        "recall": _ratio(tp, planted),
        "precision": _ratio(tp, len(pairs)),
        "namesake_pairs": alike,
        "precision_namesakes_right": _ratio(tp + alike, len(pairs)),
        "recall_namesakes_right": _ratio(len(found_or_namesake), planted),
        "rows_with_hit": rows_hit,
        "best_hit_recall": _ratio(tp_best, planted),
        "best_hit_precision": _ratio(tp_best, rows_hit),
        "decoy_rows_with_hit": decoy_rows_hit,
        "decoy_row_alarm_rate": _ratio(decoy_rows_hit, travellers - planted),
        "hits_per_traveller": _ratio(len(pairs), travellers),
    }
    out["sweep"] = sweep(pairs, truth)
    return out


def best_pairs(
    hits: Iterable[tuple[int, str, float]], threshold: float = 0.0
) -> tuple[dict[tuple[int, str], float], int]:
    """Each distinct (row, person) with its highest probability at or above ``threshold``,
    and how many hit lines were counted."""
    pairs: dict[tuple[int, str], float] = {}
    lines = 0
    for row, person, prob in hits:
        if prob < threshold:
            continue
        lines += 1
        key = (row, person)
        if prob > pairs.get(key, -1.0):
            pairs[key] = prob
    return pairs, lines


def pr_curve(
    pairs: dict[tuple[int, str], float], truth: dict[int, str]
) -> list[tuple[float, float, float]]:
    """(threshold, recall, precision) at each distinct probability of ``pairs``, the threshold
    descending: what a user gets by raising the threshold to it (ties enter together)."""
    planted = len(truth)
    ranked = sorted(((p, truth.get(r) == person) for (r, person), p in pairs.items()), key=_neg)
    out: list[tuple[float, float, float]] = []
    tp = n = 0
    i = 0
    while i < len(ranked):
        prob = ranked[i][0]
        while i < len(ranked) and ranked[i][0] == prob:
            tp += ranked[i][1]
            n += 1
            i += 1
        out.append((prob, tp / planted if planted else 0.0, tp / n))
    return out


def sweep(pairs: dict[tuple[int, str], float], truth: dict[int, str]) -> dict[str, Any]:
    best_f1: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # f1, thr, p, r
    best_r98: tuple[float, float, float] = (0.0, 0.0, 0.0)  # r, thr, p
    for prob, r, p in pr_curve(pairs, truth):
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1[0]:
            best_f1 = (f1, prob, p, r)
        if p >= 0.98 and r > best_r98[0]:
            best_r98 = (r, prob, p)
    return {
        "best_f1": round(best_f1[0], 4),
        "best_f1_threshold": best_f1[1],
        "best_f1_precision": round(best_f1[2], 4),
        "best_f1_recall": round(best_f1[3], 4),
        "recall_at_p98": round(best_r98[0], 4),
        "recall_at_p98_threshold": best_r98[1],
        "recall_at_p98_precision": round(best_r98[2], 4),
    }


def _neg(item: tuple[float, bool]) -> float:
    return -item[0]


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


# --------------------------------------------------------------------------- systems


SCREENED = re.compile(r"screened in ([\d.]+) s .*index (built|reused) in ([\d.]+) s")
COUNTS = re.compile(r"travellers ([\d,]+)\s+malformed ([\d,]+)\s+hits ([\d,]+)")


def parse_summary(lines: list[str]) -> dict[str, Any]:
    text = " ".join(lines)
    found: dict[str, Any] = {}
    if m := SCREENED.search(text):
        found["screen_s"] = float(m.group(1))
        found["index"] = m.group(2)
        found["index_s"] = float(m.group(3))
    if m := COUNTS.search(text):
        found["travellers"], found["malformed"], found["hits"] = (
            int(g.replace(",", "")) for g in m.groups()
        )
    return found


def run_ours(
    kind: str,
    data: Path,
    rundir: Path,
    env: dict[str, str],
    processes: int | None,
    truth: dict[int, str],
    namesakes: dict[int, set[str]],
    travellers: int,
) -> dict[str, Any]:
    watchlist = rundir / "watchlist.jsonl"
    if kind == "cold":
        for old in rundir.glob(".watchlist.jsonl.*.index*"):
            old.unlink()
    hits = rundir / f"hits-{kind}.csv"
    hits.unlink(missing_ok=True)
    cmd = [
        *passerelle_cmd(), "screen-manifest", str(data / "manifest.csv"),
        "--watchlist", str(watchlist), "--output", str(hits),
    ]  # fmt: skip
    if kind.startswith("spark"):
        cmd += ["--engine", "spark", "--master", f"local[{kind[5:]}]"]
    elif processes is not None:
        cmd += ["--processes", str(processes)]
    run = measure(cmd, env, rundir / f"{kind}.log")
    result: dict[str, Any] = {"system": "passerelle", "run": kind, **asdict(run)}
    result.update(parse_summary(run.stdout_tail))
    if run.returncode == 0 and hits.exists():
        result["hits_file"] = str(hits.relative_to(ROOT))
        result["score"] = score(
            read_hits(hits, "record_id"), truth, travellers, namesakes=namesakes
        )
    else:
        result["error"] = f"exit {run.returncode}; see {run.log}"
    return result


def run_splink(
    data: Path,
    env: dict[str, str],
    truth: dict[int, str],
    namesakes: dict[int, set[str]],
    travellers: int,
    memory_limit: str | None,
    stamp: str,
) -> dict[str, Any]:
    rundir = data / "splink" / stamp
    cmd = [sys.executable, str(SPLINK), "--data", str(data), "--out", str(rundir)]
    if memory_limit:
        cmd += ["--memory-limit", memory_limit]
    run = measure(cmd, env, rundir / "splink.log")
    result: dict[str, Any] = {"system": "splink", "run": "cold", **asdict(run)}
    stats_path = rundir / "stats.json"
    if run.returncode == 0 and stats_path.exists():
        stats = json.loads(stats_path.read_text())
        result["splink"] = stats
        result["index_s"] = stats["phases"].get("train_s")
        hits = read_hits(rundir / "hits.csv", "person_id")
        result["hits_file"] = str((rundir / "hits.csv").relative_to(ROOT))
        result["score"] = score(
            hits, truth, travellers, threshold=stats["threshold"], namesakes=namesakes
        )
        result["score_all_predictions"] = score(hits, truth, travellers, namesakes=namesakes)
    else:
        result["error"] = f"exit {run.returncode}; see {run.log}"
    return result


def same_hits(a: Path, b: Path) -> dict[str, Any]:
    """Whether two hits.csv files hold the same hits (row, record, probability, kind)."""

    def load(path: Path) -> set[tuple[str, ...]]:
        with path.open(encoding="utf-8", newline="") as fh:
            return {
                (r["row"], r["record_id"], r["probability"], r["match_kind"])
                for r in csv.DictReader(fh)
            }

    sa, sb = load(a), load(b)
    return {
        "a": str(a.relative_to(ROOT)),
        "b": str(b.relative_to(ROOT)),
        "identical_hits": sa == sb,
        "identical_bytes": a.read_bytes() == b.read_bytes(),
        "only_in_a": len(sa - sb),
        "only_in_b": len(sb - sa),
    }


# --------------------------------------------------------------------------- report


def markdown(paths: list[Path]) -> str:
    """The docs table (one line per run) from result files."""
    head = (
        "| system / run | revision | persons x travellers | end to end s | travellers/s "
        "| index / model s | peak RSS (PSS) MB | recall | precision | best-hit precision "
        "| load before → after |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    lines = [head]
    for path in paths:
        rep = json.loads(path.read_text())
        data = rep["data"]
        size = f"{data['persons']:,} x {data['travellers']:,}"
        for run in rep["runs"]:
            sc = run.get("score") or {}
            tps = data["travellers"] / run["wall_s"] if "score" in run else None
            rev = rep["revision"] if run["system"] == "passerelle" else "—"
            lines.append(
                f"| {run['system']} / {run['run']} | {rev} | {size} | {run['wall_s']:,.1f} "
                f"| {_fmt(tps, '{:,.0f}')} | {_fmt(run.get('index_s'), '{:,.1f}')} "
                f"| {run['peak_rss_tree_mb']:,.0f} ({run['peak_pss_tree_mb']:,.0f}) "
                f"| {_fmt(sc.get('recall'), '{:.3f}')} | {_fmt(sc.get('precision'), '{:.3f}')} "
                f"| {_fmt(sc.get('best_hit_precision'), '{:.3f}')} "
                f"| {run['load_before'][0]} → {run['load_after'][0]} |"
                + ("" if "score" in run else f" {run.get('error', '')}")
            )
        for cmp in rep.get("comparisons", []):
            lines.append(
                f"<!-- {Path(cmp['a']).name} vs {Path(cmp['b']).name}: identical "
                f"{cmp['identical_hits']} (only in a {cmp['only_in_a']}, "
                f"only in b {cmp['only_in_b']}) -->"
            )
    return "\n".join(lines)


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else spec.format(value)


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--persons", type=int)
    ap.add_argument("--manifest", type=int, help="travellers")
    ap.add_argument("--report", nargs="+", type=Path, help="print the table of these results")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--hit-rate", type=float, default=0.02)
    ap.add_argument("--systems", default="ours,splink", help="ours, splink or both")
    ap.add_argument("--ours-runs", default="cold,warm,spark1,spark2", help=",".join(OUR_RUNS))
    ap.add_argument("--processes", type=int, default=None, help="--processes for local runs")
    ap.add_argument("--rev", default="HEAD", help="revision of src/ to measure, or worktree")
    ap.add_argument(
        "--compiled",
        action="store_true",
        help="measure the revision's compiled build (setup.py, PASSERELLE_COMPILE=1)",
    )
    ap.add_argument("--tag", default="")
    ap.add_argument("--duckdb-memory-limit", default=None, help="e.g. 8GB (default: DuckDB's)")
    args = ap.parse_args()
    if args.report:
        print(markdown(args.report))
        return
    if not args.persons or not args.manifest:
        ap.error("--persons and --manifest are required")
    systems = [s for s in args.systems.split(",") if s]
    our_runs = [r for r in args.ours_runs.split(",") if r]
    if bad := [r for r in our_runs if r not in OUR_RUNS] + [
        s for s in systems if s not in ("ours", "splink")
    ]:
        ap.error(f"unknown run or system: {bad}")

    rev, src = prepare_rev(args.rev)
    tree = src_tree(rev)
    if args.compiled:
        if "worktree" in rev:
            ap.error("--compiled measures a committed revision (`make compiled` builds the tree)")
        src = compile_rev(rev, src)
        rev += "+compiled"
    env = child_env(src, rev)
    print(f"== measuring revision {rev} ({src})", flush=True)
    data, meta = dataset(args.persons, args.manifest, args.seed, args.hit_rate, env, rev)
    truth = read_truth(data / "truth.csv")
    namesakes = read_namesakes(data / "truth.csv")
    travellers = meta["travellers"]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    tag = args.tag or f"p{args.persons}-m{args.manifest}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    result_path = RESULTS / f"bulk-{tag}-{stamp}.json"
    report: dict[str, Any] = {
        "benchmark": "bulk_screen",
        "started": stamp,
        "revision": rev,
        "revision_subject": git("log", "-1", "--format=%s", rev.split("+")[0]),
        "src_tree": tree,
        "src_last_commit": git("log", "-1", "--format=%h %s", rev.split("+")[0], "--", "src"),
        "machine": machine(),
        "versions": versions(),
        "load_before": loadavg(),
        "data": {**meta, "folder": str(data.relative_to(ROOT))},
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "runs": [],
        "comparisons": [],
    }

    def save() -> None:
        report["load_after"] = loadavg()
        result_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    def show(res: dict[str, Any]) -> None:
        sc = res.get("score") or {}
        print(
            f"   {res['system']}/{res['run']}: {res['wall_s']} s end to end, "
            f"index/model {res.get('index_s')} s, peak RSS tree {res['peak_rss_tree_mb']} MB "
            f"(PSS {res['peak_pss_tree_mb']} MB), recall {sc.get('recall')}, precision "
            f"{sc.get('precision')} (best hit {sc.get('best_hit_precision')}; "
            f"{sc.get('precision_namesakes_right')} counting namesakes right), load "
            f"{res['load_before']} -> {res['load_after']}"
            + (f"  ERROR {res['error']}" if "error" in res else ""),
            flush=True,
        )

    if "ours" in systems:
        rundir = data / "ours" / f"src-{tree}{'-compiled' if args.compiled else ''}"
        rundir.mkdir(parents=True, exist_ok=True)
        link = rundir / "watchlist.jsonl"
        if not link.exists():
            os.link(data / "watchlist.jsonl", link)
        for kind in our_runs:
            print(f"== passerelle {kind} ({data.name})", flush=True)
            res = run_ours(kind, data, rundir, env, args.processes, truth, namesakes, travellers)
            report["runs"].append(res)
            show(res)
            save()
        local = next((rundir / f"hits-{k}.csv" for k in ("warm", "cold") if k in our_runs), None)
        others = [k for k in our_runs if k.startswith("spark")]
        if "warm" in our_runs and "cold" in our_runs:
            others.insert(0, "cold")  # a saved and reloaded index screens as the built one
        for kind in others:
            other = rundir / f"hits-{kind}.csv"
            ok = {r["run"] for r in report["runs"] if "score" in r and r["system"] == "passerelle"}
            if local and local.stem[5:] in ok and kind in ok:
                cmp = same_hits(local, other)
                report["comparisons"].append(cmp)
                print(f"   {local.name} vs {other.name}: identical {cmp['identical_hits']}")
        save()
    if "splink" in systems:
        print(f"== splink ({data.name})", flush=True)
        res = run_splink(data, env, truth, namesakes, travellers, args.duckdb_memory_limit, stamp)
        report["runs"].append(res)
        show(res)
        save()
    save()
    print(f"== wrote {result_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
