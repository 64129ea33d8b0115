"""Bulk screening's PySpark daemon: workers forked from it find the models already loaded.

Spark runs the daemon in a process of its own (``python -m passerelle.services.bulk_spark``);
here ``main`` runs in a subprocess with PySpark's ``manager`` replaced by a probe, so the test
sees what a forked worker would inherit. The Spark contract test (tests/engine) screens through
this daemon and demands the local engine's hits.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from passerelle.services.bulk_spark import DAEMON_MODULE, spark_options

PROBE = """
import gc, json
import pyspark.daemon
from passerelle.matching.scorer import default_model
from passerelle.matching.translit import learned_models
import passerelle.services.bulk_spark as bulk_spark

def probe():
    print(json.dumps({
        "scorer": default_model.cache_info().currsize,
        "translit": learned_models.cache_info().currsize,
        "frozen": gc.get_freeze_count(),
    }))

pyspark.daemon.manager = probe
bulk_spark.main()
"""


def test_the_daemon_loads_and_freezes_the_models_before_it_serves() -> None:
    pytest.importorskip("pyspark")
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["scorer"] == 1 and seen["translit"] == 1
    # Out of the collector's walks, so no collection in a worker writes to those pages.
    assert seen["frozen"] > 100_000


def test_bulk_spark_runs_name_the_daemon_and_let_settings_override() -> None:
    options = spark_options(None)
    assert options["master"] == "local[2]"
    assert options["conf"]["spark.python.daemon.module"] == DAEMON_MODULE
    mine = spark_options("spark://h:7077", {"spark.python.daemon.module": "pyspark.daemon"})
    assert mine["master"] == "spark://h:7077"
    assert mine["conf"]["spark.python.daemon.module"] == "pyspark.daemon"
