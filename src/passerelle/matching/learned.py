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

Chinese and Korean need more than one letter's own statistics (``train_smoothed_model``).
A Han character is one syllable, and a foreign name uses thousands of them, most seen a
handful of times in training (and often in one noisy Wikidata pairing), in traditional and
simplified forms alike: a character's chunks are therefore smoothed towards those of its
pinyin reading (爾 and 尔 are both *er*), and conditioned on the next character's initial
(克 is a bare ``k`` before a syllable that begins with l or r, a Latin consonant cluster,
and ``ke`` elsewhere). Hangul is read as conjoining jamo
(Unicode NFD), so that a syllable never seen in training is still spelled letter by letter,
with each jamo conditioned on its neighbours (the vowel ㅡ that Korean inserts after a final
consonant of a foreign name, 스 for ``s``, is silent).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
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


_JAMO_VOWELS = frozenset(chr(c) for c in range(0x1161, 0x1176))
_JAMO_INITIALS = frozenset(chr(c) for c in range(0x1100, 0x1113))


#: What the reverse Han model writes: the toneless pinyin letters of the characters.
PINYIN = "pinyin"


def symbols(word: str, script: str) -> str:
    """The letters a model reads or writes for a word: Hangul syllables as conjoining jamo
    (가 → ᄀ + ᅡ), since Korean spells foreign names jamo by jamo; Han characters, as the
    reverse model's output (``PINYIN``), as their pinyin letters (see ``CharModel.target``);
    other scripts as they are."""
    if script == "hangul":
        return unicodedata.normalize("NFD", word)
    if script == PINYIN:
        return "".join(_reading(ch) or ch for ch in word)
    return word


@lru_cache(maxsize=65_536)
def _reading(ch: str) -> str:
    """The toneless pinyin of a Han character ("" if pypinyin has none)."""
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return out[0] if out else ""


def _initial(reading: str) -> str:
    """The pinyin initial of a reading (``zh`` of *zhang*; ``-`` when it starts with a vowel)."""
    if reading[:2] in ("zh", "ch", "sh"):
        return reading[:2]
    if reading[:1] and reading[0] not in "aeiouv":
        return reading[0]
    return "-"


def _han_contexts(word: str) -> list[tuple[str, ...]]:
    """Context keys of each Han character, most specific first: the character at its place
    in the word with the next character's initial; at its place; alone; then its pinyin
    reading at its place and alone (shared by every character read alike)."""
    n = len(word)
    readings = [_reading(ch) or ch for ch in word]
    out: list[tuple[str, ...]] = []
    for i, ch in enumerate(word):
        pos = "^" if i == 0 else "$" if i + 1 == n else "-"
        nxt = _initial(readings[i + 1]) if i + 1 < n else "$"
        py = readings[i]
        out.append((f"{pos}{ch}{nxt}", f"{pos}{ch}", ch, f"{pos}:{py}", f":{py}"))
    return out


def _jamo_class(j: str) -> str:
    if j in _JAMO_VOWELS:
        return "V"
    return "I" if j in _JAMO_INITIALS else "F"


def _jamo_contexts(jamo: str) -> list[tuple[str, ...]]:
    """Context keys of each jamo: with its two neighbours; with their classes (initial
    consonant, vowel, final consonant, word edge); alone."""
    n = len(jamo)
    out: list[tuple[str, ...]] = []
    for i, j in enumerate(jamo):
        prev = jamo[i - 1] if i else "^"
        nxt = jamo[i + 1] if i + 1 < n else "$"
        pc = prev if prev == "^" else _jamo_class(prev)
        nc = nxt if nxt == "$" else _jamo_class(nxt)
        out.append((f"{prev}{j}{nxt}", f"{pc}{j}{nc}", j))
    return out


#: How smoothed reverse models read Latin (``_latin_contexts``).
RICH_LATIN = "latin+"


def _latin_contexts(word: str) -> list[tuple[str, ...]]:
    """Context keys of each Latin letter for a smoothed reverse model: with its two
    neighbours (whether an ``r`` is written in Chinese depends on the letters around it); with their
    classes (vowel, consonant, word edge); alone."""
    vowels = _VOWEL_LETTERS["latin"]
    n = len(word)
    out: list[tuple[str, ...]] = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else "^"
        nxt = word[i + 1] if i + 1 < n else "$"
        pc = "^" if not i else "V" if prev in vowels else "C"
        nc = "$" if i + 1 == n else "V" if nxt in vowels else "C"
        out.append((f"{prev}{ch}{nxt}", f"{pc}{ch}{nc}", ch))
    return out


def contexts(word: str, script: str) -> list[tuple[str, ...]]:
    """Context keys for each letter of a word (already in ``symbols`` form), most specific
    first.

    For alphabets: the letter with the class of the letters around it (start of word, vowel
    letter or consonant before; vowel letter, consonant or end of word after), then the letter
    alone. Whether a short vowel is spoken after م depends on exactly that.
    """
    if script == "han":
        return _han_contexts(word)
    if script == "hangul":
        return _jamo_contexts(word)
    if script == RICH_LATIN:
        return _latin_contexts(word)
    vowels = _VOWEL_LETTERS.get(script.split(">", 1)[0], frozenset())
    out: list[tuple[str, ...]] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = "^" if i == 0 else "V" if word[i - 1] in vowels else "C"
        nxt = "$" if i + 1 == n else "V" if word[i + 1] in vowels else "C"
        out.append((f"{prev}{ch}{nxt}", ch))
    return out


@dataclass
class CharModel:
    """Chunk emission probabilities for one script: context key → [(chunk, probability)].

    ``counts`` (smoothed models only) holds how much training evidence each context key had:
    a key's distribution is trusted in proportion ``n / (n + beta)`` and the rest comes from
    the next, more general key of the same letter (see ``_mix``). Without counts, a model
    mixes a letter's specific and back-off context at the fixed ``_SPECIFIC`` weight.
    """

    script: str
    max_chunk: int
    emissions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    counts: dict[str, float] = field(default_factory=dict)
    beta: float = 0.0
    _lookup: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _mixed: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict, repr=False)
    _tops: dict[tuple[tuple[str, ...], int], list[tuple[str, float]]] = field(
        default_factory=dict, repr=False
    )
    _words: dict[str, list[dict[str, float]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._mixed = {}
        self._tops = {}
        self._words = {}
        plain = {k: dict(v) for k, v in self.emissions.items()}
        if self.counts:
            self._lookup = plain
            return
        # Same mixture of specific and back-off context as in training (see ``_expect``).
        self._lookup = {}
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
        return {
            "script": self.script,
            "max_chunk": self.max_chunk,
            "emissions": self.emissions,
            "counts": self.counts,
            "beta": self.beta,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.script = str(state["script"])
        self.max_chunk = int(state["max_chunk"])  # type: ignore[call-overload]
        self.emissions = state["emissions"]  # type: ignore[assignment]
        self.counts = state.get("counts") or {}  # type: ignore[assignment]
        self.beta = float(state.get("beta") or 0.0)  # type: ignore[arg-type]
        self.__post_init__()

    @property
    def source(self) -> str:
        """The script the model reads (``latin`` for a reverse model; ``RICH_LATIN`` for a
        smoothed one, which reads each letter with its neighbours)."""
        if self.script.startswith(REVERSE):
            return RICH_LATIN if self.counts else "latin"
        return self.script

    @property
    def target(self) -> str:
        """The script the model writes. The smoothed reverse Han model writes pinyin letters:
        a Latin letter → character table has thousands of outputs, most seen a few times (it
        could not say that *gandy* is well written 甘迪), whereas how a Latin spelling becomes
        pinyin syllables (``gandi``) is learned from every foreign name alike; which of the
        characters read *gan* is chosen is left to the forward model."""
        if not self.script.startswith(REVERSE):
            return "latin"
        native = self.script.removeprefix(REVERSE)
        return PINYIN if native == "han" and self.counts else native

    def _dist(self, ctx: tuple[str, ...]) -> dict[str, float] | None:
        if not self.counts:
            return self._lookup.get(ctx[0]) or self._lookup.get(ctx[1])
        dist = self._mixed.get(ctx)
        if dist is None:
            dist = _mix(ctx, self._lookup, self.counts, self.beta)
            self._mixed[ctx] = dist
        return dist or None

    def _word_dists(self, word: str) -> list[dict[str, float]]:
        """Each letter's chunk distribution for a word (in ``symbols`` form), memoised: the
        same native word is compared with many Latin candidates."""
        dists = self._words.get(word)
        if dists is None:
            if len(self._words) >= 100_000:
                self._words.clear()
            dists = [self._dist(ctx) or {} for ctx in contexts(word, self.source)]
            self._words[word] = dists
        return dists

    def _top(self, ctx: tuple[str, ...], k: int) -> list[tuple[str, float]]:
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
        """True when every letter of the word was seen in training (for Han: its reading)."""
        if not self.counts:
            return all(c in self._lookup for c in word)
        return all(self._word_dists(symbols(word, self.source)))

    def loglik(self, word: str, latin: str) -> float:
        """Per-character log-likelihood of the Latin spelling given the native word."""
        word = symbols(word, self.source)
        latin = symbols(latin, self.target)
        m = len(latin)
        alpha = [0.0] * (m + 1)
        alpha[0] = 1.0
        k_max = self.max_chunk
        # The Latin chunks ending at each position, sliced once rather than once per letter
        # of the native word (this loop is the cost of every cross-script comparison).
        ends = [[(j - k, latin[j - k : j]) for k in range(min(k_max, j) + 1)] for j in range(m + 1)]
        for dist in self._word_dists(word):
            get = dist.get
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
        for ctx in contexts(symbols(word, self.source), self.source):
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


def _mix(
    ctx: tuple[str, ...],
    dists: dict[str, dict[str, float]],
    counts: dict[str, float],
    beta: float,
) -> dict[str, float]:
    """Interpolate a letter's context keys from the most general up: each known key keeps
    ``n / (n + beta)`` of its own distribution (``n`` = its training evidence) and takes the
    rest from the more general mixture, so that a character seen twice leans on its reading
    while one seen a thousand times speaks for itself. Keys absent from training are skipped."""
    known = [k for k in ctx if k in dists]
    if not known:
        return {}
    mixed = dict(dists[known[-1]])
    for key in reversed(known[:-1]):
        n = counts.get(key, 0.0)
        lam = n / (n + beta) if n + beta > 0 else 1.0
        own = dists[key]
        mixed = {
            c: lam * own.get(c, 0.0) + (1 - lam) * mixed.get(c, 0.0)
            for c in sorted(set(own) | set(mixed))
        }
    return mixed


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


def train_smoothed_model(
    pairs: Sequence[tuple[str, str]],
    script: str,
    max_chunk: int = 4,
    iterations: int = 6,
    beta: float = 2.0,
    prune_after: int = 2,
    prune_share: float = 0.05,
    keep: int = 12,
    min_chunk: int = 0,
    warmup: int = 2,
) -> CharModel:
    """Fit a model with hierarchical context smoothing (see ``_mix``) by EM.

    Wikidata pairings with a count of one are a few percent wrong (a first name aligned with
    a surname, a translated word): after ``prune_after`` iterations, the ``prune_share`` of
    pairs the model finds least plausible per letter are set aside, so that they no longer
    teach a rare character a whole foreign word as its spelling.

    ``min_chunk=1`` says that every letter is spoken: a Han character always stands for at
    least one Latin letter. Left free, EM finds the degenerate reading where 尔 is silent
    and its neighbour takes its ``r``, which then fits a truncated name as well as the name.
    Chunks start near the letter's proportional place in the Latin word: a letter halfway
    through the native word is not spelled by the Latin word's first letters. The first
    ``warmup`` iterations align with each letter's most general context only: with its
    neighbours in view from the start, EM lets a consonant jamo spell its whole syllable
    (ᄆ before ᅩ → ``mo``, ᅩ silent), which fits the training words and nothing else.
    """
    probe = CharModel(script=script, max_chunk=max_chunk, counts={"": 1.0})
    data = [
        (contexts(symbols(w, probe.source), probe.source), symbols(lat, probe.target))
        for w, lat in pairs
        if w and lat
    ]
    probs: dict[str, dict[str, float]] = defaultdict(dict)
    for ctxs, lat in data:
        n, m = len(ctxs), len(lat)
        for i, ctx in enumerate(ctxs):
            d = probs[ctx[-1]]
            middle = i * m // n
            for start in range(max(0, middle - 3), min(m, middle + 3) + 1):
                for k in range(min_chunk, min(max_chunk, m - start) + 1):
                    chunk = lat[start : start + k]
                    if chunk not in d:
                        d[chunk] = 0.7 ** len(chunk)
    for d in probs.values():
        _normalise(d)
    totals: dict[str, float] = dict.fromkeys(probs, 1.0)
    for it in range(iterations):
        model = CharModel(script, max_chunk, {}, dict(totals), beta)
        model._lookup = probs
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        scored: list[tuple[float, int]] = []
        for n, (ctxs, lat) in enumerate(data):
            if it < warmup:
                dists = [probs.get(ctx[-1], {}) for ctx in ctxs]
            else:
                dists = [model._dist(ctx) or {} for ctx in ctxs]
            z = _expect_smoothed(ctxs, dists, lat, max_chunk, counts)
            scored.append((math.log(max(z, 1e-300)) / (len(lat) + 1), n))
        if it + 1 == prune_after and prune_share > 0:
            scored.sort()
            drop = {n for _, n in scored[: int(len(scored) * prune_share)]}
            data = [row for n, row in enumerate(data) if n not in drop]
        probs = defaultdict(dict)
        totals = {}
        for key, d in counts.items():
            totals[key] = sum(d.values())
            if min_chunk:
                d.pop("", None)
            # The 40 likeliest chunks carry the mass; the long tail only slows the E-step.
            best = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:40]
            probs[key] = dict(best)
            _normalise(probs[key])
    emissions: dict[str, list[tuple[str, float]]] = {}
    kept: dict[str, float] = {}
    for key, d in probs.items():
        top = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
        top = [(c, p) for c, p in top if p >= 0.01]
        total = sum(p for _, p in top)
        if top:
            emissions[key] = [(c, round(p / total, 4)) for c, p in top]
            kept[key] = round(totals[key], 2)
    return CharModel(script, max_chunk, emissions, kept, beta)


def _forward_backward(
    n: int, lat: str, max_chunk: int, emit: Callable[[int, str], float]
) -> tuple[list[list[float]], list[list[float]], float]:
    """Forward and backward tables over (letters × Latin prefix length), and the likelihood.

    ``alpha[i][j]``: probability that the first ``i`` letters spelled ``lat[:j]``;
    ``beta[i][j]``: that the letters from ``i`` on spell ``lat[j:]``. Both E-steps use them.
    """
    m = len(lat)
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
        return alpha, [], z
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
    return alpha, beta, z


def _count_posteriors(
    ctxs: Sequence[tuple[str, ...]],
    lat: str,
    max_chunk: int,
    emit: Callable[[int, str], float],
    counts: dict[str, dict[str, float]],
) -> float:
    """Add each letter's posterior chunk counts to every context key of that letter.

    Shared by both E-steps, which differ only in how a letter's emission is mixed from its
    contexts. Returns the pair's likelihood (0 when no alignment spells ``lat``).
    """
    n, m = len(ctxs), len(lat)
    alpha, beta, z = _forward_backward(n, lat, max_chunk, emit)
    if z <= 0:
        return 0.0
    for i in range(n):
        ai, bn = alpha[i], beta[i + 1]
        targets = [counts[key] for key in ctxs[i]]
        for j in range(m + 1):
            if ai[j]:
                for k in range(min(max_chunk, m - j) + 1):
                    if bn[j + k]:
                        chunk = lat[j : j + k]
                        post = ai[j] * emit(i, chunk) * bn[j + k] / z
                        if post > 1e-6:
                            for c in targets:
                                c[chunk] += post
    return z


def _expect_smoothed(
    ctxs: list[tuple[str, ...]],
    dists: list[dict[str, float]],
    lat: str,
    max_chunk: int,
    counts: dict[str, dict[str, float]],
) -> float:
    """E-step for one pair under given per-letter distributions; every context key of a
    letter receives the letter's posterior chunk counts. Returns the pair's likelihood."""

    def emit(i: int, chunk: str) -> float:
        return dists[i].get(chunk, 0.0) + _FLOOR

    return _count_posteriors(ctxs, lat, max_chunk, emit, counts)


def _normalise(d: dict[str, float]) -> None:
    total = sum(d.values())
    if total > 0:
        for k in d:
            d[k] /= total


def _expect(
    ctxs: list[tuple[str, ...]],
    lat: str,
    probs: dict[str, dict[str, float]],
    max_chunk: int,
    counts: dict[str, dict[str, float]],
) -> None:
    """E-step for one pair: forward-backward over (letters × Latin prefix length)."""
    # Emission used for letter i: mixture of its specific and backoff contexts.
    dists = [(probs.get(c[0], {}), probs.get(c[1], {})) for c in ctxs]

    def emit(i: int, chunk: str) -> float:
        spec, back = dists[i]
        return _SPECIFIC * spec.get(chunk, 0.0) + (1 - _SPECIFIC) * back.get(chunk, 0.0) + _FLOOR

    # Counts go to the two contexts the emission mixed: the specific one and its back-off.
    _count_posteriors([c[:2] for c in ctxs], lat, max_chunk, emit, counts)


def save_models(models: Iterable[CharModel], path: Path) -> None:
    """Write the models as compact JSON (a few hundred kB)."""
    payload: dict[str, dict[str, object]] = {}
    for m in models:
        body: dict[str, object] = {"max_chunk": m.max_chunk, "emissions": m.emissions}
        if m.counts:
            body.update(counts=m.counts, beta=m.beta)
        payload[m.script] = body
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
            counts={k: float(v) for k, v in body.get("counts", {}).items()},
            beta=float(body.get("beta", 0.0)),
        )
        for script, body in payload.items()
    }
