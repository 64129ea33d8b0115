"""Name words the screened watchlist attests, and the feature that reads them: another name,
not a slip."""

from __future__ import annotations

from passerelle.matching import MatchQuery, MatchRecord, Screener
from passerelle.matching.align import one_name_romanised
from passerelle.matching.analysis import analyse
from passerelle.matching.attested import attested, bearers_needed, consulting
from passerelle.matching.features import NO_FACTS, PairContext, another_name
from passerelle.model.dates import PartialDate


def ctx(a: str, b: str) -> PairContext:
    return PairContext(analyse(a), analyse(b), NO_FACTS, NO_FACTS)


def watchlist() -> Screener:
    """Synthetic persons: two bear Birgit, three Brigitte, one Brigite (a slip in a record);
    two each the spellings of one name in two romanisations."""
    names = [
        "Birgit Hoffmann", "Birgit Lorenz", "Brigitte Keller", "Brigitte Hoffmann",
        "Brigitte Vogt", "Brigite Sauer", "Mohamed Haddad", "Muhammad Haddad",
        "Catherine Moreau", "Katherine Moreau",
        # Two romanisation systems' spellings of one name, each borne by two persons.
        "Zhang Wei", "Zhang Min", "Chang Wei", "Chang Min", "Ivanov Oleg", "Ivanov Pavel",
        "Ivanou Oleg", "Ivanou Pavel", "Yerlan Abenov", "Yerlan Nurov", "Erlan Abenov",
        "Erlan Nurov", "Gamal Saleh", "Gamal Nasser", "Jamal Saleh", "Jamal Nasser",
    ]  # fmt: skip
    s = Screener()
    s.add_many(
        [MatchRecord(f"p{i}", [n], PartialDate(1980 + i), None, []) for i, n in enumerate(names)]
    )
    return s


def test_a_word_is_a_name_once_enough_listed_persons_bear_it() -> None:
    assert bearers_needed(10) == 2
    assert bearers_needed(100_000) == 2
    assert bearers_needed(1_000_000) == 20
    vocabulary = watchlist().vocabulary()
    assert vocabulary("birgit")
    assert vocabulary("brigitte")
    assert vocabulary("hoffmann")
    assert not vocabulary("brigite")  # one record's slip does not make a name
    assert not vocabulary("lorenz")


def test_nothing_is_known_with_no_watchlist_in_view() -> None:
    assert not attested("brigitte")
    # Unknown, neither another name nor a slip.
    assert another_name(ctx("Birgit Hoffmann", "Brigitte Hoffmann")) == 0.5
    assert another_name(ctx("Brigite Hoffmann", "Brigitte Hoffmann")) == 0.5
    with consulting(watchlist().vocabulary()):
        assert attested("brigitte")
    assert not attested("brigitte")


def test_two_attested_names_are_another_name_a_slip_is_not() -> None:
    with consulting(watchlist().vocabulary()):
        assert another_name(ctx("Birgit Hoffmann", "Brigitte Hoffmann")) == 1.0
        # One typed slip: the traveller's spelling is no name of the watchlist's.
        assert another_name(ctx("Brigite Hoffmann", "Brigitte Hoffmann")) == 0.0
        # A respelling as alike as a slip is one name, both spellings attested or not.
        assert another_name(ctx("Mohamed Haddad", "Muhammad Haddad")) == 0.0
        # Forms of one given name that the name tables list.
        assert another_name(ctx("Catherine Moreau", "Katherine Moreau")) == 0.0
        assert another_name(ctx("Birgit Hoffmann", "Birgit Hoffmann")) == 0.0


def test_one_name_in_two_romanisations_is_not_another_name() -> None:
    """Each spelling is borne by several listed persons, yet a romanisation system, not
    another name, sets them apart: Wade-Giles and pinyin, Belarusian and Russian, Russian Е
    written *ye* or *e*, ج written *g* or *j*."""
    with consulting(watchlist().vocabulary()):
        for a, b in [
            ("Chang Wei", "Zhang Wei"),
            ("Ivanou Oleg", "Ivanov Oleg"),
            ("Erlan Nurov", "Yerlan Nurov"),
            ("Jamal Saleh", "Gamal Saleh"),
        ]:
            assert attested(a.split()[0].lower()) and attested(b.split()[0].lower())
            assert another_name(ctx(a, b)) == 0.0, (a, b)
        # Other names stay other names.
        assert another_name(ctx("Birgit Hoffmann", "Brigitte Hoffmann")) == 1.0


def test_a_screening_reads_its_own_watchlist() -> None:
    """The same pair scores lower in a screening, where the watchlist attests both given
    names, than compared alone, where nothing is attested."""
    s = watchlist()
    query = MatchQuery(["Birgit Hoffmann"], dob=PartialDate(1983, 5, 1))
    listed = s.index.record(s.index.slot_of("p3"))  # Brigitte Hoffmann, 1983
    hits = s.screen_many([query], [10], threshold=0.0)[0]
    screened = next(h.probability for h in hits if h.record_id == "p3")
    alone = s.compare_records(MatchRecord("q", query.names, query.dob, None, []), listed)
    assert screened < alone.probability - 0.1
    # A slip is not another name: the watchlist leaves it a hit.
    slip = MatchQuery(["Brigite Hoffmann"], dob=PartialDate(1983, 5, 1))
    hits = s.screen_many([slip], [10], threshold=0.0)[0]
    slipped = next(h.probability for h in hits if h.record_id == "p3")
    alone = s.compare_records(MatchRecord("q", slip.names, slip.dob, None, []), listed)
    assert slipped > 0.9
    assert abs(slipped - alone.probability) < 0.05


def test_romanisation_rules_relate_one_name_not_two() -> None:
    assert one_name_romanised("hsu", "xu")
    assert one_name_romanised("sakalou", "sokolov")
    assert one_name_romanised("vadzim", "vadim")
    assert one_name_romanised("yegorov", "egorov")
    # One vowel shape is not a romanisation rule: Mahmut and Mehmet are two names.
    assert not one_name_romanised("mahmut", "mehmet")
    assert not one_name_romanised("liu", "li")
    assert not one_name_romanised("birgit", "brigitte")


def test_a_maghreb_french_spelling_is_one_name_with_the_english() -> None:
    """Papers of Algeria, Morocco and Tunisia write Arabic names in French letters: *ou* for
    *u* or *w*, *ch* for *sh*, *dj* for *j*. Each spelling is borne by many, and neither is
    another name. Single Chinese syllables a *ch* / *sh* or *ou* / *u* apart still are."""
    for french, english in [
        ("bouchra", "bushra"),
        ("dounia", "dunya"),
        ("hicham", "hisham"),
        ("oualid", "walid"),
        ("djamel", "jamel"),
        ("aicha", "aisha"),
    ]:
        assert one_name_romanised(french, english), (french, english)
        assert one_name_romanised(english, french), (english, french)
    assert not one_name_romanised("chen", "shen")
    assert not one_name_romanised("zhou", "zhu")
    assert not one_name_romanised("bouchra", "bushara")
