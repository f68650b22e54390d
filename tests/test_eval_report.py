"""The accuracy report: one table from every evaluation, missing modules as clear lines."""

from __future__ import annotations

import math

import pytest

from newsfacts.evaluation import Score
from newsfacts.evaluation import __main__ as cli
from newsfacts.evaluation import report


def test_format_table_aligns_columns():
    scores = [Score("ner", "raw (baseline)", 0.5, 0.25, 1 / 3, 4, 2), Score("ner", "ours", 1.0, 0.5, 2 / 3, 4, 2, "+0.333")]
    assert report.format_table(scores).splitlines() == [
        "task  system          P      R      F1     n gold  n pred  note",
        "ner   raw (baseline)  0.500  0.250  0.333  4       2",
        "ner   ours            1.000  0.500  0.667  4       2       +0.333",
    ]


def test_missing_module_becomes_an_unavailable_line(monkeypatch):
    monkeypatch.setitem(report.TASKS, "nosuch", "newsfacts.evaluation.does_not_exist")
    [score] = report.run_tasks(["nosuch"])
    assert (score.task, score.system, score.n_gold) == ("nosuch", "unavailable", 0)
    assert math.isnan(score.f1) and "does_not_exist" in score.note
    assert report.format_markdown([score]).splitlines()[-1].startswith("| nosuch | unavailable | - | - | - | 0 | 0 |")


def test_main_prints_and_writes_markdown(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "run_tasks", lambda names, limit: [Score(",".join(names), "x", 1.0, 1.0, 1.0, limit, 1)])
    out = tmp_path / "acc.md"
    assert cli.main(["--only", "conll,casualties", "--limit", "3", "--markdown", str(out)]) == 0
    assert "conll,casualties  x       1.000" in capsys.readouterr().out
    assert out.read_text().splitlines()[2] == "| conll,casualties | x | 1.000 | 1.000 | 1.000 | 3 | 1 |  |"


def test_unknown_task_is_refused():
    with pytest.raises(SystemExit):
        cli.parse_args(["--only", "conll,bogus"])
