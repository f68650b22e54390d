"""The suites in expectations/ are generated from newsfacts/schema.py and cannot drift."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsfacts.quality import generate, stale_suites
from newsfacts.quality.suites import (
    SCHEMA_EXPECTATION,
    SuiteError,
    expectations_dir,
    load_suite_dicts,
    render,
    to_gx_suite,
)
from newsfacts.schema import FACTS

ROOT_EXPECTATIONS = expectations_dir()


def test_committed_suites_equal_what_the_generator_produces():
    for name, suite in generate().items():
        committed = (ROOT_EXPECTATIONS / f"{name}.json").read_text(encoding="utf-8")
        assert committed == render(suite), f"expectations/{name}.json is stale: run python -m newsfacts.quality generate"
    assert sorted(p.stem for p in ROOT_EXPECTATIONS.glob("*.json")) == sorted(generate())


def test_the_facts_suite_follows_the_schema():
    suite = generate()["facts"]
    first, schema = suite["expectations"][:2]
    assert first["type"] == "expect_table_columns_to_match_ordered_list"
    assert first["kwargs"]["column_list"] == FACTS.columns + [
        "has_article", "source_len", "slice_matches", "in_sentence", "death_toll", "links_resolve",
    ]
    assert schema["type"] == SCHEMA_EXPECTATION
    assert schema["kwargs"]["required"] == FACTS.required()
    assert schema["kwargs"]["column_types"]["value"] == "float64"
    assert schema["kwargs"]["column_types"]["start_char"] == "Int32"
    assert schema["kwargs"]["column_types"]["cumulative"] == "boolean"
    severities = {(e["type"], e["kwargs"].get("column")): e["meta"]["severity"] for e in suite["expectations"]}
    assert severities[("expect_column_values_to_be_between", "death_toll")] == "warning"
    assert severities[("expect_column_values_to_be_in_set", "slice_matches")] == "critical"
    assert all(e["meta"]["severity"] == e["severity"] for e in suite["expectations"])


def test_every_committed_suite_loads_into_great_expectations():
    for name, data in load_suite_dicts(ROOT_EXPECTATIONS).items():
        suite = to_gx_suite(data)
        assert suite.name == name
        assert len(suite.expectations) == len(data["expectations"])


def test_generate_command_writes_and_checks(tmp_path):
    cmd = [sys.executable, "-m", "newsfacts.quality", "generate", "--out", str(tmp_path)]
    assert subprocess.run(cmd + ["--check"], capture_output=True).returncode == 1  # nothing there yet
    subprocess.run(cmd, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "articles.json", "entities.json", "facts.json", "incident_claims.json", "incidents.json", "quarantine.json",
        "sentences.json", "timexes.json",
    ]
    assert subprocess.run(cmd + ["--check"], capture_output=True).returncode == 0
    (tmp_path / "facts.json").write_text("{}\n")
    done = subprocess.run(cmd + ["--check"], capture_output=True, text=True)
    assert done.returncode == 1 and "facts" in done.stderr


def test_env_override_and_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_EXPECTATIONS", str(tmp_path))
    assert expectations_dir() == tmp_path
    assert stale_suites() == ["articles", "sentences", "entities", "facts", "timexes", "quarantine",
                              "incidents", "incident_claims"]
    with pytest.raises(SuiteError, match="no expectation suites"):
        load_suite_dicts()


def test_suite_files_are_plain_json_reviewable_as_code():
    data = json.loads((ROOT_EXPECTATIONS / "articles.json").read_text(encoding="utf-8"))
    regexes = [e["kwargs"]["regex"] for e in data["expectations"] if e["type"] == "expect_column_values_to_not_match_regex"]
    assert regexes == ["©|(?i:all rights reserved)", "©|(?i:all rights reserved)"]


def test_importing_the_package_does_not_import_great_expectations():
    code = "import sys, newsfacts.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
