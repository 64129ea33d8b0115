"""Names that the spelling rules would join, but that are other names.

The vowel-shape rule (``keys.vowel_shape``) makes two words that differ only in their vowels
0.95 alike, because that is how most romanisations of Arabic, Persian and Cyrillic names
differ (*Kassem* / *Qasim*). A few common names of languages written in Latin letters, whose
vowels are written and mean something, share a shape with another name: *Mehmet* (Muhammad)
and *Mahmut* (Mahmoud) are two Turkish given names, *Kılıç* and *Çelik* two Turkish family
names (the folded *ç* is read as a *k*), *Rossi* and *Russo* two Italian ones. On the first
100,000 travellers of the bulk benchmark, such pairs were half of the word pairs of one
shape in the false hits (about 150 of 292; docs/matching.md §3), and no planted traveller
was found through one.

Only pairs whose every form is a name of its own in the language that writes it are listed.
Pairs that real lists also use for one person are left out: *Hassan* and *Hussein* are two
Arabic names, yet the labelled pairs hold Persian *Hossein* / Arabic *Hassan* readings of
one person as well as namesakes told apart by them.

Spellings are folded Latin (``text.fold_latin``). Each entry is a set of names, each name a
space-separated list of its spellings; two spellings of different names of one entry are
other names.
"""

from __future__ import annotations

_ENTRIES: tuple[tuple[str, ...], ...] = (
    # Turkish given names: Mehmet is Muhammad, Mahmut is Mahmoud.
    ("mehmet mehmed", "mahmut mahmud mahmood mahmoud"),
    # Turkish family names: "sword" and "steel".
    ("kilic", "celik"),
    # Emir / Amir (prince), Ömer (also folded *Oemer*) / Omar / Umar, Ammar.
    ("emir amir", "omer oemer omar umar", "ammar"),
    # Turkish Ayşe (Aisha) and Asya (Asia).
    ("ayse", "asya"),
    # Italian family names.
    ("rossi", "russo"),
    ("marino", "marini", "mariani"),
)


#: Spelling → (entry, name within the entry) that it spells.
_NAMES: dict[str, tuple[int, int]] = {
    spelling: (e, n)
    for e, entry in enumerate(_ENTRIES)
    for n, name in enumerate(entry)
    for spelling in name.split()
}


def other_names(a: str, b: str) -> bool:
    """Are two folded spellings two names of one entry (``_ENTRIES``)?"""
    first, second = _NAMES.get(a), _NAMES.get(b)
    if first is None or second is None:
        return False
    return first[0] == second[0] and first[1] != second[1]
