"""Which Spark settings the runner chooses itself, and when it leaves them to the user."""

from __future__ import annotations

from pathlib import Path

import pytest

from passerelle.engine.spark import (
    LOCAL_HEAP_FLOOR_MB,
    _driver_memory_chosen,
    local_heap_mb,
)


@pytest.fixture
def no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("PYSPARK_SUBMIT_ARGS", raising=False)
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    return tmp_path


def test_a_local_heap_grows_with_the_batches_it_holds() -> None:
    assert local_heap_mb(0) == LOCAL_HEAP_FLOOR_MB
    assert local_heap_mb(8 * 2**20) == LOCAL_HEAP_FLOOR_MB  # 8 batches of 5,000 travellers
    assert local_heap_mb(200 * 2**20) == 384 + 800  # 8 batches of 100,000


def test_the_driver_memory_is_left_alone_when_the_user_chose_it(
    no_user_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not _driver_memory_chosen({})
    assert _driver_memory_chosen({"spark.driver.memory": "2g"})
    (no_user_settings / "spark-defaults.conf").write_text(
        "# site settings\nspark.executor.memory 4g\n", encoding="utf-8"
    )
    assert not _driver_memory_chosen({})
    (no_user_settings / "spark-defaults.conf").write_text(
        "spark.driver.memory   3g\n", encoding="utf-8"
    )
    assert _driver_memory_chosen({})
    (no_user_settings / "spark-defaults.conf").unlink()
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--driver-memory 6g pyspark-shell")
    assert _driver_memory_chosen({})
