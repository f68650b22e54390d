"""Options from the environment and the configuration file (issue 17): flag > NEWSFACTS_*
variable > newsfacts.toml / [tool.newsfacts] in pyproject.toml > default. Checked through a
usage error that echoes the value each source gave, so nothing runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsfacts.cli import main
from newsfacts.config import default_map, env_name, find_config, load_config


@pytest.fixture()
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("NEWSFACTS_WORKERS", "NEWSFACTS_BATCH_SIZE", "NEWSFACTS_WAREHOUSE"):
        monkeypatch.delenv(key, raising=False)
    (tmp_path / "in.txt").write_text("Ten people died.")
    return tmp_path


def workers_error(*args, env=None) -> str:
    result = CliRunner().invoke(main, ["backfill", "in.txt", *args], env=env)
    assert result.exit_code == 2, result.output
    return result.output


def test_the_configuration_file_gives_a_default(here):
    (here / "newsfacts.toml").write_text("workers = -7\n")
    assert "(got -7)" in workers_error()


def test_pyproject_tool_newsfacts_table_and_dashed_keys(here):
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.newsfacts]\nbatch-size = -4\n')
    assert "--batch-size must be a whole number of at least 1 (got -4)" in workers_error()


def test_a_command_table_beats_the_top_level(here):
    (here / "newsfacts.toml").write_text("workers = -1\n\n[backfill]\nworkers = -2\n")
    assert "(got -2)" in workers_error()


def test_the_environment_beats_the_file_and_the_flag_beats_both(here):
    (here / "newsfacts.toml").write_text("workers = -1\n")
    assert "(got -5)" in workers_error(env={"NEWSFACTS_WORKERS": "-5"})
    assert "(got -6)" in workers_error("--workers", "-6", env={"NEWSFACTS_WORKERS": "-5"})


def test_a_misspelt_key_is_an_error_not_silently_ignored(here):
    (here / "newsfacts.toml").write_text("wokers = 2\n")
    assert "configuration key 'wokers' is not an option of any command" in workers_error()


def test_the_file_is_found_from_a_sub_folder(here):
    (here / "newsfacts.toml").write_text('warehouse = "/data/wh"\n')
    (here / "sub").mkdir()
    assert find_config(here / "sub") == here / "newsfacts.toml"
    assert load_config(find_config(here / "sub")) == {"warehouse": "/data/wh"}


def test_a_pyproject_without_the_table_is_not_a_configuration(here):
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(here) is None or find_config(here).parent != here


def test_names():
    assert env_name("batch_size") == "NEWSFACTS_BATCH_SIZE"
    assert default_map({}, {}) == {}
