"""docs/python-api.md stays true: its examples run as a doctest from the repository's root."""

from __future__ import annotations

import doctest

import pytest

from tests.support.commands import ROOT


def test_the_python_api_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "python-api.md"), module_relative=False, verbose=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 25
    assert result.failed == 0
