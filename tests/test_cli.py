"""The `otklik` command: version, data dir, token, status."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from companion import __version__
from companion.cli import cli


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_token_is_stable_then_rotates(runner, tmp_path):
    base = tmp_path / "d"
    first = runner.invoke(cli, ["--data-dir", str(base), "token"]).output.strip()
    again = runner.invoke(cli, ["--data-dir", str(base), "token"]).output.strip()
    assert first == again and len(first) >= 24
    rotated = runner.invoke(cli, ["--data-dir", str(base), "token", "--rotate"])
    assert rotated.exit_code == 0
    assert rotated.stdout.strip() != first
    assert stat.S_IMODE(os.stat(base / "token").st_mode) == 0o600


def test_data_dir_from_environment(runner, data_dir):
    result = runner.invoke(cli, ["status", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["data_dir"] == str(data_dir.resolve())
    assert info["database"].endswith("otklik.db")
    assert info["running"] is False
    assert {"tone", "persona"} <= set(info["models"])


def test_status_sees_a_running_companion(runner, live_server):
    result = runner.invoke(cli, ["--data-dir", str(live_server.data_dir), "status"])
    assert result.exit_code == 0
    assert f"running on http://127.0.0.1:{live_server.port}" in result.output
    assert str(live_server.data_dir) in result.output


def test_a_data_dir_that_cannot_be_made_is_one_line(runner, tmp_path):
    """A data dir under a file (or without permission) is named in one line, no
    traceback, by every command that makes it."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    comments = tmp_path / "c.jsonl"
    comments.write_text('{"id": "1", "text": "Спасибо"}\n', encoding="utf-8")
    for args in (["token"], ["classify", "--input", str(comments)],
                 ["check", "--input", str(comments)], ["templates", "list"]):
        result = runner.invoke(cli, ["--data-dir", str(blocker / "sub"), *args])
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert f"data dir {blocker / 'sub'}: cannot create it" in result.output, args


README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_row(command: str) -> str:
    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `otklik {command} ")]
    assert len(rows) == 1, rows
    return rows[0]


def test_readme_command_table_names_every_option_of_train_and_classify():
    """`train --base` decides the license of the team's model, and `classify --lang`
    the language of its hints: the README's table is where a newcomer looks for them."""
    from companion.commands.classify import classify
    from companion.commands.train import train

    for command in (train, classify):
        row = _readme_row(command.name)
        for param in command.params:
            for opt in param.opts:
                if opt != "--data-dir":  # common to every command, explained once
                    assert opt in row, (command.name, opt)


def test_readme_licenses_says_the_way_out_once():
    from model.artifacts import RETRAIN_ADVICE

    text = README.read_text(encoding="utf-8")
    licenses = text[text.index("## Licenses"):].split("\n## ")[0]
    assert licenses.count("For commercial use, train your own with") == 1
    assert "\nfrom it." not in licenses
    assert "--base none" in licenses and "--base none" in RETRAIN_ADVICE


def test_serve_log_leaves_out_pymorphy3s_lines():
    """pymorphy3 logs two INFO lines when its dictionary loads (the first reply page
    loads it lazily); the serve window shows otklik's lines without them."""
    import subprocess
    import sys

    code = (
        "import logging\n"
        "from companion.cli import configure_logging\n"
        "configure_logging()\n"
        "from model import lemmas\n"
        "lemmas.analyzer()\n"
        "logging.getLogger('otklik').info('still here')\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "otklik: still here" in done.stderr
    assert "pymorphy3" not in done.stderr and "Loading dictionaries" not in done.stderr


# -- an output that fills up -----------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("command", [["classify"], ["check"], ["templates", "export"]])
def test_a_full_output_is_named_not_the_database(runner, tmp_path, command) -> None:
    # The one-line fault named the data dir's otklik.db, which had room to spare.
    says = "Error: Cannot use /dev/full: No space left on device"
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "Спасибо, всё заработало"}\n', encoding="utf-8")
    args = [*command, "--output", "/dev/full"]
    if command[0] != "templates":
        args += ["--input", str(src)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith(says), result.output
    assert "otklik.db" not in result.output and "data dir" not in result.output
    assert Path("/dev/full").is_char_device()  # written to, never replaced by a file


@pytest.mark.parametrize(("name", "says"), [
    ("token", "`otklik token --rotate` writes a new one"),
    ("secret", "delete it and a new one is made"),
])
def test_a_damaged_token_or_secret_is_one_line(runner, tmp_path, name, says) -> None:
    from companion import config

    base = tmp_path / "d"
    assert runner.invoke(cli, ["--data-dir", str(base), "token"]).exit_code == 0
    assert runner.invoke(cli, ["--data-dir", str(base), "status"]).exit_code == 0
    path = base / {"token": config.TOKEN_NAME, "secret": config.SECRET_NAME}[name]
    path.write_bytes(b"\xff\xfe\x00garbage")
    command = ["token"] if name == "token" else ["status"]
    result = runner.invoke(cli, ["--data-dir", str(base), *command])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(
        result.exception, UnicodeDecodeError)
    assert f"Error: Cannot use {path}: damaged (not text); {says}" in result.output
    if name == "token":  # and the remedy works
        assert runner.invoke(cli, ["--data-dir", str(base), "token", "--rotate"]).exit_code == 0
        assert runner.invoke(cli, ["--data-dir", str(base), "token"]).exit_code == 0
