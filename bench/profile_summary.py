"""Summarise a py-spy raw (collapsed-stack) profile: self and inclusive share per function.

    python bench/profile_summary.py bench/out/http/pyspy-c16.txt [--top 25]

Each line of py-spy's ``--format raw`` output is ``frame;frame;...;leaf COUNT``; frames
look like ``function (path/to/file.py:line)``. Line numbers are dropped so that a function
counts once however many lines it was sampled on.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

_LINE = re.compile(r":\d+\)$")


def _frame(frame: str) -> str:
    frame = _LINE.sub(")", frame.strip())
    return frame.replace("/work/main/", "").replace("site-packages/", "")


def summarise(path: Path, top: int = 25) -> dict[str, Any]:
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_frame(f) for f in stack.split(";")]
        total += n
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n

    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, round(100 * n / max(total, 1), 1)) for f, n in c.most_common(top)]

    return {"samples": total, "self_pct": share(own), "inclusive_pct": share(incl)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("raw", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    print(json.dumps(summarise(args.raw, args.top), indent=1))


if __name__ == "__main__":
    main()
