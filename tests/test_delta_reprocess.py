"""Reprocessing: after a word-list change the stored articles are analysed again, their
derived rows replaced (no old row remains), and every row names the new extractor_version.
``--stale`` picks only what an older extractor made; ``backfill --redo`` really redoes.
Real model, real Prefect (test harness), real Delta tables."""

from __future__ import annotations

import shutil

import pytest
from deltalake import DeltaTable

from tests.test_resilience import article, corpus

pytestmark = pytest.mark.slow


def facts(root):
    return DeltaTable(str(root / "facts")).to_pyarrow_table(
        columns=["fact_id", "article_id", "category", "value", "extractor_version"]).to_pylist()


def new_word_lists(tmp_path, monkeypatch):
    """The word lists edited: 'killed' and its forms now count as casualties. The rule files
    the version hashes are copied and the edit written there too, so the version changes."""
    import newsfacts.extractor as extractor
    from newsfacts.facts.lexicon import HARM_WORDS

    package = tmp_path / "package"
    for name in extractor.RULE_SOURCES:
        src = extractor.PACKAGE / name
        if src.is_dir():
            shutil.copytree(src, package / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            (package / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, package / name)
    changed = {w: "casualties" for w, cat in HARM_WORDS.items() if cat == "killed"}
    with (package / "facts" / "lexicon.py").open("a") as fh:
        fh.write(f"\nHARM_WORDS.update({changed!r})\n")
    for word, cat in changed.items():
        monkeypatch.setitem(HARM_WORDS, word, cat)
    monkeypatch.setattr(extractor, "PACKAGE", package)
    extractor.extractor_version.cache_clear()


def test_reprocess_after_a_word_list_change_replaces_every_derived_row(tmp_path, monkeypatch, prefect_harness):
    import newsfacts.extractor as extractor
    from flows.reprocess import reprocess
    from flows.run import run_ingest

    inputs, root = tmp_path / "in", tmp_path / "wh"
    corpus(inputs, 0, 8)
    first = run_ingest([str(inputs)], warehouse=str(root), progress=False, batch_size=4)
    assert first["articles_written"] == 8
    old_version = extractor.extractor_version()
    before = facts(root)
    assert {f["extractor_version"] for f in before} == {old_version}
    assert any(f["category"] == "killed" for f in before), "the corpus states deaths"
    sentences_before = DeltaTable(str(root / "sentences")).to_pyarrow_table().num_rows

    try:
        new_word_lists(tmp_path, monkeypatch)
        new_version = extractor.extractor_version()
        assert new_version != old_version
        summary = reprocess(warehouse=str(root), stale=True, batch_size=4)
        assert (summary["records_read"], summary["articles_written"], summary["status"]) == (8, 8, "completed")
        assert summary["extractor_version"] == new_version
        after = facts(root)
        assert {f["extractor_version"] for f in after} == {new_version}, "no row of the old extractor remains"
        assert not any(f["category"] == "killed" for f in after)
        assert sorted(f["value"] for f in after if f["category"] == "casualties") >= sorted(
            f["value"] for f in before if f["category"] == "killed")
        assert len({f["fact_id"] for f in after}) == len(after), "old and new rows never both"
        sentences = DeltaTable(str(root / "sentences")).to_pyarrow_table()
        assert sentences.num_rows == sentences_before
        assert set(sentences.column("extractor_version").to_pylist()) == {new_version}

        again = reprocess(warehouse=str(root), stale=True)
        assert again["records_read"] == 0, "nothing is stale any more"
    finally:
        extractor.extractor_version.cache_clear()


def test_backfill_redo_reprocesses_published_articles(tmp_path, prefect_harness):
    from flows.backfill import run_backfill

    inputs, root = tmp_path / "in", tmp_path / "wh"
    corpus(inputs, 0, 4)
    (inputs / "extra.txt").write_text(article(9))
    first = run_backfill([str(inputs)], warehouse=str(root), progress=False, batch_size=4)
    assert (first["ran"], first["articles_written"]) == (1, 5)
    plain = run_backfill([str(inputs)], warehouse=str(root), progress=False, batch_size=4)
    assert (plain["ran"], plain["complete_before"]) == (0, 1)
    redo = run_backfill([str(inputs)], warehouse=str(root), progress=False, batch_size=4, redo=True)
    assert (redo["ran"], redo["articles_written"], redo["duplicates_skipped"]) == (1, 5, 0)
    ids = DeltaTable(str(root / "articles")).to_pyarrow_table(columns=["article_id"]).column(0).to_pylist()
    assert len(ids) == len(set(ids)) == 5
