"""The parse helper (a child process running spaCy's statistical components for an in-process
run): the same tables as parsing in one process, and a helper that dies costs no chunk."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsfacts import parsehelper
from newsfacts.analyse import analyse_articles
from newsfacts.records import CleanArticle

pytestmark = pytest.mark.slow

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "astana-talks.txt").read_text(encoding="utf-8")
ARTICLES = [
    CleanArticle(article_id="seed", doc_id="seed", source_path="seeds/astana-talks.txt", title="Astana talks",
                 text=SEED, published_at=datetime(2017, 1, 23, tzinfo=timezone.utc)),
    CleanArticle(article_id="a1", doc_id="d1", source_path="in.jsonl", title="12 DEAD IN BUS CRASH",
                 text="BEIRUT: Twelve people were killed in Aleppo on Monday.\nThe army said 40 were wounded "
                      "and about 300 families fled since March, officials in Idlib didn't confirm.",
                 dateline="BEIRUT", published_at=datetime(2016, 11, 30, 8, tzinfo=timezone.utc)),
    CleanArticle(article_id="a2", doc_id="d2", source_path="in.jsonl", title="",
                 text="Shares of Acme Corp. rose 4.5% to $12.30 last Friday, two years after the 1990s slump.",
                 published_at=None),
]


def _rows(tables):
    return {name: table.to_pylist() for name, table in tables.items()}


@pytest.fixture(scope="module")
def in_one_process(nlp):
    assert parsehelper.current() is None
    return _rows(analyse_articles(nlp, ARTICLES, run_id="r1"))


def test_tables_through_the_helper_equal_one_process(nlp, in_one_process):
    with parsehelper.parse_helper(enabled=True) as helper:
        assert helper is not None and parsehelper.current() is helper
        child = helper.pid()
        assert child != os.getpid()
        through_helper = _rows(analyse_articles(nlp, ARTICLES, run_id="r1"))
        assert helper.broken is None
    assert parsehelper.current() is None
    assert through_helper["facts"], "the fixture must produce facts"
    assert through_helper["timexes"] and through_helper["entities"]
    for name in in_one_process:
        assert through_helper[name] == in_one_process[name], name
    with parsehelper.parse_helper(enabled=True) as again:  # kept for the process's next run, like the model
        assert again is helper and again.pid() == child
    parsehelper.shutdown()
    with pytest.raises(ProcessLookupError):  # shut down: no child left behind
        for _ in range(50):
            os.kill(child, 0)
            time.sleep(0.1)


def test_a_helper_killed_mid_run_costs_no_chunk(nlp, in_one_process, caplog):
    with parsehelper.parse_helper(enabled=True) as helper:
        os.kill(helper.pid(), signal.SIGKILL)
        tables = _rows(analyse_articles(nlp, ARTICLES, run_id="r1"))
        assert helper.broken and "HelperGone" in helper.broken
        again = _rows(analyse_articles(nlp, ARTICLES, run_id="r1"))  # later chunks: straight to this process
    assert tables == in_one_process and again == in_one_process
    assert "parse helper process stopped" in caplog.text and caplog.text.count("parse helper process stopped") == 1
    with parsehelper.parse_helper(enabled=True) as fresh:  # the next run starts a new one
        assert fresh is not helper and fresh.pid() != os.getpid() and not fresh.broken
    parsehelper.shutdown()


@pytest.mark.parametrize(("env", "expected"), [("0", False), ("1", True)])
def test_the_environment_turns_the_helper_off_or_on(monkeypatch, env, expected):
    monkeypatch.setenv("NEWSFACTS_PARSE_PROCESS", env)
    assert parsehelper.wanted() is expected
    with parsehelper.parse_helper() as helper:
        assert (helper is not None) is expected
    parsehelper.shutdown()


def test_a_helper_started_ahead_of_the_run_is_the_one_the_run_uses(monkeypatch):
    monkeypatch.setenv("NEWSFACTS_PARSE_PROCESS", "1")
    early = parsehelper.prestart()
    assert early is not None and parsehelper.prestart() is early  # once
    with parsehelper.parse_helper() as helper:
        assert helper is early and helper.pid() > 0
    parsehelper.shutdown()
    assert early.closed
    monkeypatch.setenv("NEWSFACTS_PARSE_PROCESS", "0")
    assert parsehelper.prestart() is None


def test_a_text_the_helper_cannot_parse_is_reported_and_the_helper_carries_on(nlp):
    too_long = "word " * (nlp.max_length // 5 + 10)  # spaCy refuses texts over nlp.max_length (E088)
    with parsehelper.parse_helper(enabled=True) as helper:
        with pytest.raises(parsehelper.HelperFailed, match="E088"):
            list(helper.stream(nlp, ["A first short text.", too_long], 16))
        docs = list(helper.stream(nlp, ["Ten people were killed in Aleppo.", "Second text."], 16))
        assert [d.text for d in docs] == ["Ten people were killed in Aleppo.", "Second text."]
        assert [e.text for e in docs[0].ents] == ["Ten", "Aleppo"] and helper.broken is None
    parsehelper.shutdown()


def test_two_threads_streaming_big_chunks_at_once_do_not_deadlock(nlp):
    """The second request blocks on the child's full stdin pipe until the child has answered the
    first in full; the answers must keep flowing meanwhile (they did not: 2026-12-01, a hung bench)."""
    import fcntl

    import random

    rng = random.Random(7)  # varied texts: the answers must not compress to nothing
    words = "people were killed in Aleppo Homs on Monday officials said army troops fled the city".split()
    chunk = [" ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(120)) + "." for _ in range(64)]
    with parsehelper.parse_helper(enabled=True) as helper:
        helper.pid()
        for pipe in (helper._proc.stdin, helper._proc.stdout):  # pipes of one page: a big run's chunks in small
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 4096)
        counts: list[int] = []
        threads = [threading.Thread(target=lambda: counts.append(sum(1 for _ in helper.stream(nlp, chunk, 16))),
                                    daemon=True) for _ in range(2)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 45  # both together take a few seconds
        for t in threads:
            t.join(timeout=max(deadline - time.monotonic(), 0.1))
        hung = any(t.is_alive() for t in threads)
    if hung:
        helper._proc.kill()  # frees the stuck threads
    parsehelper.shutdown()
    assert not hung, "two requests at once deadlocked"
    assert counts == [64, 64]
