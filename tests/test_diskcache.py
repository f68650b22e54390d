"""Builds kept on disk between processes (the gazetteers): built once, loaded after, rebuilt
when the file is damaged, never written when turned off."""

from __future__ import annotations

import subprocess
import sys

from newsfacts import diskcache


def test_a_build_is_kept_and_loaded_instead_of_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"aleppo": [(1, "SY")]}

    first = diskcache.cached("demo", __name__, ("1.0",), build)
    again = diskcache.cached("demo", __name__, ("1.0",), build)
    assert first == again == {"aleppo": [(1, "SY")]} and len(calls) == 1
    diskcache.cached("demo", __name__, ("2.0",), build)  # other data version: built afresh
    assert len(calls) == 2 and len(list(tmp_path.glob("demo-*.pickle"))) == 2


def test_a_damaged_file_is_rebuilt_and_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    path = diskcache.cache_path("demo", __name__, ("1.0",))
    path.write_bytes(b"not a pickle")
    assert diskcache.cached("demo", __name__, ("1.0",), lambda: 42) == 42
    assert diskcache.cached("demo", __name__, ("1.0",), lambda: 0) == 42  # the rebuilt value was kept
    monkeypatch.setenv("NEWSFACTS_CACHE", "off")
    assert diskcache.cache_path("demo", __name__, ("1.0",)) is None
    assert diskcache.cached("demo", __name__, ("1.0",), lambda: 7) == 7


def test_the_place_index_from_the_cache_equals_a_fresh_build(tmp_path):
    """In two fresh processes: the first builds and keeps it, the second loads it; same index."""
    code = ("import pickle,sys; from newsfacts.places import place_index; "
            "pi = place_index(); sys.stdout.buffer.write(pickle.dumps((sorted(pi.by_key.items()), sorted(pi.countries.items()))))")
    env = {"NEWSFACTS_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    built = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
    assert list(tmp_path.glob("place-index-*.pickle"))
    loaded = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True).stdout
    assert built == loaded
