"""Name analysis: one name string → typed tokens with candidate Latin spellings.

A name is analysed once (and cached): cleaned, its script detected, split into tokens,
joined prefixes split off (``Abdulrahman`` → abd + rahman, ``الرحمن`` → al + رحمن),
each native token romanised into a few candidates, and particles/honorifics tagged.
Everything after this step compares ``Token`` objects, never raw strings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from passerelle.matching import particles, tables, text, translit
from passerelle.matching.keys import pinyin_word


class Token(NamedTuple):
    """One name part: its native form, its script, Latin candidates and particle tag.

    A named tuple rather than a frozen dataclass: an index of a million persons makes some
    seven million of them, and caches key on them; a tuple is built and hashed in C, a
    frozen dataclass field by field in Python (a tenth of the keying time went there).
    """

    native: str
    script: str
    forms: tuple[str, ...]
    tag: str = ""
    #: The native spelling with an attached article (الياس for ياس), which may be the name
    #: itself (Elias) rather than article + name.
    joined: str = ""

    @property
    def latin(self) -> str:
        """The most likely Latin spelling."""
        return self.forms[0]

    @property
    def is_core(self) -> bool:
        """Core tokens carry the identity; particles and honorifics do not."""
        return self.tag not in particles.NON_CORE


class AnalysedName:
    """A name ready for comparison (treat as immutable).

    ``core`` is computed once here: every comparison and every key reads it several times.
    ``script`` (of the whole name) is worked out when first read: filing a name in the index
    never reads it, and counting the scripts of every letter was a twentieth of a build.
    A plain slotted class: a frozen dataclass sets each field through ``object.__setattr__``,
    which a build of a million persons' two million names paid for.
    """

    __slots__ = ("_script", "core", "original", "tokens")

    def __init__(self, original: str, _script: str, tokens: tuple[Token, ...] = ()) -> None:
        self.original = original
        self._script = _script
        self.tokens = tokens
        core = tuple(t for t in tokens if t.is_core)
        self.core = core or tokens

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnalysedName):
            return NotImplemented
        return self.original == other.original and self.tokens == other.tokens

    def __hash__(self) -> int:
        return hash((self.original, self.tokens))

    def __repr__(self) -> str:
        return f"AnalysedName({self.original!r}, tokens={self.tokens!r})"

    @property
    def script(self) -> str:
        """The dominant script of the whole name (``text.script_of``)."""
        if not self._script:
            self._script = text.script_of(self.original)
        return self._script

    @property
    def particles(self) -> frozenset[str]:
        """Canonical forms of the particles and honorifics present."""
        return frozenset(t.latin for t in self.tokens if not t.is_core)

    @property
    def latin(self) -> str:
        """A display romanisation: each token's most likely spelling."""
        return " ".join(t.latin for t in self.tokens)

    @property
    def glued_latin(self) -> str:
        """``latin`` with each article and patronymic particle written onto the part after it
        (*ali mohammed al harbi* → *ali mohammed alharbi*, *ben slimane* → *benslimane*), as
        many papers write them. The screener's re-ranking sorts a name's words before it
        compares two names (``fuzz.token_sort_ratio``), and a particle standing apart on one
        side only sorted between the other words: *Ali Mohammed Alharbi* was 78 alike to
        the listed *Ali Mohammed Al-Harbi* and 90 to *Lina Mohammed Al-Harbi*."""
        words: list[str] = []
        glue = False
        for token in self.tokens:
            if glue:
                words[-1] += token.latin
            else:
                words.append(token.latin)
            glue = token.tag in _GLUED_ONTO_NEXT
        return " ".join(words)


#: Particles that ``AnalysedName.glued_latin`` writes onto the part after them.
_GLUED_ONTO_NEXT = frozenset({particles.ARTICLE, particles.PATRONYMIC})

_ARTICLE_AR = "ال"
_ALLAH = "الله"


def _split_native(token: str, script: str) -> list[str]:
    """Split joined Arabic particles (عبد, ال) and Chinese/Korean surname from given name."""
    if script in (text.ARABIC, text.PERSIAN):
        parts: list[str] = []
        rest = token
        if rest.startswith("عبد") and len(rest) > 4:
            parts.append("عبد")
            rest = rest[3:]
        if rest.startswith(_ARTICLE_AR) and len(rest) > 3 and rest != _ALLAH:
            parts.append(_ARTICLE_AR)
            rest = rest[2:]
        return [*parts, rest]
    if script == text.HAN and 2 <= len(token) <= 4:
        if token[:2] in tables.CHINESE_DOUBLE_SURNAMES:
            return [token[:2], token[2:]] if len(token) > 2 else [token]
        if token[0] in tables.CHINESE_SURNAMES and not translit.reads_as_transliteration(token):
            return [token[:1], token[1:]]
    if script == text.HANGUL and 2 <= len(token) <= 4:
        # A Korean name is written without a space (surname, then a given name of one or
        # two syllables); a foreign name in Hangul is one word that must stay whole (브라이언 is
        # Brian, not 브 + 라이언). Split only what reads as a Korean name.
        if len(token) >= 3 and token[:2] in tables.KOREAN_DOUBLE_SURNAMES:
            return [token[:2], token[2:]]
        if len(token) <= 3 and token[0] in tables.KOREAN_SURNAMES:
            return [token[:1], token[1:]]
    return [token]


RawToken = tuple[str, str, tuple[str, ...], str, str]


def _raw_tokens(name: str) -> list[RawToken]:
    """(native, script, forms, particle lookup key, joined) for every token of a name."""
    cleaned = particles.ASSIMILATED_ARTICLE.sub("al ", text.clean(name))
    out: list[RawToken] = []
    for raw in text.split_tokens(cleaned):
        out.extend(_token_parts(raw))
    return out


@lru_cache(maxsize=100_000)
def _token_parts(raw: str) -> tuple[RawToken, ...]:
    """``_raw_tokens`` of one space-separated token (cached: a million names are made of far
    fewer distinct parts, and indexing them analysed every part anew; an entry is some 300
    bytes)."""
    script = text.detect_script(raw)
    if script == text.OTHER:
        return ()
    if script == text.LATIN:
        folded = text.fold_latin(raw)
        return tuple(
            (part, script, (part,), part, "")
            for part in (particles.split_joined(folded) if folded else [])
        )
    out: list[RawToken] = []
    norm = translit.normalise_native(raw, script)
    after_article = False
    for part in _split_native(norm, script):
        if part == _ARTICLE_AR:
            out.append((part, script, ("al",), "al", ""))
            after_article = True
            continue
        native_tag = particles.NATIVE_PARTICLES.get(part)
        if native_tag is not None:
            out.append((part, script, (native_tag[1],), native_tag[1], ""))
            continue
        forms = translit.romanise(part, script)
        joined = ""
        if after_article:
            joined = _ARTICLE_AR + part
            whole = translit.romanise(joined, script)
            forms = tuple(dict.fromkeys(forms[:3] + whole[:2]))
        if forms:
            out.append((part, script, forms, "", joined))
    return tuple(out)


def clear_caches() -> None:
    """Forget cached analyses (after new transliteration models were written)."""
    analyse.cache_clear()
    _token_parts.cache_clear()


@lru_cache(maxsize=65_536)
def analyse(name: str) -> AnalysedName:
    """Analyse a name in any script (cached: queries and candidates repeat)."""
    return analyse_uncached(name)


def analyse_uncached(name: str) -> AnalysedName:
    """Analyse a name without caching it (bulk indexing must not fill the cache)."""
    raw = _raw_tokens(name)
    tokens: list[Token] = []
    last = len(raw) - 1
    # van der Wal Sander: the surname first, its particles read as particles, not as a name.
    opener = last >= 2 and particles.opens_surname(raw[0][3], raw[1][3])
    parts = sum(1 for r in raw if not particles.is_article(r[3]))  # Al-Sheikh Noor: two
    for i, (native, script, forms, key, joined) in enumerate(raw):
        tag = ""
        if key:
            tag, canonical = particles.tag_latin(key, i == 0 and not opener, i == last, parts)
            if tag in particles.NON_CORE or tag in (particles.THEOPHORIC, particles.KUNYA):
                forms = (canonical,)
        tokens.append(Token(native=native, script=script, forms=forms, tag=tag, joined=joined))
    return AnalysedName(name, "", tuple(tokens))


#: A name in each script the analysis reads with a model or a table of its own.
_WARM_NAMES = ("سالم", "پرویز", "Иван", "Νίκος", "דוד", "王海林", "김민수", "タロウ")


def warm() -> None:
    """Load now what analysing a name would load on first use: the learned transliteration
    models and the tables behind each script (about 0.35 s for an Arabic name, 0.25 s for a
    Chinese one). Checks call it before they take traffic; build workers before they freeze
    what it loaded out of the collector's walks."""
    translit.learned_models()
    pinyin_word("li")
    for name in _WARM_NAMES:
        analyse_uncached(name)
