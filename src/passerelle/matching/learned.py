"""A learned character-to-Latin transliteration model (one per script), trained by EM.

Arabic and Hebrew leave short vowels unwritten, and Chinese renders foreign names with
characters whose pinyin is only a rough guide to the Latin spelling. No table can say that
م before a consonant is usually ``mu``/``mo``/``ma``; the data can. Each native letter, in a
small context (word-initial or not; next letter a vowel letter, a consonant, or the end),
emits a Latin chunk of 0..K characters. The chunk distributions are learned with
expectation-maximisation over monotonic alignments (as in the m2m-aligner), from
``translit-dev`` at training time; only these small probability tables are shipped.

The model gives two things: ``generate`` (the few most likely romanisations, for keys and
display) and ``loglik`` (how plausible a given Latin spelling is for a native word, per
character, which is the strongest cross-script matching evidence we have).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from passerelle.matching.tables import Table

_FLOOR = 1e-7
_SPECIFIC = 0.7
#: Reverse models (Latin → native, named ``latin>arabic``) read Latin letters.
REVERSE = "latin>"
_VOWEL_LETTERS = {
    "latin": frozenset("aeiouy"),
    "arabic": frozenset("اويى"),
    "hebrew": frozenset("אויהע"),
    "cyrillic": frozenset("аеёиоуыэюяєії"),
}


def contexts(word: str, script: str) -> list[tuple[str, str]]:
    """(specific, backoff) context keys for each letter of a native word.

    The specific context is the letter with the class of the letters around it: start of
    word, vowel letter or consonant before; vowel letter, consonant or end of word after.
    Whether a short vowel is spoken after م depends on exactly that.
    """
    vowels = _VOWEL_LETTERS.get(script.split(">", 1)[0], frozenset())
    out: list[tuple[str, str]] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = "^" if i == 0 else "V" if word[i - 1] in vowels else "C"
        nxt = "$" if i + 1 == n else "V" if word[i + 1] in vowels else "C"
        out.append((f"{prev}{ch}{nxt}", ch))
    return out


@dataclass
class CharModel:
    """Chunk emission probabilities for one script: context key → [(chunk, probability)]."""

    script: str
    max_chunk: int
    emissions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    _lookup: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _tops: dict[tuple[tuple[str, str], int], list[tuple[str, float]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        # Same mixture of specific and back-off context as in training (see ``_expect``).
        plain = {k: dict(v) for k, v in self.emissions.items()}
        self._lookup = {}
        self._tops = {}
        for key, dist in plain.items():
            back = plain.get(key[1], {}) if len(key) == 3 else {}
            if len(key) == 3:
                # Sorted: a set's order follows the per-process hash seed, and ties between
                # equally likely chunks must break the same way in every worker.
                chunks = sorted(set(dist) | set(back))
                self._lookup[key] = {
                    c: _SPECIFIC * dist.get(c, 0.0) + (1 - _SPECIFIC) * back.get(c, 0.0)
                    for c in chunks
                }
            else:
                self._lookup[key] = dist

    def __getstate__(self) -> dict[str, object]:
        return {"script": self.script, "max_chunk": self.max_chunk, "emissions": self.emissions}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.script = str(state["script"])
        self.max_chunk = int(state["max_chunk"])  # type: ignore[call-overload]
        self.emissions = state["emissions"]  # type: ignore[assignment]
        self.__post_init__()

    def _dist(self, ctx: tuple[str, str]) -> dict[str, float] | None:
        return self._lookup.get(ctx[0]) or self._lookup.get(ctx[1])

    def _top(self, ctx: tuple[str, str], k: int) -> list[tuple[str, float]]:
        """The ``k`` likeliest chunks of a context, as (chunk, log-probability), memoised."""
        key = (ctx, k)
        top = self._tops.get(key)
        if top is None:
            dist = self._dist(ctx) or {}
            best = sorted(dist.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
            top = [(c, math.log(p)) for c, p in best]
            self._tops[key] = top
        return top

    def knows(self, word: str) -> bool:
        """True when every letter of the word was seen in training."""
        return all(c in self._lookup for c in word)

    def loglik(self, word: str, latin: str) -> float:
        """Per-character log-likelihood of the Latin spelling given the native word."""
        ctxs = contexts(word, self.script)
        m = len(latin)
        alpha = [0.0] * (m + 1)
        alpha[0] = 1.0
        k_max = self.max_chunk
        # The Latin chunks ending at each position, sliced once rather than once per letter
        # of the native word (this loop is the cost of every cross-script comparison).
        ends = [[(j - k, latin[j - k : j]) for k in range(min(k_max, j) + 1)] for j in range(m + 1)]
        for ctx in ctxs:
            get = (self._dist(ctx) or {}).get
            new = [0.0] * (m + 1)
            for j, chunks in enumerate(ends):
                total = 0.0
                for i, chunk in chunks:
                    a = alpha[i]
                    if a:
                        total += a * get(chunk, _FLOOR)
                new[j] = total
            alpha = new
        return math.log(max(alpha[m], 1e-300)) / (m + 1)

    def generate(self, word: str, n: int = 4, beam: int = 10, per_letter: int = 4) -> list[str]:
        """The ``n`` most likely romanisations of a native word (beam search)."""
        states: dict[str, float] = {"": 0.0}
        for ctx in contexts(word, self.script):
            dist = self._dist(ctx)
            if not dist:
                continue
            options = self._top(ctx, per_letter)
            grown: dict[str, float] = {}
            for prefix, lp in states.items():
                for chunk, lq in options:
                    key = prefix + chunk
                    score = lp + lq
                    if score > grown.get(key, -math.inf):
                        grown[key] = score
            states = dict(sorted(grown.items(), key=lambda kv: (-kv[1], kv[0]))[:beam])
        ranked = sorted(states.items(), key=lambda kv: (-kv[1], kv[0]))
        return [s for s, _ in ranked[:n] if s]


def _prior(ch: str, chunk: str, table: Table | None) -> float:
    """Starting weight: a chunk that begins with the table's spelling of the letter is likely."""
    length_penalty = 0.7 ** len(chunk)
    if table is None or ch not in table:
        return length_penalty
    if any(opt and chunk.startswith(opt) for opt in table[ch]):
        return 1.0 * length_penalty + 0.2
    if chunk == "" and "" in table[ch]:
        return 1.0
    return 0.05 * length_penalty


def train_char_model(
    pairs: Sequence[tuple[str, str]],
    script: str,
    table: Table | None,
    max_chunk: int = 4,
    iterations: int = 6,
    keep: int = 10,
) -> CharModel:
    """Fit chunk emissions by EM over all monotonic segmentations of each Latin word."""
    data = [(contexts(w, script), lat) for w, lat in pairs if w and lat]
    probs: dict[str, dict[str, float]] = defaultdict(dict)
    # Initialise from priors over every chunk that occurs in some alignment.
    for ctxs, lat in data:
        for ctx in ctxs:
            ch = ctx[1]
            for key in ctx:
                d = probs[key]
                for start in range(len(lat) + 1):
                    for k in range(max_chunk + 1):
                        if start + k <= len(lat):
                            chunk = lat[start : start + k]
                            if chunk not in d:
                                d[chunk] = _prior(ch, chunk, table)
    for d in probs.values():
        _normalise(d)
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for ctxs, lat in data:
            _expect(ctxs, lat, probs, max_chunk, counts)
        probs = defaultdict(dict)
        for key, d in counts.items():
            probs[key] = dict(d)
            _normalise(probs[key])
    emissions: dict[str, list[tuple[str, float]]] = {}
    for key, d in probs.items():
        top = sorted(d.items(), key=lambda kv: -kv[1])[:keep]
        top = [(c, p) for c, p in top if p >= 0.01]
        total = sum(p for _, p in top)
        if top:
            emissions[key] = [(c, round(p / total, 4)) for c, p in top]
    return CharModel(script=script, max_chunk=max_chunk, emissions=emissions)


def _normalise(d: dict[str, float]) -> None:
    total = sum(d.values())
    if total > 0:
        for k in d:
            d[k] /= total


def _expect(
    ctxs: list[tuple[str, str]],
    lat: str,
    probs: dict[str, dict[str, float]],
    max_chunk: int,
    counts: dict[str, dict[str, float]],
) -> None:
    """E-step for one pair: forward-backward over (letters × Latin prefix length)."""
    n, m = len(ctxs), len(lat)
    # Emission used for letter i: mixture of its specific and backoff contexts.
    dists = [(probs.get(c[0], {}), probs.get(c[1], {})) for c in ctxs]

    def emit(i: int, chunk: str) -> float:
        spec, back = dists[i]
        return _SPECIFIC * spec.get(chunk, 0.0) + (1 - _SPECIFIC) * back.get(chunk, 0.0) + _FLOOR

    alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
    alpha[0][0] = 1.0
    for i in range(n):
        ai, an = alpha[i], alpha[i + 1]
        for j in range(m + 1):
            if ai[j]:
                for k in range(min(max_chunk, m - j) + 1):
                    an[j + k] += ai[j] * emit(i, lat[j : j + k])
    z = alpha[n][m]
    if z <= 0:
        return
    beta = [[0.0] * (m + 1) for _ in range(n + 1)]
    beta[n][m] = 1.0
    for i in range(n - 1, -1, -1):
        bi, bn = beta[i], beta[i + 1]
        for j in range(m + 1):
            total = 0.0
            for k in range(min(max_chunk, m - j) + 1):
                if bn[j + k]:
                    total += emit(i, lat[j : j + k]) * bn[j + k]
            bi[j] = total
    for i in range(n):
        ai, bn = alpha[i], beta[i + 1]
        spec_key, back_key = ctxs[i]
        cs, cb = counts[spec_key], counts[back_key]
        for j in range(m + 1):
            if ai[j]:
                for k in range(min(max_chunk, m - j) + 1):
                    if bn[j + k]:
                        chunk = lat[j : j + k]
                        post = ai[j] * emit(i, chunk) * bn[j + k] / z
                        if post > 1e-6:
                            cs[chunk] += post
                            cb[chunk] += post


def save_models(models: Iterable[CharModel], path: Path) -> None:
    """Write the models as compact JSON (a few hundred kB)."""
    payload = {m.script: {"max_chunk": m.max_chunk, "emissions": m.emissions} for m in models}
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), "utf-8")


def load_models(path: Path) -> dict[str, CharModel]:
    """Read models written by ``save_models``; an absent file means no learned models."""
    if not path.exists():
        return {}
    payload = json.loads(path.read_text("utf-8"))
    return {
        script: CharModel(
            script=script,
            max_chunk=int(body["max_chunk"]),
            emissions={k: [(c, float(p)) for c, p in v] for k, v in body["emissions"].items()},
        )
        for script, body in payload.items()
    }
