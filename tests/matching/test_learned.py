"""The EM transliteration model on a toy alphabet (no real data needed), and the shipped
models replaced by newly trained ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from passerelle.matching import align, translit
from passerelle.matching.analysis import analyse
from passerelle.matching.learned import (
    PINYIN,
    REVERSE,
    RICH_LATIN,
    load_models,
    save_models,
    train_char_model,
    train_smoothed_model,
)
from passerelle.matching.training import train

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


# A toy Hangul romanisation, syllable by syllable. 몬 (ᄆ + ᅩ + ᆫ) never occurs in training:
# read as jamo, it is still spelled from what ᄆ, ᅩ and a final ᆫ do elsewhere.
SYLLABLES = {
    "가": "ga", "나": "na", "다": "da", "마": "ma", "고": "go", "노": "no", "도": "do",
    "모": "mo", "기": "gi", "니": "ni", "미": "mi", "간": "gan", "난": "nan", "곤": "gon",
    "돈": "don", "민": "min",
}  # fmt: skip
HANGUL_WORDS = [a + b for a in SYLLABLES for b in SYLLABLES if a != b and "몬" not in a + b][:160]


def test_hangul_model_reads_jamo() -> None:
    pairs = [(w, "".join(SYLLABLES[s] for s in w)) for w in HANGUL_WORDS]
    model = train_smoothed_model(pairs, "hangul", max_chunk=3, iterations=6, prune_share=0)
    assert model.generate("몬다", n=1) == ["monda"]
    assert model.loglik("몬다", "monda") > model.loglik("몬다", "moda") + 0.5
    assert model.knows("몬다")


# A toy Chinese rendering of made-up foreign words: each character is one syllable, and a
# character with a vowel-less reading in the Latin word (尔 → r) is still never silent.
HAN = {"卡": "ka", "马": "ma", "里": "ri", "诺": "no", "托": "to", "娜": "na", "尔": "r"}
HAN_WORDS = ["卡尔", "马尔", "托尔", "卡马", "马里", "里诺", "托马", "娜里", "诺娜", "卡里诺"]
HAN_WORDS += ["马里诺", "托里", "娜尔", "卡诺", "诺马尔", "里卡尔", "马娜", "托娜", "卡托"]


def test_han_model_backs_off_to_the_reading() -> None:
    pairs = [(w, "".join(HAN[c] for c in w)) for w in HAN_WORDS] * 3
    model = train_smoothed_model(pairs, "han", max_chunk=3, min_chunk=1, beta=2.0)
    assert model.generate("卡尔", n=1) == ["kar"]
    # 尔 is never silent: the truncated spelling is far less likely than the whole one.
    assert model.loglik("卡尔", "kar") > model.loglik("卡尔", "ka") + 1.0
    # 爾 (the traditional form of 尔) never occurs in training; it shares 尔's reading, er.
    assert model.knows("卡爾")
    assert model.generate("卡爾", n=1) == ["kar"]
    assert model.loglik("卡爾", "kar") > model.loglik("卡爾", "ka") + 1.0


def test_smoothed_model_round_trips(tmp_path: Path) -> None:
    pairs = [(w, "".join(HAN[c] for c in w)) for w in HAN_WORDS]
    model = train_smoothed_model(pairs, "han", max_chunk=3, min_chunk=1, iterations=3)
    path = tmp_path / "t.json"
    save_models([model], path)
    loaded = load_models(path)["han"]
    assert loaded.counts and loaded.beta == model.beta
    assert loaded.loglik("马里诺", "marino") == model.loglik("马里诺", "marino")
    assert loaded.generate("马里诺") == model.generate("马里诺")


def test_smoothed_reverse_model_reads_latin_in_context() -> None:
    # Latin → Han: each Latin letter, read with its neighbours, writes pinyin letters of the
    # characters (卡尔 is written ``kaer``), so that a character never seen in training is
    # judged by its reading.
    pairs = [("".join(HAN[c] for c in w), w) for w in HAN_WORDS] * 3
    model = train_smoothed_model(pairs, REVERSE + "han", max_chunk=4)
    assert model.source == RICH_LATIN
    assert model.target == PINYIN
    assert model.knows("kar")
    assert model.loglik("kar", "卡尔") > model.loglik("kar", "卡") + 0.5
    assert model.loglik("marino", "马里诺") > model.loglik("marino", "马诺") + 0.5
    # 爾 (traditional 尔) and 瑪 (a rarer ma) never occur in training: same readings, same score.
    assert model.loglik("kar", "卡爾") == model.loglik("kar", "卡尔")
    assert model.loglik("mar", "瑪尔") == model.loglik("mar", "马尔")


def test_names_are_judged_by_the_models_training_has_just_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Training writes new transliteration models, then scores its pairs in the same process:
    a likelihood cached from the models it replaced must not outlive them."""

    def loglik() -> align.LogLik:
        native, latin = analyse("محمد").tokens[0], analyse("Mohamed").tokens[0]
        return align.translit_loglik(native, latin)

    assert loglik() is not None  # the shipped Arabic model reads محمد as Mohamed
    payload = json.loads(translit.TRANSLIT_ARTEFACT.read_text("utf-8"))
    without_arabic = {k: v for k, v in payload.items() if "arabic" not in k}
    written = tmp_path / "translit.json"
    written.write_text(json.dumps(without_arabic), "utf-8")
    monkeypatch.setattr(translit, "TRANSLIT_ARTEFACT", written)
    train.reset_caches()
    try:
        assert loglik() is None  # no Arabic model now: nothing to judge the pair by
    finally:
        monkeypatch.undo()
        train.reset_caches()
    assert loglik() is not None
