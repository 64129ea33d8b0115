"""``align.coverage_bound``: the cheap test that decides whether a candidate is worth scoring."""

from __future__ import annotations

import pytest

from passerelle.matching.align import align, coverage_bound
from passerelle.matching.analysis import analyse


def bound(a: str, b: str) -> float:
    return coverage_bound(analyse(a), analyse(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Omar Hassan", "Hassan Omar"),  # order
        ("Mohamed Bouzid", "Muhammad Bouzid"),  # transliteration
        ("Abdulrahman Haddad", "Abdul Rahman Haddad"),  # joined / split
        ("محمد حداد", "Mohamed Haddad"),  # across scripts
        ("Стефан Леман", "Stefan Lehmann"),
        ("Stefan Lehmann", "Peter Stefan Lehmann"),  # an extra given name
        ("Lin Chun-Chieh", "Lin Junjie"),  # Wade-Giles hyphenates what pinyin writes as one
        ("Wu Jiahao", "Wu Chia-Hao"),
    ],
)
def test_variants_of_one_name_pass(a: str, b: str) -> None:
    assert bound(a, b) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ana Santos", "Ana Petrovic"),
        ("Ksenia Chernova", "Wang Xin"),
        ("Nur al-Din Bouzid", "Omar Noureddine Benyoucef"),
    ],
)
def test_a_part_without_counterpart_fails(a: str, b: str) -> None:
    assert bound(a, b) < 0.5


def test_bound_is_never_below_what_alignment_finds() -> None:
    # Alignment pairs parts one to one, so no aligned pair can beat the bound of its part.
    for a, b in [("Youssef Karim Haddad", "Yusuf Haddad"), ("Li Huan", "Lee Hua"),
                 ("Abd al-Hamid Ismaili", "Abdelhamid El Ismaili"),
                 ("Lin Chun-Chieh", "Lin Junjie")]:  # fmt: skip
        ta, tb = analyse(a).core, analyse(b).core
        found = align(ta, tb)
        short_unmatched = found.a_unmatched if len(ta) <= len(tb) else found.b_unmatched
        assert found.pairs and not short_unmatched
        assert min(p.sim for p in found.pairs) <= bound(a, b) + 1e-9


PAIRS = [
    ("Omar Hassan", "Hassan Omar"),
    ("Abdulrahman Haddad", "Abdul Rahman Haddad"),
    ("Ben Ali Driss", "Benali Driss"),
    ("Karim Abdalla Haddad", "Karim Abdallah Haddad"),
    ("محمد حداد", "Mohamed Haddad"),
    ("Ana Santos", "Ana Petrovic"),
    ("Ksenia Chernova", "Wang Xin"),
    ("Nur al-Din Bouzid", "Omar Noureddine Benyoucef"),
    ("Seyed Reza Karimi Tabrizi", "Seyedreza Hosseini Karimitabrizi"),
    ("Li Hui", "Lee Hua"),
    ("Lin Chun-Chieh", "Lin Junjie"),
    ("Wu Jiahao", "Wu Chia-Hao"),
]


@pytest.mark.parametrize("gate", [0.45, 0.55, 0.7, 0.9])
def test_the_early_answer_agrees_with_the_exact_bound(gate: float) -> None:
    # With ``enough``, the bound stops at the first part that settles the question; the
    # answer to "does it reach the gate?" must be the exact bound's.
    for a, b in PAIRS:
        exact = bound(a, b)
        early = coverage_bound(analyse(a), analyse(b), gate)
        assert (early >= gate) == (exact >= gate), (a, b)
