"""The throughput benchmark runs end to end on a tiny BBC sample and prints every figure.

A smoke test of the command, not a timed test: the figures themselves are not asserted.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from newsfacts import bench
from tests.conftest import shared_path


def test_sample_is_sorted_by_category_then_file_name():
    shared_path("corpora", "bbc")
    paths = bench.sample_paths(3)
    assert [f"{p.parent.name}/{p.name}" for p in paths] == ["business/001.txt", "business/002.txt", "business/003.txt"]


@pytest.mark.slow
def test_benchmark_prints_throughput_rerun_and_startup_figures(prefect_harness, tmp_path):
    shared_path("corpora", "bbc")
    markdown = tmp_path / "bench.md"

    result = CliRunner().invoke(
        bench.main, ["--n", "2", "--n", "3", "--skip-memory", "--markdown", str(markdown), "--workdir", str(tmp_path / "w")]
    )

    assert result.exit_code == 0, result.output
    out = result.stdout
    for field in ("wps a (spaCy alone)", "wps b (newsfacts flow)", "ratio b/a", "incremental ratio",
                  "load newsfacts model", "GX runtime", "startup total", "fixed cost per flow run", "load average"):
        assert field in out, field
    assert re.search(r"N=3: [\d,]+ words in [\d,]+ texts; written 3, quarantined 0", out)
    assert "rerun" in out and "3 skipped" in out
    assert re.search(r"slope N=2\.\.3: (wps a [\d,]+, wps b [\d,]+, ratio [\d.]+|not measurable)", out)
    table = markdown.read_text()
    assert "| N | words | spaCy alone (s) | wps a | flow (s) | wps b | ratio b/a |" in table
    assert re.search(r"^\| 3 \| [\d,]+ \|", table, re.M)
    # whole processes (default: the largest --n up to 500), with and without a running server
    assert "whole processes (wall clock from start to exit, as a user pays), N=3" in out
    assert re.search(r"newsfacts, running server +[\d.]+ s +ratio [\d.]+ +\(summary: local\)", out)
    assert re.search(r"newsfacts, no server +[\d.]+ s +ratio [\d.]+ +\(summary: ephemeral\)", out)
    assert "| newsfacts backfill, running local server |" in table


def test_whole_process_figures_render_with_their_ratios():
    report = bench.Report(machine={"nproc": 2, "cpu": "x", "ram_gib": 1.0, "python": "3.11"}, load_before=(0, 0, 0))
    report.processes = bench.Processes(n=500, words=166_000, spacy_process=50.0, with_server=55.0, without_server=62.5,
                                       with_server_1=6.0, without_server_1=14.0, server_start=20.0,
                                       servers_seen=("local", "ephemeral"))
    text = bench.render_text(report)
    assert "spaCy alone, one process       50.00 s" in text
    assert "newsfacts, running server      55.00 s   ratio 0.91   (summary: local)" in text
    assert "newsfacts, no server           62.50 s   ratio 0.80   (summary: ephemeral)" in text
    assert "| newsfacts backfill, no server (ephemeral) | 62.50 | 0.80 |" in bench.render_markdown(report)


def test_same_mix_sample_repeats_articles_as_new_ones(tmp_path):
    """``--same-mix``: the first M articles cycled to N, each repeat a new article (new id)."""
    from newsfacts.accounting import dedupe
    from newsfacts.plan import plan_chunks
    from tasks.steps import read_clean

    src = tmp_path / "bbc" / "business"
    src.mkdir(parents=True)
    for i in (1, 2):
        (src / f"00{i}.txt").write_text(f"Title {i}\n\nBody of article {i}.\n", encoding="utf-8")
    folder = bench.write_repeated_sample(sorted(src.glob("*.txt")), 5, tmp_path / "mix")

    assert sorted(p.name for p in folder.iterdir()) == [
        "copy01-business-001.txt", "copy01-business-002.txt", "copy02-business-001.txt", "copy02-business-002.txt",
        "copy03-business-001.txt",
    ]
    assert (folder / "copy03-business-001.txt").read_text(encoding="utf-8") == "Title 1 (copy 3)\n\nBody of article 1.\n"
    articles = [a for c in plan_chunks([str(folder)]) for a in read_clean.fn(c).articles]
    new, dups = dedupe(articles, set())
    assert (len(new), len(dups)) == (5, 0)
    # read copy-major: the whole first pass, then the repeats (same mix in every chunk)
    assert [a.title for a in new] == ["Title 1", "Title 2", "Title 1 (copy 2)", "Title 2 (copy 2)", "Title 1 (copy 3)"]


def test_sizes_beyond_the_corpus_are_only_for_repeated_memory_runs(tmp_path):
    shared_path("corpora", "bbc")
    assert bench.corpus_size() == 2225
    result = CliRunner().invoke(bench.main, ["--n", "500", "--n", "9000", "--skip-memory", "--workdir", str(tmp_path)])
    assert result.exit_code == 2
    assert "the BBC corpus has 2,225 articles: --n 9000 works only for peak memory over repeated articles" in result.output
