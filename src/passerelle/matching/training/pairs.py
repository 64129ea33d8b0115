"""Labelled pairs for the scorer: names-dev, cross-script pairs, synthetic variants and facts.

- ``names-dev`` variant kinds (translit, partial, particle, spacing, order) vs decoys; the
  ``alias`` and ``mixed`` kinds are never trained or tuned on (the names differ entirely).
- Cross-script pairs from ``translit-dev`` rows the transliteration model did not learn from:
  native vs its Latin spelling as positives; native vs the most similar *other* Latin word
  (whose native spelling differs) as hard negatives.
- Synthetic perturbations of Latin names: typos, reordering, joined/split parts, particles.
- Facts (DOB, sex, nationality) added to a share of pairs, with the kinds of disagreement that
  real records show (partial dates, swapped day/month, ±1 year) on true matches, and chance
  agreement on non-matches.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Indel

from passerelle.matching import text
from passerelle.matching.learned import PINYIN, symbols
from passerelle.matching.training.data import (
    NamePair,
    WordPair,
    bucket,
    full_names,
    names_dev,
    split_of,
    word_pairs,
)

VARIANT_KINDS = frozenset({"translit", "partial", "particle", "spacing", "order"})
UNTRAINABLE_KINDS = frozenset({"alias", "mixed"})
CROSS_SCRIPTS = ("arabic", "cyrillic", "han", "hebrew", "hangul")


def names_dev_split(data_dir: Path, split: str) -> list[NamePair]:
    """names-dev pairs of one split, alias/mixed included (callers filter)."""
    return [p for p in names_dev(data_dir) if split_of(p.id) == split]


def _subsplit(latin: str, split: str) -> str:
    """Cross-script rows of the ``pairs`` split are halved into scorer-train and calibration."""
    s = split_of(latin)
    if s == "pairs":
        return "train" if bucket(latin + "#") < 50 else "calib"
    return s


def cross_script_pairs(
    data_dir: Path,
    split: str,
    per_script: int = 3000,
    seed: int = 7,
    negatives: int = 1,
    seen_once: bool = False,
) -> list[NamePair]:
    """Positives and hard negatives across scripts for ``train``, ``calib`` or ``test``.

    Words are taken from rows the data saw at least twice (cleaner). ``seen_once`` then fills
    up to ``per_script`` with rows seen once, and ``negatives`` gives each positive that many
    hard negatives: for training, where Chinese has few twice-seen words (about 480 in the
    scorer's share), so that the trees learn Chinese from thousands of words, and from more
    than one near miss each. Measured pairs keep the defaults."""
    rng = random.Random(seed)
    by_script: dict[str, list[WordPair]] = {}
    for wp in word_pairs(data_dir):
        if wp.script in ("hebrew", "hangul"):
            continue
        if _subsplit(wp.latin, "") == split:
            by_script.setdefault(wp.script, []).append(wp)
    out: list[NamePair] = []
    for script, rows in by_script.items():
        known = [(r.native, r.latin) for r in rows]
        often = [r for r in rows if r.count >= 2]
        # Names of several words are composed from the cleaner words only (all, by default).
        cleaner: set[str] = set()
        if seen_once and len(often) < per_script:
            once = [r for r in rows if r.count < 2]
            rng.shuffle(often)
            rng.shuffle(once)
            rows = often + once
            cleaner = {r.native for r in often}
        else:
            rows = often or rows
            rng.shuffle(rows)
        singles = _with_negatives(
            script, [(r.native, r.latin) for r in rows], per_script, rng, known, negatives
        )
        out.extend(singles)
        composed = [p for p in singles if p.a in cleaner] if cleaner else singles
        out.extend(_multi_word(script, composed, per_script // 2, rng))
    for script in ("hebrew", "hangul"):
        rows2 = [
            (native, latin)
            for latin, native in full_names(data_dir, script)
            if _subsplit(latin, "") == split
        ]
        rng.shuffle(rows2)
        out.extend(_with_negatives(script, rows2, per_script // 2, rng, negatives=negatives))
    return out


def _reading(script: str, native: str) -> str:
    """How a native word reads: Han characters as their pinyin letters (the simplified 谢尔盖
    and the traditional 謝爾蓋 both read *xieergai*), other scripts as written."""
    return symbols(native, PINYIN) if script == "han" else native


def _with_negatives(
    script: str,
    rows: list[tuple[str, str]],
    limit: int,
    rng: random.Random,
    known: Iterable[tuple[str, str]] = (),
    negatives: int = 1,
) -> list[NamePair]:
    """The first ``limit`` rows as positives, each with a hard negative: its native word
    against the most similar *other* Latin word of ``rows`` (and, with ``negatives`` above
    one, the next most similar ones). Another word is no negative when
    any (native, Latin) pairing the data knows (``known`` and ``rows``) writes it with a
    native word that reads as this one: the data writes *sergei* 謝爾蓋, which is 谢尔盖 in
    traditional characters, and labelling 谢尔盖 / *sergei* a non-match taught the scorer (and
    measured it) against the data itself."""
    pool = [lat for _, lat in rows]
    readings: dict[str, set[str]] = {}
    for nat, lat in (*known, *rows):
        readings.setdefault(lat, set()).add(_reading(script, nat))
    out: list[NamePair] = []
    for k, (native, latin) in enumerate(rows[:limit]):
        out.append(NamePair(f"x-{script}-{k}", native, latin, True, f"cross_{script}"))
        near = process.extract(latin, pool, scorer=Indel.normalized_similarity, limit=5 + negatives)
        reads = _reading(script, native)
        others = [c for c, _, _ in near if c != latin and reads not in readings.get(c, ())]
        if others:
            # the random pick among the five nearest, as with a single negative
            neg = others[0] if rng.random() < 0.8 else rng.choice(others[:5])
            out.append(NamePair(f"x-{script}-{k}n", native, neg, False, f"cross_{script}"))
            more = [c for c in others if c != neg][: negatives - 1]
            out.extend(
                NamePair(f"x-{script}-{k}n{j}", native, c, False, f"cross_{script}")
                for j, c in enumerate(more, 2)
            )
    return out


def _multi_word(script: str, singles: list[NamePair], n: int, rng: random.Random) -> list[NamePair]:
    """Two- and three-word names composed from single-word pairs: the words' Latin spellings
    (in any order) as positives; the same with one word swapped for its hard negative, or for
    an unrelated word, as negatives."""
    pos = [p for p in singles if p.match]
    # Each word's first hard negative (``_with_negatives`` ids it ``…n``), not the further ones.
    neg_of = {p.a: p.b for p in singles if not p.match and p.id.endswith("n")}
    out: list[NamePair] = []
    for k in range(n):
        words = rng.sample(pos, rng.choice((2, 2, 3)))
        native = " ".join(w.a for w in words)
        latin = [w.b for w in words]
        if rng.random() < 0.3:
            rng.shuffle(latin)
        kind = f"cross_{script}_multi"
        out.append(NamePair(f"m-{script}-{k}", native, " ".join(latin), True, kind))
        i = rng.randrange(len(words))
        wrong = list(latin)
        wrong[latin.index(words[i].b)] = neg_of.get(words[i].a) or rng.choice(pos).b
        out.append(NamePair(f"m-{script}-{k}n", native, " ".join(wrong), False, kind))
    return out


def _typo(token: str, rng: random.Random) -> str:
    if len(token) < 4:
        return token
    i = rng.randrange(1, len(token) - 1)
    op = rng.randrange(4)
    letters = "aeioubdhklmnrsty"
    if op == 0:
        return token[:i] + token[i + 1 :]
    if op == 1:
        return token[:i] + rng.choice(letters) + token[i:]
    if op == 2:
        return token[:i] + rng.choice(letters) + token[i + 1 :]
    return token[: i - 1] + token[i] + token[i - 1] + token[i + 1 :]


def perturb(name: str, rng: random.Random) -> tuple[str, str]:
    """A plausible re-recording of the same name, and which perturbation made it."""
    parts = name.split()
    kind = rng.choice(["typo", "reorder", "join", "split", "particle", "drop", "typo2"])
    if kind in ("typo", "typo2") or len(parts) < 2:
        i = rng.randrange(len(parts))
        parts[i] = _typo(parts[i], rng)
        if kind == "typo2" and len(parts) > 1:
            j = (i + 1) % len(parts)
            parts[j] = _typo(parts[j], rng)
        return " ".join(parts), "typo"
    if kind == "reorder":
        return " ".join(parts[-1:] + parts[:-1]), "reorder"
    if kind == "join":
        i = rng.randrange(len(parts) - 1)
        return " ".join([*parts[:i], parts[i] + parts[i + 1].lower(), *parts[i + 2 :]]), "join"
    if kind == "split":
        i = max(range(len(parts)), key=lambda k: len(parts[k]))
        t = parts[i]
        if len(t) >= 6:
            cut = len(t) // 2
            parts[i : i + 1] = [t[:cut], t[cut:]]
        return " ".join(parts), "split"
    if kind == "particle":
        lower = [p.lower() for p in parts]
        for particle in ("al", "el", "bin", "ibn", "de", "van"):
            if particle in lower:
                k = lower.index(particle)
                return " ".join(parts[:k] + parts[k + 1 :]), "particle"
        return " ".join([*parts[:-1], "al-" + parts[-1]]), "particle"
    # drop a middle part (partial name)
    if len(parts) >= 3:
        i = rng.randrange(1, len(parts) - 1)
        return " ".join(parts[:i] + parts[i + 1 :]), "drop"
    return name, "same"


def synthetic_pairs(names: Iterable[str], n: int, seed: int = 11) -> list[NamePair]:
    """``n`` synthetic positives by perturbing the given (training-split) names."""
    rng = random.Random(seed)
    pool = sorted(set(names))
    out = []
    for k in range(n):
        name = rng.choice(pool)
        variant, kind = perturb(name, rng)
        if variant != name:
            out.append(NamePair(f"s-{k}", name, variant, True, f"synthetic_{kind}"))
    return out


def single_name_pairs(names: Iterable[str], n: int, seed: int = 13) -> list[NamePair]:
    """Short queries: one part of a longer name alone vs that name (a different person, as a
    rule: one common given name says little) as negatives; a rare single name vs itself,
    re-spelled, as positives (a mononym agreeing on a rare part is strong evidence)."""
    from passerelle.matching.analysis import analyse
    from passerelle.matching.rarity import rarity

    rng = random.Random(seed)
    pool = sorted({name for name in names if len(name.split()) >= 2})
    out: list[NamePair] = []
    for k in range(n):
        name = rng.choice(pool)
        parts = name.split()
        part = parts[0] if rng.random() < 0.6 else rng.choice(parts)
        if rng.random() < 0.75:
            if len(analyse(part).core) != 1 or len(analyse(name).core) < 2:
                continue  # "Abdulrahman" is two core parts: not a one-part query
            pair = (part, name) if rng.random() < 0.5 else (name, part)
            out.append(NamePair(f"o-{k}", *pair, False, "synthetic_single"))
        elif rarity(text.fold_latin(part.lower())) >= 0.7 and len(part) >= 4:
            other = _typo(part, rng) if rng.random() < 0.5 else part
            out.append(NamePair(f"o-{k}", part, other, True, "synthetic_single"))
    return out


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _digit_slip(y: int, m: int, d: int, rng: random.Random) -> str:
    """The same date with the day or month mistyped by one digit, or two digits swapped."""
    if rng.random() < 0.5 and d >= 10 and d % 10 != 0 and (d % 10) * 10 + d // 10 <= 28:
        return _iso(y, m, (d % 10) * 10 + d // 10)
    if rng.random() < 0.7:
        d2 = (d // 10) * 10 + rng.choice([k for k in range(10) if k != d % 10])
        if 1 <= d2 <= 28:
            return _iso(y, m, d2)
    m2 = (m // 10) * 10 + rng.choice([k for k in range(10) if k != m % 10])
    return _iso(y, m2, d) if 1 <= m2 <= 12 else _iso(y, m, d)


def with_facts(pair: NamePair, rng: random.Random) -> NamePair:
    """A copy of the pair with DOBs and nationalities drawn as real records would show them.

    True matches mostly agree, or differ as recording slips do (year only, day/month
    swapped, one year off, one digit mistyped, an estimated age a few years off); a true
    match with an unrelated date is rare (0.5 %). Non-matches agree by chance only.
    """
    y, m, d = _date(rng)
    a = _iso(y, m, d)
    r = rng.random()
    if pair.match:
        if r < 0.55:
            b: str | None = a
        elif r < 0.66:
            b = f"{y:04d}"
        elif r < 0.72:
            b = _iso(y, d, m) if d <= 12 else a
        elif r < 0.78:
            b = _iso(y + rng.choice((-1, 1)), m, d)
        elif r < 0.83:
            b = _digit_slip(y, m, d, rng)
        elif r < 0.85:
            b = _iso(y + rng.choice((-3, -2, 2, 3)), *_date(rng)[1:])
        elif r < 0.855:
            b = _iso(*_date(rng))
        else:
            b = None
        nat_same = rng.random() < 0.85
    else:
        if r < 0.015:
            b = a
        elif r < 0.018:
            b = _iso(y, d, m) if d <= 12 else a
        elif r < 0.08:
            b = f"{y:04d}"
        elif r < 0.12:
            b = f"{y + rng.choice((-1, 1)):04d}"
        elif r < 0.85:
            b = _iso(*_date(rng))
        else:
            b = None
        # Half of names-dev's similar-named different people share a nationality (1,008 of
        # 2,014 decoys stating both): names and nationalities go together.
        nat_same = rng.random() < 0.5
    nats = ["IQ", "SY", "RU", "FR", "DE", "CN", "YE", "AF", "PK", "NG"]
    an = rng.choice(nats)
    bn = an if nat_same else rng.choice([n for n in nats if n != an])
    if rng.random() < 0.4:
        an, bn = "", ""
    return replace(pair, id=pair.id + "f", a_dob=a, b_dob=b, a_nat=an or None, b_nat=bn or None)


def namesake(pair: NamePair, rng: random.Random) -> NamePair:
    """A true name pair turned into two different people: the same (or a re-spelled) name
    with another person's date of birth, which is what most same-name alarms are."""
    from passerelle.matching.dob import CONFLICT, compare_dob, parse_dob

    y, m, d = _date(rng)
    a = _iso(y, m, d)
    while True:
        b = _iso(*_date(rng)) if rng.random() < 0.85 else f"{rng.randint(1940, 2005):04d}"
        if compare_dob(parse_dob(a), parse_dob(b)) == CONFLICT:
            break
    if rng.random() < 0.5:
        a, b = b, a
    nats = ["IQ", "SY", "RU", "FR", "DE", "CN", "YE", "AF", "PK", "NG"]
    an = rng.choice(nats) if rng.random() < 0.6 else ""
    bn = (an if rng.random() < 0.5 else rng.choice(nats)) if an else ""
    return replace(
        pair, id=pair.id + "n", match=False, kind="namesake", a_dob=a, b_dob=b,
        a_nat=an or None, b_nat=bn or None,
    )  # fmt: skip
