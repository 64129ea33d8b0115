"""Name words the screened watchlist shows many persons bearing: another name, not a slip.

Why: a typed slip seldom makes another name. *Brigite* for *Brigitte* is a slip; *Birgit* and
*Brigitte* are two names, each borne by many people, and a traveller *Birgit* beside a listed
*Brigitte* is more often another woman than a mistyped one. Letter similarity rates both pairs
alike (0.95 and 0.90); whether both spellings are names that people bear tells them apart.

Which words are names is read off the watchlist being screened, not off a shipped list: the
index files every record under each exact spelling of its name parts, so the number of listed
persons bearing a word is the length of one posting list. A word counts as a name once at
least ``bearers_needed`` persons bear it: ``WORDS_PER_MILLION`` of the listed persons, and
never fewer than ``MIN_BEARERS``, so that the slip in one record does not make itself a name.
(The development data's words were tried first: they miss most given names of Western Europe,
Turkey and West Africa, and a model trained on them trusted the names they miss more.)

The screener says which watchlist it is screening (``consulting``) for the time it scores. A
pair compared with no watchlist in view (``passerelle match score``, ``compare_records``, the
labelled name pairs of training) is *unknown* to the feature, not "no other name": training
pairs exported from a bulk screening carry the attested words of their watchlist, and a share
of them (``BLIND_SHARE``) is featurised as if none were in view, so the model learns the
unknown case from the same pairs and scores a lone pair much as it did before the feature.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Share of the listed persons (per million) who must bear a word for it to count as a name.
WORDS_PER_MILLION = 20
#: The fewest bearers that make a name, however small the watchlist.
MIN_BEARERS = 2
#: Share of the exported screening pairs that training featurises with no watchlist in view.
BLIND_SHARE = 0.1

Vocabulary = Callable[[str], bool]

_vocabulary: ContextVar[Vocabulary | None] = ContextVar("vocabulary", default=None)


def bearers_needed(persons: int) -> int:
    """How many listed persons must bear a word, in a watchlist of ``persons``, to make it a
    name: 2 up to 100,000 persons, 20 at a million."""
    return max(MIN_BEARERS, math.ceil(persons * WORDS_PER_MILLION / 1_000_000))


def in_view() -> bool:
    """Is a watchlist in view (``consulting``), so that ``attested`` knows anything?"""
    return _vocabulary.get() is not None


def attested(word: str) -> bool:
    """Is this folded Latin word a name that enough persons on the watchlist in view bear?"""
    vocabulary = _vocabulary.get()
    return vocabulary is not None and vocabulary(word)


@contextmanager
def consulting(vocabulary: Vocabulary | None) -> Iterator[None]:
    """Read ``attested`` off this vocabulary within the block (None: no watchlist in view)."""
    token = _vocabulary.set(vocabulary)
    try:
        yield
    finally:
        _vocabulary.reset(token)
