"""Token similarity and the alignment of two names' parts.

Names are bags of parts in no reliable order (family name first or last), sometimes with two
parts written as one (Abdul Rahman / Abdulrahman). Every part of one name is compared with
every part, and every adjacent pair of parts, of the other; the best non-overlapping pairings
are taken greedily. Similarity of two parts is the best over their candidate romanisations
of a blend of Jaro-Winkler and Indel similarity, raised when their consonant skeletons agree,
and, across scripts, the learned transliteration likelihood.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, JaroWinkler

from passerelle.matching import text, translit
from passerelle.matching.analysis import AnalysedName, Token
from passerelle.matching.chinese_spellings import pinyin_of
from passerelle.matching.keys import (
    after_glued_particle,
    coarse_key,
    first_sound,
    hard_g_reading,
    pinyin_syllable_count,
    pinyin_word,
    same_onset,
    skeleton,
    vowel_shape,
)
from passerelle.matching.learned import REVERSE
from passerelle.matching.other_names import other_names
from passerelle.matching.variants import loose, same_name
from passerelle.matching.wade_giles import pinyin_readings, same_reading

MIN_PAIR_SIM = 0.55
_FLOOR = 0.45
#: (forward per-letter log-likelihood, the same relative to the best spelling, reverse one)
LogLikes = tuple[float, float, float]
LogLik = LogLikes | None
_MAX_PAIR_UNITS = 6
_JOINED = 0.8
#: Similarity of two forms of one given name (``variants``): a respelling's, not an identity.
OTHER_FORM = 0.9


def form_sim(a: str, b: str, same_script: bool = True, readings: bool | None = None) -> float:
    """Similarity in [0, 1] of two folded Latin spellings: by their letters and sounds
    (``spelling_sim``), and at least ``OTHER_FORM`` for two forms of one given name that no
    spelling rule brings together (*Bob* / *Robert*, *Mykola* / *Nikolay*; ``variants``),
    or a Chinese name's Wade-Giles and pinyin (*Hsu* / *Xu*; ``wade_giles``)."""
    sim = spelling_sim(a, b, same_script, readings)
    if sim < OTHER_FORM and (same_name(a, b) or same_reading(a, b)):
        return OTHER_FORM
    return sim


def spelling_sim(a: str, b: str, same_script: bool = True, readings: bool | None = None) -> float:
    """Similarity in [0, 1] of two folded Latin spellings, by their letters and sounds.

    ``same_script``: the two words come from names in one script. Then two words that both
    spell pinyin syllables are Chinese characters' readings, compared letter for letter, and
    the consonant rules need one first sound class. Across scripts neither holds: a Latin
    name such as *Tina* meets a Han rendering's reading *dina*, and the candidate
    romanisations of an Arabic word start with a vowel, a glottal stop or an ``h`` alike.
    ``readings`` (default: ``same_script``) asks for the first rule alone: a Latin word
    meeting a name in Chinese characters (``string_sim``).

    Called only under ``_string_sim``'s cache, and not cached itself: in single checks at
    1 M persons, 41 of 83,000 calls repeated a pair. What each word's rules read is cached
    per word instead (``keys``).
    """
    if a == b:
        return 1.0
    pinyin = same_script if readings is None else readings
    glued = _glued_sim(a, b, same_script, pinyin)
    if glued >= _GLUED:
        return glued
    return max(glued, _letters_and_sounds(a, b, same_script, pinyin))


#: Similarity of a word and the same word with the article or a patronymic particle glued on.
_GLUED = 0.95


def _glued_sim(a: str, b: str, same_script: bool, pinyin: bool) -> float:
    """How alike two words are when one is the other with the Arabic article
    (*Alshammari* / *Shammari*) or a patronymic particle (*Benyoucef* / *Youcef*) glued on:
    ``_GLUED`` for the very name, scaled by the two spellings' likeness otherwise
    (*Alshammari* / *Shamari*, *Benamar* / *Omar*: a name respelled as well as glued, 0.72
    and 0.44 as two plain spellings). A name of three letters after the particle counts only
    as itself: *Benson* is *Ben Son* to the letter, but no respelling of *Sun*. 0 when
    neither word starts so."""
    best = 0.0
    for word, other in ((a, b), (b, a)):
        rest = after_glued_particle(word)
        if not rest or not other:
            continue
        if rest == other:
            return _GLUED
        if len(rest) >= _RESPELLED_AFTER_GLUE:
            best = max(best, _GLUED * _letters_and_sounds(rest, other, same_script, pinyin))
    return best


#: Fewest letters after a glued particle for a respelling of the rest to count.
_RESPELLED_AFTER_GLUE = 4


def _letters_and_sounds(a: str, b: str, same_script: bool, pinyin: bool) -> float:
    """``spelling_sim`` of two different words, glued particles aside (``pinyin``: its
    ``readings``)."""
    if pinyin:
        syllables = _syllables_sim(a, b, wade_giles=not same_script)
        if syllables is not None:
            return syllables
    base = 0.5 * JaroWinkler.normalized_similarity(a, b) + 0.5 * Indel.normalized_similarity(a, b)
    if base < _FLOOR:
        return base  # far apart: no spelling rule will bring them together
    if other_names(a, b):
        return base  # Mehmet / Mahmut: other names, whatever the rules below would say
    shape_a, shape_b = vowel_shape(a), vowel_shape(b)
    if shape_a == shape_b:
        return max(base, 0.95)
    if _hard_g_respelling(a, b, shape_a, shape_b) or _short_u_respelling(a, b):
        return max(base, _HARD_G)
    # The consonant rules need the same first sound class: Acar / Kara, Osman / Yasemin share
    # their consonants but are other names.
    if same_script and first_sound(a) != first_sound(b):
        return base if same_onset(a, b) else 0.88 * base
    ska, skb = skeleton(a), skeleton(b)
    if ska == skb and len(ska) >= 2:
        return max(base, 0.9)
    if len(ska) >= 2 and len(skb) >= 2:
        ca = coarse_key(a)
        if ca == coarse_key(b) and len(ca) >= 2:
            return max(base, 0.82)
    # Different first sounds (Lukashenko / Vasilenko) are rarely spellings of one name.
    return base if same_onset(a, b) else 0.88 * base


#: Similarity of two spellings of one character's reading in two systems (*Lee* / *Li*,
#: *Lyu* / 吕 *lu*): a respelling's, as the vowel rule gave them; ``OTHER_FORM`` instead
#: cost a planted *Lyu Bin* against 吕斌 on the same date 0.98 → 0.81.
_ONE_READING = 0.95


def _syllables_sim(a: str, b: str, wade_giles: bool) -> float | None:
    """Similarity of two words that both read as Chinese characters' syllables, or None.

    A word reads so when it spells one to three pinyin syllables (``keys.pinyin_word``) or
    is another system's spelling of some (Wade-Giles *Hsu*, Cantonese *Lee*:
    ``wade_giles.pinyin_readings``). A syllable is a character's whole reading: two
    different syllables are two different characters, so the vowel and consonant-class
    rules that make Muhammad / Mohamed one name would make Feng, Fang and Zhong one name
    too, and the prefix bonus of Jaro-Winkler Li and Liu 0.86 alike. Two pinyin words get
    their plain Indel similarity, and a word of another system is compared by its pinyin
    readings, up to ``_ONE_READING`` for one reading (*Lu* / *Lee* 0.5 as *Lu* / *Li*,
    where the vowel rule gave 0.95). Some other names are spelled in pinyin syllables as well
    (*Mona*, *Sami*): for them the spelling rules are lost, a small price.

    ``wade_giles``: read Wade-Giles too, as a Latin word meeting a Chinese name in
    characters is (``_chinese_readings``). Between two Latin names only the family names of
    ``chinese_spellings`` are read: Wade-Giles syllables, printed without their apostrophes,
    spell Korean and other names too (*Jo*, *Jan*, *Chouman*), which then lost the rules
    that find their respellings; *Hsu* and *Xu* are joined there by ``same_reading``."""
    readings = pinyin_readings if wade_giles else pinyin_of
    # Most words read as no syllables: the second word is not asked when the first is one.
    pinyin_a = pinyin_word(a)
    readings_a = readings(a)
    if not (pinyin_a or readings_a):
        return None
    pinyin_b = pinyin_word(b)
    readings_b = readings(b)
    if not (pinyin_b or readings_b):
        return None
    best = _pinyin_letters_sim(a, b) if pinyin_a and pinyin_b else 0.0
    for x in (a, *readings_a) if pinyin_a else readings_a:
        for y in (b, *readings_b) if pinyin_b else readings_b:
            if x != a or y != b:
                best = max(best, min(_pinyin_letters_sim(x, y), _ONE_READING))
    return best


def _pinyin_letters_sim(x: str, y: str) -> float:
    """Indel similarity of two pinyin spellings, squared when they are two different single
    syllables. One syllable is one character: *Li* and *Liu* share two letters of five
    (Indel 0.8) yet are two family names as far apart as *Li* and *Wang*, and *Lin* / *Li*
    likewise, so a letter away weighs more the shorter the words. Squaring keeps a whole
    syllable respelt (*Zhang* / *Zang*, 0.89 → 0.79) near and halves the pull of a shared
    initial; on 100,000 travellers of the 1 M × 1 M benchmark it took about 100 false hits
    of 3,500 away, for one planted traveller of 1,970 at most."""
    similarity = Indel.normalized_similarity(x, y)
    if x != y and pinyin_syllable_count(x) == 1 and pinyin_syllable_count(y) == 1:
        return similarity * similarity
    return similarity


#: Similarity of two spellings that differ only in vowels and in a *g* for a *j*: Egyptian
#: and Gulf romanisations write ج as *g* (*Gamal*, *Gebran*, *Ragab*), Levantine and
#: Maghrebi ones as *j* or *dj* (*Jamal*, *Djibril*, *Rajab*). Below ``0.95``: the shapes
#: agree only once one consonant is read two ways.
_HARD_G = 0.9
#: Fewest symbols in a vowel shape for the rule (*Gi* / *Yi* are no spellings of one name).
_HARD_G_MIN = 3


def _hard_g_respelling(a: str, b: str, shape_a: str, shape_b: str) -> bool:
    """Do two words differ only in their vowels and a *g* for a *j* (``_HARD_G``)? Their
    consonant skeletons must agree too: a vowel shape reads *aw* and a leading *y* as a
    vowel and a *j*, so the shapes alone make *Jaworski* a *Górski* and *Younes* a *Güneş*."""
    if len(shape_a) < _HARD_G_MIN or hard_g_reading(shape_a) != hard_g_reading(shape_b):
        return False
    return hard_g_reading(skeleton(a)) == hard_g_reading(skeleton(b))


#: Word endings of a Belarusian romanisation whose *u* is the letter ў (``_short_u_respelling``).
_SHORT_U_ENDINGS = ("ou", "eu")
#: ... and the Russian endings they stand for (ов, ев).
_V_ENDINGS = ("ov", "ev")
#: Fewest letters of such a word: *Lou* and *Leu* are no surnames in *-ov*.
_SHORT_U_LETTERS = 5


def _short_u_respelling(a: str, b: str) -> bool:
    """Is one word the Belarusian romanisation of the other, a surname in *-ov* or *-ev*?
    Belarusian writes the Russian ending ов / ев as оў / эў, and its passports romanise ў
    (the "short u") as *u*: *Sakalou* is *Sokolov*, *Ivanou* *Ivanov*, *Kavaleu* *Kovalev*
    (the vowels, which Belarusian writes as it says them, are the vowel rule's). Read with a
    *v* for that *u*, the two have one vowel shape; a planted *Sakalou Andrey Alekseevich*,
    listed in Russian as *Andrey Alekseevich Sokolov* on his very date, scored 0.41 in bulk,
    under the threshold. A *v* read two ways, as the *g* of ``_hard_g_respelling`` is:
    ``_HARD_G``."""
    # Asked of most pairs whose vowel shapes differ: the last letters settle it for nearly
    # all (a *u* on one side, a *v* on the other), before any other test.
    ends = a[-1:] + b[-1:]
    if ends == "uv":
        x, y = a, b
    elif ends == "vu":
        x, y = b, a
    else:
        return False
    return (
        len(x) >= _SHORT_U_LETTERS
        and x.endswith(_SHORT_U_ENDINGS)
        and y.endswith(_V_ENDINGS)
        and vowel_shape(x[:-1] + "v") == vowel_shape(y)
    )


#: Letters that one romanisation writes at a word's start or within it where another writes
#: them otherwise, for one letter of the original (``one_name_romanised``): Russian Е at the
#: start of a word (*Yerlan* / *Erlan*, *Yegorov* / *Egorov*) and Belarusian дз (*Vadzim* /
#: *Vadim*).
_IOTATED_E = "ye"
_BELARUSIAN_DZ = "dz"


#: What French spelling writes for the Arabic sounds English spells *w*, *u*, *sh* and *j*:
#: *ou* before a vowel, *ou* otherwise, *ch* and *dj* (``_english_reading``).
_FRENCH = re.compile(r"(ou)(?=[aeiy])|(ou|ch|dj)")
_ENGLISH = {"ou": "u", "ch": "sh", "dj": "j"}


def _english_reading(word: str) -> str:
    """A folded word with the French letters for Arabic sounds spelled as English spells
    them (*Bouchra* *bushra*, *Oualid* *walid*, *Djamel* *jamel*), then loosely
    (``variants.loose``: *y*/*i*, *w*/*v*, doubled letters)."""
    return loose(_FRENCH.sub(lambda m: "w" if m.group(1) else _ENGLISH[m.group(2)], word))


def _french_respelling(a: str, b: str) -> bool:
    """Is one word the other's French spelling, a name from Arabic spelled as Maghreb
    papers spell it (*Bouchra* / *Bushra*, *Dounia* / *Dunya*, *Hicham* / *Hisham*)? Not
    between two words of one Chinese syllable each: *Chen* and *Shen*, *Zhou* and *Zhu* are
    other surnames. Words of two syllables are let through, since *Aicha* / *Aisha* and
    *Dounia* / *Dunya* read as pinyin too: two Chinese given names a *ch* / *sh* apart
    (*Chunhua* / *Shunhua*) are then not counted as other names (``features.another_name``),
    a cost accepted for the Maghreb's spellings."""
    if _english_reading(a) != _english_reading(b):
        return False
    return not (pinyin_syllable_count(a) == 1 and pinyin_syllable_count(b) == 1)


def one_name_romanised(a: str, b: str) -> bool:
    """Do two folded Latin words differ only as romanisation systems write one name?

    A Chinese reading in Wade-Giles and in pinyin (*Chang* / *Zhang*, ``same_reading``), ج
    as *g* or *j* (*Gamal* / *Jamal*, ``_hard_g_respelling``), the Belarusian *-ou* of
    *-ov* (*Ivanou* / *Ivanov*, ``_short_u_respelling``), Russian Е at a word's start as
    *ye* or *e* (*Yerlan* / *Erlan*), Belarusian дз as *dz* or *d* (*Vadzim* / *Vadim*).
    Such a pair is one name however far apart the letters are, and each spelling may be a
    name many people bear; ``features.another_name`` must not read it as two names. On the
    first 100,000 travellers of the 1 M × 1 M benchmark these rules relate 25 of the 85
    planted travellers' pairs that the feature took for two names, and none of the 95
    false hits' pairs."""
    if a == b:
        return True
    if same_reading(a, b):
        return True
    x, y = (a, b) if len(a) >= len(b) else (b, a)
    if x.startswith(_IOTATED_E) and x[1:] == y:
        return True
    if _BELARUSIAN_DZ in x and x.replace(_BELARUSIAN_DZ, "d") == y:
        return True
    # The g / j rule itself: one vowel shape alone is the vowel rule's, which makes other
    # names one (*Mahmut* / *Mehmet*) as readily as respellings.
    shape_a, shape_b = vowel_shape(a), vowel_shape(b)
    if shape_a != shape_b and _hard_g_respelling(a, b, shape_a, shape_b):
        return True
    return _short_u_respelling(a, b) or _french_respelling(a, b)


def clear_caches() -> None:
    """Forget what was computed from the transliteration models (after new ones were
    written): the likelihoods, and the joined parts, whose spellings the models gave. The
    string similarities are keyed by the spellings themselves and stay true."""
    best_loglik.cache_clear()
    _loglik.cache_clear()
    _joined_units.cache_clear()


@lru_cache(maxsize=100_000)
def best_loglik(script: str, native: str) -> float:
    """Log-likelihood of the model's own most likely romanisation of a native word."""
    model = translit.model_for(script)
    if model is None:
        return 0.0
    top = model.generate(native, n=1)
    return model.loglik(native, top[0]) if top else 0.0


@lru_cache(maxsize=500_000)
def _loglik(script: str, native: str, latin: str) -> LogLik:
    model = translit.model_for(script)
    if model is None or not model.knows(native):
        return None
    ll = model.loglik(native, latin)
    reverse = translit.model_for(REVERSE + script)
    rev = reverse.loglik(latin, native) if reverse is not None and reverse.knows(latin) else ll
    return ll, ll - best_loglik(script, native), rev


def translit_loglik(a: Token, b: Token) -> LogLik:
    """(per-letter log-likelihood, the same relative to the model's best spelling) of one
    side's Latin spelling given the other's native spelling, by the learned model."""
    for native, latin in ((a, b), (b, a)):
        if native.script != text.LATIN and latin.script == text.LATIN:
            best = _loglik(native.script, native.native, latin.latin)
            if native.joined:
                best = _likelier(best, _loglik(native.script, native.joined, latin.latin))
            listed = _listed_reading(native.forms, latin.latin)
            if listed:
                best = _likelier(best, _capped(_loglik(native.script, native.native, listed)))
            if native.script == text.HAN:
                for spelled in pinyin_of(latin.latin):
                    alt = _capped(_loglik(native.script, native.native, spelled))
                    best = _likelier_either_way(best, alt)
            return best
    return None


def _likelier(best: LogLik, alt: LogLik) -> LogLik:
    """Of two readings of one pair, the one whose Latin spelling the forward model finds
    likelier (``None``: the model does not know the native word that way)."""
    if alt is not None and (best is None or alt[0] > best[0]):
        return alt
    return best


def _capped(ll: LogLik) -> LogLik:
    """Log-likelihoods of another reading of the Latin spelling, no higher than a respelling
    (``OTHER_FORM``): the model judged a name the traveller's document does not print."""
    if ll is None:
        return None
    cap = _OTHER_FORM_LL
    return min(ll[0], cap), min(ll[1], cap), min(ll[2], cap)


def _likelier_either_way(best: LogLik, alt: LogLik) -> LogLik:
    """Of the printed spelling and its pinyin (``chinese_spellings``: *Lyu* for 吕, *Cheung*
    for 张), the one that one of the two learned models finds likelier. The model learned
    pinyin and finds *Lyu* or *Cheung* no likely spelling; and for a lone family-name
    character the forward model may find no spelling likely at all, so the pinyin is judged
    by whichever model knows the character."""
    if alt is not None and (best is None or max(alt[0], alt[2]) > max(best[0], best[2])):
        return alt
    return best


def _listed_reading(forms: tuple[str, ...], latin: str) -> str:
    """The romanisation of a native word that is another form of the Latin given name
    (``variants``), or "". Микола reads *mykola*, another form of *Nikolay*: the learned
    model can only say that *nikolay* is no spelling of Микола, so the pair is judged by how
    well Микола spells *mykola*, and no higher than a respelling (``OTHER_FORM``), as two
    Latin forms of one name are (``form_sim``)."""
    return next((f for f in forms if same_name(f, latin)), "")


_LL_SCALE = 0.45
#: The per-letter log-likelihood that ``loglik_sim`` maps to ``OTHER_FORM``.
_OTHER_FORM_LL = math.log(OTHER_FORM) / _LL_SCALE


def loglik_sim(ll: float) -> float:
    """Map a per-letter log-likelihood (0 best, -6 hopeless) to a similarity in [0, 1]."""
    return math.exp(_LL_SCALE * max(ll, -8.0))


def translit_sim(ll: LogLikes) -> float:
    """Similarity of two spellings by the learned models: the likelier of the two directions
    (a spelling only the Latin → native model recognises is still the same name)."""
    return max(loglik_sim(ll[0]), loglik_sim(ll[2]))


def string_sim(a: Token, b: Token) -> float:
    """Best similarity over the two tokens' candidate romanisations (and native spellings)."""
    same = a.script == b.script
    if same and a.script == text.HAN:
        # Two names in characters: each character is a name of its own, read one way (its
        # pinyin, the first form). The other candidate spellings are for a foreign name in
        # characters met in Latin letters, and two characters shared one by chance: 王 and
        # 任 both gave *n*, 郭 and 高 both *go*, and 王丽华 / 任丽华 scored 0.98 on one year.
        return _string_sim(a.forms[:1], b.forms[:1], a.native, b.native, True, True)
    native = same and a.script != text.LATIN
    return _string_sim(
        a.forms,
        b.forms,
        a.native if native else "",
        b.native if native else "",
        same,
        same or _chinese_readings(a, b),
    )


def _chinese_readings(a: Token, b: Token) -> bool:
    """Is one token a Latin word read as a Chinese name's syllables and the other that name
    in characters? Two pinyin syllables are then two characters, as they are when both names
    are in Latin letters (*Lu* is no spelling of 李 *li*, nor *Xiuyang* of 秀英 *xiuying*),
    where the vowel rule across scripts made them 0.95 alike. Not when the characters may
    spell a foreign name (``translit.reads_as_chinese``), nor when the Latin word is not
    one syllable a character: *Pine* may be 潘 *pan* respelled, a foreign name's first part."""
    if a.script == text.HAN and b.script == text.LATIN:
        han, latin = a, b
    elif b.script == text.HAN and a.script == text.LATIN:
        han, latin = b, a
    else:
        return False
    return _syllable_count(latin.latin) == len(han.native) and translit.reads_as_chinese(han.native)


def _syllable_count(word: str) -> int | None:
    """How many Chinese syllables a folded Latin word spells: in pinyin, or else in its
    fewest-syllable reading of another system (*Lee* one, *Tzuhsuan* two), or None."""
    count = pinyin_syllable_count(word)
    if count is None:
        count = min(
            (c for r in pinyin_readings(word) if (c := pinyin_syllable_count(r)) is not None),
            default=None,
        )
    return count


@lru_cache(maxsize=500_000)
def _string_sim(
    forms_a: tuple[str, ...],
    forms_b: tuple[str, ...],
    na: str,
    nb: str,
    same_script: bool,
    readings: bool,
) -> float:
    """``string_sim`` on the tokens' spellings (cached: bulk screening compares the same
    common name parts again and again). An entry costs about 200 bytes in every process that
    screens; a bulk worker at a million persons calls this some 66 times a traveller, and over
    100,000 travellers half a million entries answered 72.6 % of the calls, a million 76.6 %
    (an LRU replay of the calls): the second half million answered 4 % more of the calls
    for 100 MB more in each worker. ``na``/``nb`` are the native spellings when both
    tokens are in the same non-Latin script, else empty; ``same_script`` and ``readings`` as
    ``spelling_sim``'s."""
    best = max(form_sim(fa, fb, same_script, readings) for fa in forms_a for fb in forms_b)
    if na:
        best = max(best, Indel.normalized_similarity(na, nb))
    return best


def token_sim(a: Token, b: Token) -> tuple[float, LogLik]:
    """(similarity, translit log-likelihoods or None) of two tokens."""
    best = string_sim(a, b)
    ll = None
    if a.script != b.script:
        ll = translit_loglik(a, b)
        if ll is not None:
            best = max(best, translit_sim(ll))
    return best, ll


@dataclass(frozen=True, slots=True)
class Unit:
    """One part, or two adjacent parts read as one, of a name."""

    ids: tuple[int, ...]
    token: Token


@lru_cache(maxsize=20_000)
def _joined_units(tokens: tuple[Token, ...]) -> tuple[Unit, ...]:
    """Every two adjacent parts of a name in one script, read as one. Cached: a check
    aligns its query's parts with each of its candidates'."""
    units: list[Unit] = []
    if 1 < len(tokens) <= _MAX_PAIR_UNITS:
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if a.script != b.script:
                continue
            units.append(Unit((i, i + 1), _join(a, b)))
    return tuple(units)


def coverage_bound(a: AnalysedName, b: AnalysedName, enough: float | None = None) -> float:
    """How well the worst-covered core part of the shorter name can at best be matched.

    For each core part of the shorter name (then of the longer, if need be), its best
    similarity to any core part, or adjacent pair of parts, of the other (and its own
    adjacent pair's when the other writes the two as one); the minimum over its parts.
    Alignment pairs parts one to one, so it can only do worse: a candidate whose bound is low
    has a part with no counterpart at all, which the calibrated model cannot outweigh except
    through a shared document. Screening uses it to set such candidates aside before the
    costly alignment; given ``enough``, it only answers the screener's question — a value at
    least ``enough`` if the bound reaches it, else one below — and stops at the first part
    that settles it, which is most of the saving on the many candidates that fail.
    """
    if not a.tokens or not b.tokens:
        return 0.0
    if len(a.core) > len(b.core):
        a, b = b, a
    first = _bound(a, b, enough)
    if first >= 1.0 or (enough is not None and first >= enough):
        return first
    return max(first, _bound(b, a, enough))


def _join(x: Token, y: Token) -> Token:
    """Two adjacent parts read as one: their first two spellings, concatenated."""
    forms = tuple(p + q for p in x.forms[:2] for q in y.forms[:2])
    return Token(x.native + y.native, x.script, forms, "", "")


def _may_join(part: str, first: str, second: str) -> bool:
    """Could ``part`` be ``first`` and ``second`` written as one? A join spells the two almost
    letter for letter: about the same length, the same first letter. Or it is their reading
    in the other system of Chinese romanisation (``same_reading``): Wade-Giles hyphenates a
    given name, *Chun-Chieh*, that pinyin writes as one word, *Junjie*, shorter and with
    another first letter. Alignment paired the two 0.9 alike while this bound, blind to
    that reading, set the listed *Lin Junjie* (林俊杰) aside for a traveller *Lin Chun-Chieh*
    born on his very date: the pair scores 0.99 once compared. The reading is asked only
    when the letters fail, yet that is most calls: about 0.6 µs a call where the letter test
    alone took 0.15 (2.3 µs for words never met before). In a bulk worker at a million
    persons (py-spy, the first 100,000 travellers of the 1 M × 1 M benchmark) this function
    is 4.2 % of the screening, half of it the reading: asking it only when one side can
    spell Chinese syllables would save at most that half."""
    n, m = len(part), len(first) + len(second)
    if 4 * min(n, m) >= 3 * max(n, m) and part[:1] == first[:1]:
        return True
    return same_reading(part, first + second)


def _joined_sim(x: Token, y: Token) -> float:
    """Similarity of a joined pair and a single part, counted only when close to a spelling
    of one another (a looser likeness is a prefix, Ana Santos / Ana, not a join)."""
    sim = token_sim(x, y)[0]
    return sim if sim >= _JOINED else 0.0


def _bound(a: AnalysedName, b: AnalysedName, enough: float | None) -> float:
    tokens = a.tokens
    core = [i for i, t in enumerate(tokens) if t.is_core] or list(range(len(tokens)))
    singles = b.core
    other = b.tokens
    low = 0.85 if enough is None else min(enough, 0.85)
    # Rare rescues, tried only for a weak part and where the spellings' lengths and first
    # letters allow: a part that the other name writes as two, or two parts written as one.
    joins_other = b.script != text.HAN and len(other) <= _MAX_PAIR_UNITS
    joins_own = len(tokens) <= _MAX_PAIR_UNITS
    best: dict[int, float] = {}
    worst = 1.0
    for i in core:
        sim = max(best.get(i, 0.0), max(token_sim(tokens[i], t)[0] for t in singles))
        if sim < low and joins_other:
            part = tokens[i].latin
            for j in range(len(other) - 1):
                x, y = other[j], other[j + 1]
                if x.script == y.script and _may_join(part, x.latin, y.latin):
                    sim = max(sim, _joined_sim(tokens[i], _join(x, y)))
        if sim < low and joins_own:
            for k in (i - 1, i):
                if 0 <= k < len(tokens) - 1 and tokens[k].script == tokens[k + 1].script:
                    joined = _own_join(tokens[k], tokens[k + 1], other)
                    for n in (k, k + 1):
                        best[n] = max(best.get(n, 0.0), joined)
                    sim = max(sim, joined)
        best[i] = sim
        worst = min(worst, sim)
        if enough is not None and worst < enough:
            return worst
    return worst


def _own_join(x: Token, y: Token, other: tuple[Token, ...]) -> float:
    """Best likeness of two adjacent parts read as one to a part of the other name, or to
    two of its parts also read as one (Abdalla / Abdallah spelled apart on both sides)."""
    first, second = x.latin, y.latin
    partners = [t for t in other if _may_join(t.latin, first, second)]
    for j in range(len(other) - 1):
        u, v = other[j], other[j + 1]
        if u.script == v.script and _may_join(u.latin + v.latin, first, second):
            partners.append(_join(u, v))
    if not partners:
        return 0.0
    pair = _join(x, y)
    return max(_joined_sim(pair, t) for t in partners)


@dataclass(frozen=True, slots=True)
class Pairing:
    """Two aligned units and how similar they are."""

    a_ids: tuple[int, ...]
    b_ids: tuple[int, ...]
    sim: float
    loglik: LogLik


@dataclass(frozen=True, slots=True)
class Alignment:
    """The best non-overlapping pairing of two names' core parts."""

    pairs: tuple[Pairing, ...]
    a_unmatched: tuple[int, ...]
    b_unmatched: tuple[int, ...]


def align(a: tuple[Token, ...], b: tuple[Token, ...]) -> Alignment:
    """Greedy best-first alignment of parts, and of adjacent part pairs (joined/split tokens).

    Adjacent pairs are only tried when the parts alone leave something poorly matched, and
    the (costly) transliteration likelihood only for each part's most promising partners.
    """
    singles_a = [Unit((i,), t) for i, t in enumerate(a)]
    singles_b = [Unit((j,), t) for j, t in enumerate(b)]
    sims = [[string_sim(x.token, y.token) for y in singles_b] for x in singles_a]
    cross = any(x.token.script != y.token.script for x in singles_a for y in singles_b)
    scored: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[float, LogLik]] = {}
    for i, x in enumerate(singles_a):
        row = sims[i]
        best_j = max(range(len(row)), key=row.__getitem__) if row else -1
        for j, y in enumerate(singles_b):
            sim, ll = row[j], None
            if cross and (j == best_j or sim >= 0.45):
                ll = translit_loglik(x.token, y.token)
                if ll is not None:
                    sim = max(sim, translit_sim(ll))
            scored[(x.ids, y.ids)] = (sim, ll)
    best_a = [max((scored[(x.ids, y.ids)][0] for y in singles_b), default=0.0) for x in singles_a]
    best_b = [max((scored[(x.ids, y.ids)][0] for x in singles_a), default=0.0) for y in singles_b]
    if len(a) != len(b) or min(best_a + best_b, default=1.0) < 0.85:
        ua, ub = _joined_units(a), _joined_units(b)
        for x in ua:
            for y in singles_b:
                scored[(x.ids, y.ids)] = token_sim(x.token, y.token)
        for y in ub:
            for x in singles_a:
                scored[(x.ids, y.ids)] = token_sim(x.token, y.token)
    candidates = []
    for (xa, yb), (sim, ll) in scored.items():
        if sim >= MIN_PAIR_SIM:
            span = len(xa) + len(yb)
            # Prefer single parts to pairs when equally similar.
            candidates.append((sim - 0.01 * (span - 2), span, xa, yb, ll))
    candidates.sort(key=lambda c: (-c[0], -c[1]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Pairing] = []
    for sim, span, xa, yb, ll in candidates:
        if used_a.intersection(xa) or used_b.intersection(yb):
            continue
        used_a.update(xa)
        used_b.update(yb)
        pairs.append(Pairing(xa, yb, min(1.0, sim + 0.01 * (span - 2)), ll))
    return Alignment(
        pairs=tuple(pairs),
        a_unmatched=tuple(i for i in range(len(a)) if i not in used_a),
        b_unmatched=tuple(i for i in range(len(b)) if i not in used_b),
    )
