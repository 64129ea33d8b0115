"""The EM transliteration model on a toy alphabet (no real data needed)."""

from __future__ import annotations

from pathlib import Path

from passerelle.matching.learned import load_models, save_models, train_char_model

# A toy "script" whose letters are Cyrillic, romanised with a consistent convention.
PAIRS = [
    ("кара", "kara"), ("мира", "mira"), ("рами", "rami"), ("кими", "kimi"), ("мака", "maka"),
    ("рика", "rika"), ("амир", "amir"), ("икар", "ikar"), ("марк", "mark"), ("крим", "krim"),
    ("карим", "karim"), ("мирка", "mirka"), ("рамка", "ramka"), ("аким", "akim"),
]  # fmt: skip


def test_em_learns_the_convention() -> None:
    model = train_char_model(PAIRS * 3, "cyrillic", None, max_chunk=2, iterations=8)
    assert model.generate("кама", n=1) == ["kama"]
    good = model.loglik("рима", "rima")
    bad = model.loglik("рима", "lona")
    assert good > bad
    assert model.knows("мак") and not model.knows("жук")


def test_save_and_load(tmp_path: Path) -> None:
    model = train_char_model(PAIRS, "cyrillic", None, max_chunk=2, iterations=3)
    path = tmp_path / "t.json"
    save_models([model], path)
    loaded = load_models(path)["cyrillic"]
    assert loaded.generate("кара") == model.generate("кара")
    assert load_models(tmp_path / "absent.json") == {}
