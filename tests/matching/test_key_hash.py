"""Blocking keys hashed to 64 bits (``blocking.key_hash``): two keys that hash alike file
their records together, so a query for one gets the other's records."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import zlib

from passerelle.matching.blocking import key_hash


def test_keys_of_one_length_that_a_crc_confuses_are_told_apart() -> None:
    # A traveller's document key and a listed name's joined key, both eleven characters,
    # share a CRC-32, and so shared the two CRC-32s the hash once was (a CRC is affine in
    # its seed): the listed person came in as if he held the traveller's document.
    document, joined = "d|916275674", "j|nvsntnsrg"
    assert zlib.crc32(document.encode()) == zlib.crc32(joined.encode())
    assert key_hash(document) != key_hash(joined)


def test_no_two_of_half_a_million_keys_share_a_hash() -> None:
    # Half a million distinct keys of one length hold some thirty pairs that share a
    # CRC-32; sixty-four bits hold none (the chance of one is about 1 in 140 million).
    rng = random.Random(7)
    letters = "bcdfghjklmnpqrstvwxz"
    keys = {"k|" + "".join(rng.choices(letters, k=9)) for _ in range(500_000)}
    crcs = {zlib.crc32(k.encode()) for k in keys}
    assert len(crcs) < len(keys)  # the CRC confuses some of them
    assert len({key_hash(k) for k in keys}) == len(keys)


def test_a_key_hashes_alike_in_another_process() -> None:
    # Snapshots, Spark executors and API processes must agree on every key: a hash salted
    # per process, as Python's own hash() of a string, would file and look up apart.
    code = "from passerelle.matching.blocking import key_hash; print(key_hash('t|karim'))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert int(out.stdout) == key_hash("t|karim")
