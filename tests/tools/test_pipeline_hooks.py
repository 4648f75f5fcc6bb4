"""The build refuses generated files that are cut short, and names them."""

from __future__ import annotations

import pytest

from tools import macros
from tools.pipeline_hooks import incomplete_reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.txt", b"", "empty"),
        ("a.md", b"  \n", "empty"),
        ("values.json", b'{"a": "1"', "not valid JSON"),
        ("n.ipynb", b'{"cells": [', "not valid JSON"),
        ("plot.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0', "</svg>"),
        ("table.md", b"| a |\n|---|\n| 1 |", "line break"),
    ],
)
def test_incomplete_files_are_named_with_the_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in incomplete_reason(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", b"printed output, final line break left to the fence"),
        ("values.json", b'{"a": "1"}\n'),
        ("plot.svg", b"<svg></svg>\n"),
        ("table.md", b"| a |\n|---|\n| 1 |\n"),
    ],
)
def test_complete_files_pass(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert incomplete_reason(path) is None


def test_a_broken_values_file_is_named(tmp_path, monkeypatch):
    generated = tmp_path / "docs" / "ch9" / "generated"
    generated.mkdir(parents=True)
    (generated / "values.json").write_text('{"x": ')
    monkeypatch.setattr(macros, "DOCS_DIR", tmp_path / "docs")
    with pytest.raises(ValueError, match=r"docs/ch9/generated/values\.json is not valid JSON"):
        macros.lookup("ch9", "x")
